"""Reports, findings and indicators written out for other programs: CSV, Parquet, Excel, JSON.

:func:`export` writes three tables:

* ``reports`` — one row per report: its id (``report``), its metadata (source, agency, key,
  year, template, place) and every canonical cell as a column named like the cell
  (``table3/new/total``, ``table4/reconsideration/corrected``, ``table2/regulations/in_force``);
  counts are integers, amounts in 万元 decimals, and missing and absent cells are empty;
* ``findings`` — one row per finding (:data:`gongkai.findings.FINDING_COLUMNS`: report, source,
  agency, year, rule, severity, cells joined by ``;``, message, expected, actual, suggested cell
  and value, line, column): a Corpus's ``findings`` as :func:`gongkai.read` kept them, or for
  parsed reports the parse findings and those of every rule (:func:`gongkai.check.check_all`);
  and a row of rule ``input.unreadable`` per input that could not be read;
* ``indicators`` — one row per report (its id) and a column per indicator.

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
           rule included (as ``gongkai check --json``),
           compact, written report by report
========== ================================================ =========================

Parquet and Excel need the extra ``gongkai[export]`` (pyarrow, openpyxl). A :class:`Corpus`
holds numbers and findings but not the reports themselves, so JSON (the report objects) cannot
be written from one; pass the reports for that.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

import numpy as np

from .corpus import Corpus, _as
from .findings import FINDING_COLUMNS, UNREADABLE_RULE, finding_record, findings_frame, unreadable_record
from .report import SCHEMA, Report
from .report_json import ReportJsonWriter

if TYPE_CHECKING:
    import pandas as pd

    from . import _core

__all__ = [
    "FINDING_COLUMNS",
    "FORMATS",
    "TABLES",
    "UNREADABLE_RULE",
    "export",
    "findings_table",
    "reports_table",
]

PathLike = Union[str, "os.PathLike[str]"]

FORMATS = ("csv", "parquet", "excel", "json")
TABLES = ("reports", "findings", "indicators")
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
    """One row per report of ``corpus``: its id and metadata, then every cell of tables 2, 3
    and 4 as a column (``table3/new/total`` ...), empty where the report has no number; counts
    are nullable integers, amounts in 万元 floats. A cell of table 2 found in both templates
    (``table2/licensing/decisions`` ...) is one column."""
    import pandas as pd

    from .template import table2_fields

    amounts = {f"table2/{f.row}/{f.value}" for t in ("2021", "2019") for f in table2_fields(t) if f.amount}
    cells = []
    for table, data in ((2, corpus.core.table2), (3, corpus.core.table3), (4, corpus.core.table4)):
        names = Corpus.columns(table)
        arr = np.asarray(data)
        if table == 2:
            # a cell of both templates (licensing/decisions ...) is one column here, holding the
            # number of whichever template the report follows
            merged: dict[str, Any] = {}
            for k, name in enumerate(names):
                column = arr[:, k]
                merged[name] = (
                    column if name not in merged else np.where(np.isnan(merged[name]), column, merged[name])
                )
            columns = {name: _as(col, name not in amounts) for name, col in merged.items()}
        else:
            columns = {name: _as(arr[:, k], True) for k, name in enumerate(names)}
        cells.append(pd.DataFrame(columns))
    meta = corpus.meta.reset_index()
    return pd.concat([meta, *cells], axis=1)


def findings_table(
    reports: Sequence[Report],
    found: Sequence[Sequence[_core.Finding]] | None = None,
    failures: Sequence[tuple[str, str]] = (),
) -> pd.DataFrame:
    """One row per finding of ``reports``: parse findings, then ``found`` (by default the
    findings of every rule, :func:`gongkai.check.check_all`); then a row of rule
    ``input.unreadable`` per (source, reason) of ``failures``."""
    if found is None:
        from .check import check_all

        found = check_all(reports)
    rows = [
        finding_record(f, source=r.source, agency=r.agency, year=r.year)
        for r, extra in zip(reports, found)
        for f in [*r.findings, *extra]
    ]
    rows += [unreadable_record(s, why) for s, why in failures]
    return findings_frame(rows)


def _write_json(reports: list[Report], out: Path, failures: Sequence[tuple[str, str]]) -> Path:
    """The report objects of ``gongkai check --json`` (findings of every rule), then an error
    object per input that could not be read, as one compact JSON list written report by report."""
    from .check import check_all

    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as f:
        writer = ReportJsonWriter(f)
        for r, found in zip(reports, check_all(reports)):
            writer.write_report(r, extra_findings=found)
        for s, why in failures:
            writer.write_object(
                {"schema": SCHEMA, "source": s, "error": dict(zip(("type", "message"), _split_reason(why)))}
            )
        writer.close()
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
    import pandas as pd

    out = Path(path)
    fmt = _format(out, format)
    _require(fmt)
    if fmt == "json":
        if isinstance(data, Corpus):
            raise ValueError("JSON holds the report objects: export the reports, not a Corpus")
        return [_write_json(list(data), out, failures or [])]
    if isinstance(data, Corpus):
        corpus = data
        findings = data.findings
        if failures is not None:  # failures given beside the corpus's own
            findings = pd.concat(
                [findings, findings_frame(unreadable_record(s, why) for s, why in failures)],
                ignore_index=True,
            )
    else:
        from .check import check_all

        reports = list(data)
        corpus = Corpus.from_reports(reports, manifest=manifest, one_form=False)
        findings = findings_table(reports, check_all(reports), failures or [])

    tables = {
        "reports": reports_table(corpus),
        "findings": findings,
        "indicators": corpus.indicators().reset_index(),
    }
    if fmt == "excel":
        out.parent.mkdir(parents=True, exist_ok=True)
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
