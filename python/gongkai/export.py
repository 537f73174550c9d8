"""Reports, findings and indicators written out for other programs: CSV, Parquet, Excel, JSON.

:func:`export` writes three tables:

* ``reports`` — one row per report: its metadata (source, agency, key, year, template, place)
  and every canonical cell as a column named like the cell (``table3/new/total``,
  ``table4/reconsideration/corrected``, ``table2/regulations/in_force``); missing and absent
  cells are empty (NaN);
* ``findings`` — one row per finding: source, agency, year, rule, severity, cells (joined by
  ``;``), expected, actual, suggested cell and value, line, message; the parse findings and
  those of every rule (:func:`gongkai.check.check_all`), and a row of rule
  ``input.unreadable`` per input that could not be read;
* ``indicators`` — one row per report (its source) and a column per indicator.

Formats, chosen by ``format`` or else by the suffix of ``path``:

========== ================================================ =========================
format     writes                                           suffix
========== ================================================ =========================
``csv``    a folder ``path`` of reports.csv, findings.csv,   ``.csv`` or none (folder)
           indicators.csv (UTF-8)
``parquet`` a folder ``path`` of reports.parquet,           ``.parquet``
           findings.parquet, indicators.parquet (pyarrow)
``excel``  one workbook ``path``, sheets reports, findings,  ``.xlsx``
           indicators (openpyxl)
``json``   one file ``path``: a list of the report objects  ``.json``
           of ``gongkai parse --json``, findings of every
           rule included (as ``gongkai check --json``)
========== ================================================ =========================

Parquet and Excel need the extra ``gongkai[export]`` (pyarrow, openpyxl). A :class:`Corpus`
holds numbers but not the reports themselves, so from a corpus the findings table is empty
(but for its unreadable inputs) and JSON cannot be written; pass the reports for those.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

import numpy as np

from .corpus import Corpus
from .report import SCHEMA, Report

if TYPE_CHECKING:
    import pandas as pd

    from . import _core

__all__ = ["FINDING_COLUMNS", "FORMATS", "TABLES", "export", "findings_table", "reports_table"]

PathLike = Union[str, "os.PathLike[str]"]

FORMATS = ("csv", "parquet", "excel", "json")
TABLES = ("reports", "findings", "indicators")
FINDING_COLUMNS = (
    "source",
    "agency",
    "year",
    "rule",
    "severity",
    "cells",
    "expected",
    "actual",
    "suggested_cell",
    "suggested_value",
    "line",
    "message",
)
UNREADABLE_RULE = "input.unreadable"
_SUFFIXES = {".csv": "csv", ".parquet": "parquet", ".pq": "parquet", ".xlsx": "excel", ".json": "json"}
_EXTRA = {"parquet": ("pyarrow", "Parquet"), "excel": ("openpyxl", "Excel")}


def _split_reason(why: str) -> tuple[str, str]:
    """("OSError", "no such file") of "OSError: no such file" (a reason of Corpus.failures)."""
    kind, sep, message = why.partition(": ")
    return (kind, message) if sep and kind.isidentifier() else ("Error", why)


def _require(fmt: str) -> None:
    if fmt not in _EXTRA:
        return
    module, what = _EXTRA[fmt]
    try:
        __import__(module)
    except ImportError as e:
        raise ModuleNotFoundError(
            f'writing {what} needs {module}, which is not installed: pip install "gongkai[export]" '
            f'(from a checkout of gongkai: pip install ".[export]")'
        ) from e


def _format(path: Path, format: str | None) -> str:
    if format is not None:
        fmt = format.lower()
        if fmt == "xlsx":
            fmt = "excel"
        if fmt not in FORMATS:
            raise ValueError(f"unknown export format {format!r}; expected one of {', '.join(FORMATS)}")
        return fmt
    suffix = path.suffix.lower()
    if suffix in _SUFFIXES:
        return _SUFFIXES[suffix]
    if not suffix:
        return "csv"  # a folder of CSV files
    raise ValueError(f"cannot tell the export format from {path.name!r}; give format= ({', '.join(FORMATS)})")


def reports_table(corpus: Corpus) -> pd.DataFrame:
    """One row per report of ``corpus``: its metadata, then every cell of tables 2, 3 and 4 as a
    column (``table3/new/total`` ...), NaN where the report has no number. A cell of table 2
    found in both templates (``table2/licensing/decisions`` ...) is one column."""
    import pandas as pd

    cells = [
        pd.DataFrame(np.asarray(data), columns=Corpus.columns(table))
        for table, data in ((2, corpus.core.table2), (3, corpus.core.table3), (4, corpus.core.table4))
    ]
    # Table 2 has a column per cell of each template; a cell of both (licensing/decisions ...)
    # is one column here, holding the number of whichever template the report follows.
    t2 = cells[0]
    cells[0] = t2.T.groupby(level=0, sort=False).first().T
    return pd.concat([corpus.meta.reset_index(drop=True), *cells], axis=1)


def _finding_row(source: str, agency: str | None, year: int | None, f: _core.Finding) -> dict[str, Any]:
    return {
        "source": source,
        "agency": agency,
        "year": year,
        "rule": f.rule,
        "severity": f.severity,
        "cells": ";".join(f.cells),
        "expected": float(f.expected),
        "actual": float(f.actual),
        "suggested_cell": f.suggested_cell or None,
        "suggested_value": float(f.suggested_value) if f.suggested_cell else float("nan"),
        "line": f.line or None,
        "message": f.message,
    }


def findings_table(
    reports: Sequence[Report],
    found: Sequence[Sequence[_core.Finding]] | None = None,
    failures: Sequence[tuple[str, str]] = (),
) -> pd.DataFrame:
    """One row per finding of ``reports``: parse findings, then ``found`` (by default the
    findings of every rule, :func:`gongkai.check.check_all`); then a row of rule
    ``input.unreadable`` per (source, reason) of ``failures``."""
    import pandas as pd

    if found is None:
        from .check import check_all

        found = check_all(reports)
    rows = [
        _finding_row(r.source, r.agency, r.year, f)
        for r, extra in zip(reports, found)
        for f in [*r.findings, *extra]
    ]
    rows += [
        {
            **dict.fromkeys(FINDING_COLUMNS),
            "source": s,
            "rule": UNREADABLE_RULE,
            "severity": "error",
            "message": why,
        }
        for s, why in failures
    ]
    out = pd.DataFrame(rows, columns=list(FINDING_COLUMNS))
    out["year"] = out["year"].astype("Int64")
    out["line"] = out["line"].astype("Int64")
    for col in ("expected", "actual", "suggested_value"):
        out[col] = out[col].astype(float)
    return out


def export(
    data: Corpus | Sequence[Report],
    path: PathLike,
    format: str | None = None,
    *,
    failures: Sequence[tuple[str, str]] | None = None,
    manifest: Any = None,
) -> list[Path]:
    """Writes the reports, findings and indicators of ``data`` (a :class:`Corpus` or parsed
    reports) to ``path`` as CSV, Parquet, Excel or JSON (see the module docs: ``format``, else
    the suffix of ``path``; CSV and Parquet write a folder of three files). ``failures``
    ((source, reason) of inputs that could not be read) become findings of rule
    ``input.unreadable``; by default those of the corpus. ``manifest``
    (:func:`gongkai.places.read_manifest`) names agency and place of reports by file. Returns
    the files written.

    Reports are taken one row each, as given (several forms of one report are all kept).
    """
    out = Path(path)
    fmt = _format(out, format)
    _require(fmt)
    if isinstance(data, Corpus):
        corpus, reports = data, None
        failures = list(data.failures) if failures is None else failures
    else:
        reports = list(data)
        corpus = Corpus.from_reports(reports, manifest=manifest, one_form=False)
        failures = failures or []
    found = None
    if reports is not None:
        from .check import check_all

        found = check_all(reports)

    if fmt == "json":
        if reports is None:
            raise ValueError("JSON holds the report objects: export the reports, not a Corpus")
        assert found is not None
        docs: list[dict[str, Any]] = [r.to_dict(extra_findings=f) for r, f in zip(reports, found)]
        docs += [
            {"schema": SCHEMA, "source": s, "error": dict(zip(("type", "message"), _split_reason(why)))}
            for s, why in failures
        ]
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(docs, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        return [out]

    tables = {
        "reports": reports_table(corpus),
        "findings": findings_table(reports or [], found, failures),
        "indicators": corpus.indicators().reset_index(),
    }
    if fmt == "excel":
        out.parent.mkdir(parents=True, exist_ok=True)
        import pandas as pd

        with pd.ExcelWriter(out, engine="openpyxl") as writer:
            for name, table in tables.items():
                table.to_excel(writer, sheet_name=name, index=False)
        return [out]
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, table in tables.items():
        file = out / f"{name}.{fmt}"
        if fmt == "csv":
            table.to_csv(file, index=False)
        else:
            table.to_parquet(file, index=False)
        written.append(file)
    return written
