"""Checking reports against the rule catalogue (docs/rules.md).

Three scopes of rules, all in the C++ core:

* report rules — the identities of tables 3 and 4 (勾稽关系), counts, cell states, the
  narrative against the tables, the report year: :meth:`gongkai.Report.check`;
* series rules — one agency's consecutive years: the carry-over chain of table 3 and the stock
  of documents of table 2;
* corpus rules — copies across reports: identical tables, near-identical narratives.

:func:`check_all` runs the three over a batch of reports, as ``gongkai check`` does:

>>> from gongkai import parse
>>> from gongkai.check import check_all
>>> reports = [parse(p) for p in paths]
>>> for r, found in zip(reports, check_all(reports)):
...     print(r.source, [f.rule for f in found])

Reports of one agency are recognised by name (white space dropped, full-width characters
folded to half-width); several reports of one agency and one year are the same report in
several forms (a crawled page, the original HTML, a PDF's text) and are compared with the
years around them, never with each other.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from . import _core
from .forms import conflict_findings, resolve_forms
from .report import Report

__all__ = ["agency_key", "check_all", "check_report", "report_key", "same_report_groups", "severity_counts"]

_SPACE = re.compile(r"\s+")


def agency_key(agency: str | None) -> str | None:
    """An agency name normalised for grouping: NFKC (full-width letters, digits and brackets to
    half-width) and no white space; None for a missing or empty name."""
    if not agency:
        return None
    key = _SPACE.sub("", unicodedata.normalize("NFKC", agency))
    return key or None


def report_key(report: Report) -> tuple[str, int] | None:
    """(normalised agency, year) of a report, or None when it names no agency or no year."""
    agency, year = agency_key(report.agency), report.year
    if agency is None or year is None:
        return None
    return agency, year


def check_report(report: Report) -> list[_core.Finding]:
    """The findings of every report-scope rule for one report (its parse findings not
    included); the same as ``report.check()``."""
    return report.check()


def same_report_groups(reports: Sequence[Report]) -> list[list[int]]:
    """Indexes of ``reports`` grouped into the forms of one report, in input order: the same
    agency and year, and tables that agree (every cell both print as a number is the same; see
    :func:`gongkai.forms.resolve_forms`); a report without agency or year is a group by
    itself. The first index of each group is its representative: the form with the most cells
    read, then the fewest errors, then the first given."""
    return _forms(reports)[0]


def _forms(reports: Sequence[Report]) -> tuple[list[list[int]], list[tuple[int, Any]]]:
    """The groups of :func:`same_report_groups`, and the conflict findings of their
    representatives (same agency and year, different numbers: see gongkai.forms)."""
    keys = [report_key(r) for r in reports]
    core = _core.Corpus.from_reports([r._r for r in reports])
    tables = [
        (np.asarray(core.table2), np.asarray(core.state2)),
        (np.asarray(core.table3), np.asarray(core.state3)),
        (np.asarray(core.table4), np.asarray(core.state4)),
    ]
    forms = resolve_forms(
        [k[0] if k else None for k in keys],
        [k[1] if k else None for k in keys],
        [(_cells_read(r), -_errors(r)) for r in reports],
        tables,
    )
    members: dict[int, list[int]] = {i: [i] for i in forms.keep}
    for dropped, kept in forms.duplicates:
        members[kept].append(dropped)
    out = []
    for i in forms.keep:
        group = members[i]
        group[1:] = sorted(group[1:], key=lambda k: (-_cells_read(reports[k]), _errors(reports[k]), k))
        out.append(group)
    return out, conflict_findings(forms.conflicts, [r.source for r in reports], tables)


def check_all(
    reports: Sequence[Report],
    *,
    series: bool = True,
    copies: bool = True,
    narrative_threshold: float = 0.95,
    min_cases: int = 10,
) -> list[list[_core.Finding]]:
    """The findings of every rule for each report, in the order of ``reports``.

    Each list holds the report's report-scope findings (:meth:`Report.check`), then the series
    findings (carry-over chain, stock of documents) that compare it with the same agency's
    report of the year before, then the copy findings. Parse findings are not included (they
    are ``report.findings``).

    Conflicts: files of one agency and year whose numbers differ are not forms of one report;
    each gets a ``corpus.conflict`` finding naming the other and the cells that differ.

    Series: the reports of one agency (:func:`agency_key`) are taken by year; each form of a
    year's report is compared with the representative of the year before (see
    :func:`same_report_groups`), so that every form gets the findings its own numbers give and
    no report is compared with another form of itself. Copies (``copy.tables``,
    ``copy.narrative``, options as in ``_core.check_copies``) are looked for among the
    representatives and the reports without agency or year; a copy finding goes with every
    form of the report it is about.
    """
    found: list[list[_core.Finding]] = [list(r.check()) for r in reports]
    groups, conflicts = _forms(reports)
    members = {g[0]: g for g in groups}
    for rep, f in conflicts:
        for i in members[rep]:
            found[i].append(f)
    if series:
        years: dict[str, dict[int, list[int]]] = defaultdict(dict)
        for g in groups:
            key = report_key(reports[g[0]])
            if key is not None:
                years[key[0]][key[1]] = g
        for by_year in years.values():
            for year, group in sorted(by_year.items()):
                before = by_year.get(year - 1)
                if before is None:
                    continue
                prev = reports[before[0]]
                for i in group:
                    for k, f in _core.check_series([prev._r, reports[i]._r]):
                        if k == 1:
                            found[i].append(f)
    if copies:
        reps = [g[0] for g in groups]
        members = {g[0]: g for g in groups}
        pairs = _core.check_copies(
            [reports[i]._r for i in reps],
            narrative_threshold=narrative_threshold,
            min_cases=min_cases,
        )
        for k, f in pairs:
            for i in members[reps[k]]:
                found[i].append(f)
    return found


def severity_counts(findings: Iterable[_core.Finding]) -> dict[str, int]:
    """``{"error": n, "warning": n, "info": n}`` of some findings."""
    out = {"error": 0, "warning": 0, "info": 0}
    for f in findings:
        out[f.severity] = out.get(f.severity, 0) + 1
    return out


_VALUE = 0  # the state of a cell that holds a number


def _cells_read(r: Report) -> int:
    core = r._r
    return int(
        np.count_nonzero(core.table2_state == _VALUE)
        + np.count_nonzero(core.table3_state == _VALUE)
        + np.count_nonzero(core.table4_state == _VALUE)
    )


def _errors(r: Report) -> int:
    return sum(f.severity == "error" for f in r.findings)
