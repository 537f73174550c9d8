"""Score a parsed report against its truth, cell by cell.

The truth is a report in the JSON form of docs/report-json.md (the hand-checked files of a
corpus, or :func:`gongkai.render.expected_dict` of a rendered report). Every cell of the truth
and of the reading falls in exactly one class:

* **right** — the value read is the truth's (amounts within 1e-6);
* **lost** — not read (null or absent), and a finding of severity warning or error names it;
* **flagged** — a value that is not the truth's, and such a finding names it;
* **wrong** — a value that is not the truth's and no finding names it (a silently wrong number);
* **unnamed** — not read and no finding names it (a silently missing number);
* **extra** — read where the truth has no such cell.

``wrong``, ``unnamed`` and ``extra`` are what gongkai must never give.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .template import TABLE3_COLUMNS, TABLE4_VALUES

TABLES = ("table2", "table3", "table4")


@dataclass
class Score:
    right: int = 0
    lost: int = 0
    flagged: int = 0
    wrong: int = 0
    unnamed: int = 0
    extra: int = 0
    #: one line per cell that is neither right nor lost, and per metadata field that differs
    problems: list[str] = field(default_factory=list)
    #: the subset of ``problems`` that no finding names (wrong, unnamed, extra, metadata)
    silent: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.right + self.lost + self.flagged + self.wrong + self.unnamed + self.extra

    def add(self, other: Score) -> None:
        """Adds the counts and lines of ``other`` (to total over many reports)."""
        for name in ("right", "lost", "flagged", "wrong", "unnamed", "extra"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.problems += other.problems
        self.silent += other.silent


def cells(table: str, doc: dict[str, Any] | None) -> dict[str, Any]:
    """The cells of one table of a report dict, keyed ``"<table>/<row>/<column>"``."""
    out: dict[str, Any] = {}
    if not doc:
        return out
    columns = [c.id for c in (TABLE3_COLUMNS if table == "table3" else TABLE4_VALUES)]
    for row, values in doc.items():
        if isinstance(values, dict):
            for key, v in values.items():
                out[f"{table}/{row}/{key}"] = v
        else:
            for key, v in zip(columns, values):
                out[f"{table}/{row}/{key}"] = v
    return out


def _same(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is b
    return abs(float(a) - float(b)) <= 1e-6


def named_cells(findings: list[dict[str, Any]]) -> set[str]:
    """The cells a warning or an error names (info findings do not warn a reader)."""
    return {c for f in findings for c in f["cells"] if f["severity"] in ("error", "warning")}


def score(
    got: dict[str, Any], truth: dict[str, Any], *, fields: tuple[str, ...] = ("agency", "year", "template")
) -> Score:
    """Classify every cell of ``got`` (``Report.to_dict()``) against ``truth``."""
    s = Score()
    for key in fields:
        if got.get(key) != truth.get(key):
            line = f"{key}: {got.get(key)!r} != {truth.get(key)!r}"
            s.problems.append(line)
            s.silent.append(line)
    named = named_cells(got.get("findings", []))
    for table in TABLES:
        want_doc, have_doc = truth.get(table), got.get(table)
        if want_doc is None or have_doc is None:
            if (want_doc is None) != (have_doc is None):
                line = f"{table}: {'read' if have_doc is not None else 'not read'}, the truth has {want_doc!r:.40}"
                s.problems.append(line)
                if not any(c.startswith(table + "/") for c in named):
                    s.silent.append(line)
            continue
        want, have = cells(table, want_doc), cells(table, have_doc)
        for cell in sorted(set(want) | set(have)):
            if cell not in want:
                s.extra += 1
                line = f"{cell}: read {have[cell]!r}, the report has no such cell"
                s.problems.append(line)
                s.silent.append(line)
                continue
            value = have.get(cell)
            if _same(value, want[cell]):
                s.right += 1
                continue
            missing = value is None
            if cell in named:
                if missing:
                    s.lost += 1
                else:
                    s.flagged += 1
                    s.problems.append(f"{cell}: {value!r} != {want[cell]!r} (a finding names it)")
                continue
            if missing:
                s.unnamed += 1
                line = f"{cell}: not read and no finding names it (truth {want[cell]!r})"
            else:
                s.wrong += 1
                line = f"{cell}: {value!r} != {want[cell]!r}"
            s.problems.append(line)
            s.silent.append(line)
    return s
