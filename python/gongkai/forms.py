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
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from . import _core
from .findings import finding_record

__all__ = [
    "CONFLICT_RULE",
    "Forms",
    "conflict_finding",
    "conflict_findings",
    "conflict_records",
    "resolve_forms",
]

CONFLICT_RULE = "corpus.conflict"

_TABLE_COLUMNS = {2: 32, 3: 182, 4: 15}

Tables = Sequence[tuple[npt.NDArray[np.float64], npt.NDArray[np.uint8]]]


def _missing(x: Any) -> bool:
    if x is None:
        return True
    if isinstance(x, float) and math.isnan(x):
        return True
    try:
        import pandas as pd

        return bool(x is pd.NA or (not isinstance(x, str) and pd.isna(x)))
    except (TypeError, ValueError):
        return False


@dataclass
class Forms:
    """Which of several reports are forms of one report (see :func:`resolve_forms`)."""

    keep: list[int]
    """Positions kept, in input order."""
    duplicates: list[tuple[int, int]]
    """(position dropped, position kept instead): another form of the same report."""
    conflicts: list[tuple[int, int, list[str]]]
    """(position, other position, cells whose numbers differ): both kept."""


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
    conflicts: list[tuple[int, int, list[str]]] = []
    names: list[str] | None = None
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
        reps.sort(key=lambda i: place[i])
        for a in range(len(reps)):
            for b in range(a + 1, len(reps)):
                (vi, si), (vj, sj) = cells[reps[a]], cells[reps[b]]
                differ = np.flatnonzero((si == 0) & (sj == 0) & (vi != vj))
                names = names or _cell_names()
                conflicts.append((reps[a], reps[b], [names[c] for c in differ]))
    keep.sort(key=lambda i: place[i])
    return Forms(keep, duplicates, conflicts)


def conflict_finding(
    other: str,
    cells: Sequence[str],
    mine: Sequence[float] | npt.NDArray[np.float64],
    theirs: Sequence[float] | npt.NDArray[np.float64],
) -> _core.Finding:
    """The ``corpus.conflict`` finding of one file about another (``other``) that claims the
    same agency and year with different numbers in ``cells``."""
    shown = ", ".join(
        f"{c} {_plain(a)} vs {_plain(b)}"
        for c, a, b in list(zip(cells, map(float, mine), map(float, theirs)))[:6]
    ) + (f" and {len(cells) - 6} more" if len(cells) > 6 else "")
    message = (
        f"{other} claims the same agency and year with different numbers ({len(cells)} cells: {shown}); "
        "both are kept: a corrected re-publication, or two agencies whose names read alike"
    )
    return _core.make_finding(CONFLICT_RULE, message, list(cells))


def _plain(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


def conflict_findings(
    conflicts: Sequence[tuple[int, int, list[str]]], sources: Sequence[str], tables: Tables
) -> list[tuple[int, Any]]:
    """(position, finding) for each file of each conflict of :func:`resolve_forms`: the
    ``corpus.conflict`` finding about it, naming the other file and the numbers that differ."""
    names = _cell_names()
    where = {n: k for k, n in enumerate(names)}
    out = []
    for i, j, cells in conflicts:
        cols = [where[c] for c in cells]
        vi = np.concatenate([v[i] for v, _ in tables])[cols]
        vj = np.concatenate([v[j] for v, _ in tables])[cols]
        out.append((i, conflict_finding(sources[j], cells, vi, vj)))
        out.append((j, conflict_finding(sources[i], cells, vj, vi)))
    return out


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
