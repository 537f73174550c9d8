"""One report published in several forms, and files that conflict.

An agency's report is often found more than once: the article page, its PDF attachment, the
crawled text of the page. Those are forms of one report and count once. Two files can also
claim the same agency and year and print different numbers — a corrected re-publication, or
two agencies whose names read alike when their place is not known — and then neither is a form
of the other: both count, and each gets a ``corpus.conflict`` finding naming the other file and
the cells that differ. :func:`resolve_forms` decides which is which, for ``gongkai.read``,
``Corpus.from_reports``, ``gongkai.dask.read`` and ``gongkai check`` alike.
"""

from __future__ import annotations

import math
import sys
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from . import _core
from .findings import finding_record

if TYPE_CHECKING:
    from .report import Report

__all__ = [
    "CONFLICT_RULE",
    "Forms",
    "conflict_findings",
    "conflict_note",
    "conflict_records",
    "resolve_forms",
]

CONFLICT_RULE = "corpus.conflict"

_TABLE_COLUMNS = {2: 32, 3: 182, 4: 15}

Tables = Sequence[tuple[npt.NDArray[np.float64], npt.NDArray[np.uint8]]]


def _missing(x: Any) -> bool:
    if x is None:
        return True
    if isinstance(x, (float, np.floating)) and math.isnan(x):
        return True
    pd = sys.modules.get("pandas")
    if pd is None:  # pd.NA and NaT come from pandas: not imported for them (gongkai check needs no pandas)
        return False
    try:
        return bool(x is pd.NA or (not isinstance(x, str) and pd.isna(x)))
    except (TypeError, ValueError):
        return False


def _quality(r: Report, errors: int) -> tuple[int, int]:
    """How well a form of a report was read: cells read, then fewer error findings (of the
    parser and the report-scope rules) first."""
    read = int((r.table3_state == 0).sum() + (r.table4_state == 0).sum() + (r.table2_state == 0).sum())
    return read, -errors


@dataclass
class Forms:
    """Which of several reports are forms of one report (see :func:`resolve_forms`)."""

    keep: list[int]
    """Positions kept, in input order."""
    duplicates: list[tuple[int, int]]
    """(position dropped, position kept instead): another form of the same report."""
    conflicts: list[list[int]]
    """Groups of positions, in input order: reports of one agency and year whose numbers
    differ, every one kept."""


def _cell_names() -> list[str]:
    return [_core.column_name(t, c) for t, n in _TABLE_COLUMNS.items() for c in range(n)]


def resolve_forms(
    keys: Sequence[Any],
    years: Sequence[Any],
    quality: Sequence[tuple[int, int]],
    tables: Tables,
    *,
    one_form: bool = True,
    order: Sequence[int] | None = None,
) -> Forms:
    """Reports that are forms of one report, and those that conflict. ``tables`` holds (values,
    states) of the canonical cells of tables 2, 3 and 4, a row per report.

    Two reports are forms of one report when they have the same agency key and year and their
    tables agree: every cell both print as a number holds the same number (a cell one form
    could not read is no disagreement). Of the forms of a report the one read best (most cells
    read, then fewest errors; then the first given) is kept. Reports of one agency and year
    whose numbers differ are a conflict — a corrected re-publication, or two agencies whose
    names read alike — and all of them are kept. Reports without key or year are kept as they
    are. ``order`` gives each report's place in the input (default: its position), which
    decides ties. With ``one_form=False`` every report is kept and none is compared.
    """
    n = len(keys)
    place = list(order) if order is not None else list(range(n))
    groups: dict[tuple[str, int], list[int]] = defaultdict(list)
    alone: list[int] = []
    for i in range(n):
        if not one_form or _missing(keys[i]) or keys[i] == "" or _missing(years[i]):
            alone.append(i)
        else:
            groups[(str(keys[i]), int(years[i]))].append(i)

    def row(i: int) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.uint8]]:
        return np.concatenate([v[i] for v, _ in tables]), np.concatenate([st[i] for _, st in tables])

    keep = list(alone)
    duplicates: list[tuple[int, int]] = []
    conflicts: list[list[int]] = []
    for members in groups.values():
        if len(members) == 1:
            keep += members
            continue
        ranked = sorted(members, key=lambda i: (-quality[i][0], -quality[i][1], place[i]))
        cells = {i: row(i) for i in members}
        reps: list[int] = []
        for i in ranked:
            values, states = cells[i]
            for r in reps:
                both = (cells[r][1] == 0) & (states == 0)
                if np.array_equal(cells[r][0][both], values[both]):
                    duplicates.append((i, r))
                    break
            else:
                reps.append(i)
        keep += reps
        if len(reps) > 1:
            conflicts.append(sorted(reps, key=lambda i: place[i]))
    keep.sort(key=lambda i: place[i])
    return Forms(keep, duplicates, conflicts)


def _plain(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


def _row(tables: Tables, i: int) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.uint8]]:
    return np.concatenate([v[i] for v, _ in tables]), np.concatenate([st[i] for _, st in tables])


def conflict_findings(
    conflicts: Sequence[Sequence[int]], sources: Sequence[str], tables: Tables
) -> list[tuple[int, Any]]:
    """(position, finding) for each file of each conflict of :func:`resolve_forms`: one
    ``corpus.conflict`` finding a file, naming the other files of its agency and year and the
    numbers that differ; its cells are every cell that differs from one of them."""
    names = _cell_names()
    out = []
    for group in conflicts:
        rows = {i: _row(tables, i) for i in group}
        for i in group:
            mine, read = rows[i]
            differ: set[int] = set()
            said: list[str] = []
            others = [j for j in group if j != i]
            for j in others:
                theirs, read_j = rows[j]
                cols = np.flatnonzero((read == 0) & (read_j == 0) & (mine != theirs))
                differ.update(int(c) for c in cols)
                if len(said) < 3:
                    shown = ", ".join(
                        f"{names[c]} {_plain(mine[c])} vs {_plain(theirs[c])}" for c in cols[:4]
                    )
                    more = f" and {len(cols) - 4} more" if len(cols) > 4 else ""
                    said.append(f"{sources[j]} ({len(cols)} cells: {shown}{more})")
            if len(others) > 3:
                said.append(f"and {len(others) - 3} more files")
            message = (
                f"{len(others)} other {'files claim' if len(others) > 1 else 'file claims'} the same agency and year with "
                f"different numbers: {'; '.join(said)}. All are kept: a corrected re-publication, or agencies "
                "whose names read alike"
            )
            cells = [names[c] for c in sorted(differ)]
            out.append((i, _core.make_finding(CONFLICT_RULE, message, cells)))
    return out


def conflict_note(others: Sequence[str]) -> str:
    """The accounting's note of a file in a conflict, naming the other files."""
    shown = ", ".join(others[:3]) + (f" and {len(others) - 3} more" if len(others) > 3 else "")
    return f"conflicts with {shown}: same agency and year, different numbers (corpus.conflict); kept"


def conflict_records(
    forms: Forms,
    sources: Sequence[str],
    tables: Tables,
    ids: Mapping[int, str],
    agencies: Sequence[Any],
    years: Sequence[Any],
) -> list[dict[str, Any]]:
    """The findings of :func:`conflict_findings` as rows of the findings table (``ids``: the
    report id of each position)."""
    return [
        finding_record(
            f,
            source=sources[a],
            agency=None if _missing(agencies[a]) else agencies[a],
            year=None if _missing(years[a]) else int(years[a]),
            report=ids.get(a),
        )
        for a, f in conflict_findings(forms.conflicts, sources, tables)
    ]
