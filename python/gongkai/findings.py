"""Findings as a table: one row per finding, the same columns wherever findings are shown or
written (``Report.findings_frame()``, ``Corpus.findings``, ``gongkai check --csv``, exports).

Columns (:data:`FINDING_COLUMNS`): the report (its id in a Corpus, where there is one), the
source file, agency and year; the rule, its severity, the cells it names (joined by ``;``) and
its message; for rules that compare two numbers the expected and the actual value; where
changing one cell would satisfy every broken identity, that cell and its value; the line and
column of the source it points at. Missing values are ``<NA>`` (NaN for the numbers), years,
lines and columns are nullable integers.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from . import _core

__all__ = [
    "FINDING_COLUMNS",
    "NOT_A_REPORT_RULE",
    "UNREADABLE_RULE",
    "finding_record",
    "findings_frame",
    "unreadable_record",
]

FINDING_COLUMNS = (
    "report",
    "source",
    "agency",
    "year",
    "rule",
    "severity",
    "cells",
    "message",
    "expected",
    "actual",
    "suggested_cell",
    "suggested_value",
    "line",
    "column",
)

UNREADABLE_RULE = "input.unreadable"
"""The rule of the row that stands for an input that could not be read at all."""

NOT_A_REPORT_RULE = "parse.not_a_report"
"""The parser's rule for an input that is no annual report (docs/parse-findings.md)."""

_NUMBERS = ("expected", "actual", "suggested_value")
_INTEGERS = ("year", "line", "column")


def finding_record(
    f: _core.Finding,
    *,
    source: str,
    agency: str | None = None,
    year: int | None = None,
    report: str | None = None,
) -> dict[str, Any]:
    """One finding as a row of :data:`FINDING_COLUMNS`."""
    suggested = bool(f.suggested_cell) and not math.isnan(f.suggested_value)
    return {
        "report": report,
        "source": source,
        "agency": agency,
        "year": year,
        "rule": f.rule,
        "severity": f.severity,
        "cells": ";".join(f.cells),
        "message": f.message,
        "expected": float(f.expected),
        "actual": float(f.actual),
        "suggested_cell": f.suggested_cell if suggested else None,
        "suggested_value": float(f.suggested_value) if suggested else math.nan,
        "line": f.line or None,
        "column": f.column or None,
    }


def unreadable_record(source: str, reason: str) -> dict[str, Any]:
    """The row of an input that could not be read: rule ``input.unreadable``, the reason as
    its message."""
    row: dict[str, Any] = dict.fromkeys(FINDING_COLUMNS)
    row.update(
        source=source,
        rule=UNREADABLE_RULE,
        severity="error",
        cells="",
        message=reason,
        expected=math.nan,
        actual=math.nan,
        suggested_value=math.nan,
    )
    return row


def findings_frame(records: Iterable[dict[str, Any]]) -> pd.DataFrame:
    """Rows of :func:`finding_record` as a DataFrame with the columns and dtypes above."""
    import pandas as pd

    frame = pd.DataFrame(list(records), columns=list(FINDING_COLUMNS))
    for col in FINDING_COLUMNS:
        if col in _NUMBERS:
            frame[col] = frame[col].astype("float64")
        elif col in _INTEGERS:
            frame[col] = frame[col].astype("Int64")
        else:
            frame[col] = frame[col].astype("string")
    return frame
