"""The public Report: a parsed annual report, its tables as numpy arrays and DataFrames."""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

import numpy as np
import numpy.typing as npt

from . import _core
from .inputs import (  # noqa: F401 (CONVERT_HINT, WORD_SUFFIXES, binary_word_error: kept here too)
    _ZIP_SIGNATURES,
    CONVERT_HINT,
    MAX_BYTES,
    TIME_LIMIT,
    WORD_SUFFIXES,
    _docx_document_xml,
    _docx_pictures,
    binary_word_error,
    check_size,
    image_ocr,
    pdf_or_ocr,
    pdf_text,
    read_file,
)
from .ocr import is_image
from .template import CELL_STATES, TABLE3_COLUMNS, TABLE3_ROW_LABELS, TABLE4_BLOCKS, TABLE4_VALUES

if TYPE_CHECKING:
    import pandas as pd

    from .ocr import OcrText

SCHEMA = "gongkai.report/1"

Source = Union[str, bytes, "os.PathLike[str]"]


@dataclass(frozen=True)
class CellOrigin:
    """Where a table cell came from: its raw text, its place in the decoded source and how the
    parser placed it there (``placement``: ``"label"`` by its own row and column labels,
    ``"order"`` by the template's order between labelled rows, ``"cut"`` by a cut of glued
    digits, ``"merged"`` through a merged cell spanning several template rows; a value not
    placed by its label and not confirmed by an identity is named by ``parse.unconfirmed``)."""

    raw: str
    state: str  # one of gongkai.template.CELL_STATES
    line: int  # 1-based; 0 for a cell the report does not have
    column: int  # 1-based, in characters
    placement: str = "label"
    #: for a cell read by OCR (a scanned PDF, an image): the recognition's confidence (0 to 1),
    #: the page (1-based) and the box of text it was read from (x0, top, x1, bottom in pixels
    #: of the page image, a PDF's pages rendered at 300 dpi); None otherwise
    confidence: float | None = None
    page: int | None = None
    box: tuple[float, float, float, float] | None = None


class Report:
    """A parsed 政府信息公开工作年度报告.

    The tables are numpy arrays that share memory with the C++ core's Eigen matrices (read-only
    views, no copies): ``table2`` (one value per field of ``table2_fields``), ``table3``
    (``table3_rows`` x 7 applicant columns) and ``table4`` (3 blocks x 5 values). Missing cells
    are NaN; ``*_state`` arrays say why (see :data:`gongkai.template.CELL_STATES`: blank, "/",
    "—", "无", unreadable text, or absent from the report) and :meth:`origin` gives every cell's
    raw text and place in the source.
    """

    __slots__ = ("_ocr", "_r")

    def __init__(self, core: _core.Report, ocr: OcrText | None = None) -> None:
        self._r = core
        self._ocr = ocr  # what OCR recognised, for a report read from a scanned PDF or an image

    # ---- identity
    @property
    def source(self) -> str:
        """The input's name (its path) as given."""
        return self._r.source

    @property
    def agency(self) -> str | None:
        """The agency the title names, or None: in simplified characters, also for a report
        printed in traditional ones (繁體), so that one agency's reports group across years
        whichever script each was published in; white space dropped, brackets unified."""
        return self._r.agency or None

    @property
    def year(self) -> int | None:
        """The report year (not the publishing year), or None."""
        return self._r.year or None

    @property
    def template(self) -> str:
        """``"2021"``, ``"2019"`` or ``"none"`` (a free-form report)."""
        return self._r.template

    @property
    def title(self) -> str:
        """The report's title as found, normalised as the agency is (simplified characters, no
        white space); the narrative (``sections``, ``preamble``) and every cell's raw text stay
        as printed."""
        return self._r.title

    @property
    def format(self) -> str:
        """The input format read: ``"text"``, ``"html"``, ``"docx"`` or ``"markdown"``."""
        return self._r.format

    @property
    def encoding(self) -> str:
        """The encoding the input was decoded from."""
        return self._r.encoding

    # ---- tables
    @property
    def table2(self) -> npt.NDArray[np.float64]:
        """Table 2 as a 1-D array over ``table2_fields`` (NaN where missing; empty for a
        free-form report)."""
        return self._r.table2_values.reshape(-1)

    @property
    def table2_state(self) -> npt.NDArray[np.uint8]:
        return self._r.table2_state.reshape(-1)

    @property
    def table2_fields(self) -> list[tuple[str, str]]:
        """(row id, value id) of each table 2 value."""
        return self._r.table2_fields

    @property
    def table3(self) -> npt.NDArray[np.float64]:
        """Table 3: ``len(table3_rows)`` x 7 (NaN where missing)."""
        return self._r.table3_values

    @property
    def table3_state(self) -> npt.NDArray[np.uint8]:
        return self._r.table3_state

    @property
    def table3_rows(self) -> list[str]:
        """Row ids of table 3: the 25 rows of template 2021, or 23 with one ``other`` row."""
        return self._r.table3_rows

    @property
    def table4(self) -> npt.NDArray[np.float64]:
        """Table 4: 3 blocks x 5 values (NaN where missing)."""
        return self._r.table4_values

    @property
    def table4_state(self) -> npt.NDArray[np.uint8]:
        return self._r.table4_state

    @property
    def has_tables(self) -> tuple[bool, bool, bool]:
        """Whether tables 2, 3 and 4 were found."""
        return (self._r.has_table2, self._r.has_table3, self._r.has_table4)

    @property
    def is_report(self) -> bool:
        """Whether the input is an annual report at all: False for a page that is none (a
        notice, a news article, an empty page). True when any of tables 2, 3 and 4 was found,
        when the title (or a title line at the top of the preamble) names a 政府信息公开 or
        政务公开 annual report (a short line ending in …工作年度报告, …年度报告, …年报 or
        …工作报告, not starting with 关于 as a notice about reports does), or when at least
        two of the sections 一 to 六 were found; so a free-form report from before 2019 and an
        excerpt cut short are reports. :func:`gongkai.read` accounts an input that is no
        report as ``not_a_report`` and leaves it out of the corpus."""
        if any(self.has_tables):
            return True
        if sum(text is not None for text in self._r.sections.values()) >= 2:
            return True
        return _names_a_report(self._r.title, self._r.preamble)

    # ---- text and findings
    @property
    def sections(self) -> dict[str, str | None]:
        """The text of sections 一 to 六 by section id (None for a section not found)."""
        return self._r.sections

    @property
    def preamble(self) -> str:
        return self._r.preamble

    @property
    def findings(self) -> list[_core.Finding]:
        """What parsing found: cells it could not read (docs/parse-findings.md) and the
        report's own identities that do not hold, each naming its cells."""
        return self._r.findings

    @property
    def ok(self) -> bool:
        """True when no parse finding is an error (see :meth:`check` for the other rules)."""
        return not any(f.severity == "error" for f in self._r.findings)

    def check(self) -> list[_core.Finding]:
        """The findings of the report-scope rules of the catalogue (docs/rules.md) beyond those
        parsing runs: counts, cell states, the narrative against the tables, the report year.
        The identities of tables 3 and 4 are checked by every parse and are among
        :attr:`findings`, which are not repeated here; the rules across years and across
        reports need several reports (:func:`gongkai.check.check_all`)."""
        return _core.check_report(self._r)

    def origin(self, cell: str) -> CellOrigin:
        """Raw text and place of a cell named ``"table3/<row id>/<column id>"`` (or table2/table4)."""
        table, row, col = _split_cell(cell)
        if table == "table2":
            keys = [f"{r}/{v}" for r, v in self.table2_fields]
            i, ncols, j = (
                _index(keys, f"{row}/{col}", f"table 2 field of this report ({self.template})"),
                1,
                0,
            )
            origins, states = self._r.table2_origins, self.table2_state
            state = int(states[i])
        elif table == "table3":
            i = _index(self.table3_rows, row, "table 3 row of this report")
            j = _index([c.id for c in TABLE3_COLUMNS], col, "table 3 column")
            ncols, origins, state = 7, self._r.table3_origins, int(self.table3_state[i, j])
        elif table == "table4":
            i = _index([b.id for b in TABLE4_BLOCKS], row, "table 4 block")
            j = _index([v.id for v in TABLE4_VALUES], col, "table 4 value")
            ncols, origins, state = 5, self._r.table4_origins, int(self.table4_state[i, j])
        else:
            from .choices import UnknownNameError

            raise UnknownNameError(f"table in {cell!r}", table, ["table2", "table3", "table4"])
        raw, line, column, offset, placement = origins[i * ncols + j]
        found = self._ocr.origin_at(offset) if self._ocr is not None and line else None
        if found is None:
            return CellOrigin(
                raw=raw, state=CELL_STATES[state], line=line, column=column, placement=placement
            )
        return CellOrigin(
            raw=raw,
            state=CELL_STATES[state],
            line=line,
            column=column,
            placement=placement,
            confidence=found.confidence,
            page=found.page,
            box=found.box,
        )

    # ---- pandas
    def table2_frame(self, labels: bool | str = False) -> pd.DataFrame:
        """Table 2 as a DataFrame indexed by (row, value) with columns value and state (the
        template's Chinese labels with ``labels="zh"`` or ``True``)."""
        import pandas as pd

        fields = self.table2_fields
        index = pd.MultiIndex.from_tuples(fields, names=["row", "value"])
        df = pd.DataFrame(
            {"value": self.table2, "state": [CELL_STATES[s] for s in self.table2_state]}, index=index
        )
        if _zh(labels):
            from .template import table2_fields

            zh = {
                (f.row, f.value): (f.row_zh, f.value_zh) for t in ("2021", "2019") for f in table2_fields(t)
            }
            df.index = pd.MultiIndex.from_tuples([zh[k] for k in fields], names=["项目", "指标"])
        return df

    def table3_frame(self, labels: bool | str = False) -> pd.DataFrame:
        """Table 3 as a DataFrame: rows by row id, columns by applicant column id (or the Chinese
        labels with ``labels="zh"`` or ``True``; a sub-item carries its group,
        ``（三）不予公开 / 2.其他法律行政法规禁止公开``). Missing cells are NaN."""
        import pandas as pd

        rows = self.table3_rows
        cols = [c.id for c in TABLE3_COLUMNS]
        df = pd.DataFrame(
            self.table3, index=pd.Index(rows, name="row"), columns=pd.Index(cols, name="column")
        )
        if _zh(labels):
            df.index = pd.Index([TABLE3_ROW_LABELS[r] for r in rows], name="项目")
            df.columns = pd.Index([c.zh for c in TABLE3_COLUMNS], name="申请人")
        return df

    def table4_frame(self, labels: bool | str = False) -> pd.DataFrame:
        """Table 4 as a DataFrame: blocks x values (ids, or Chinese labels with ``labels="zh"``
        or ``True``)."""
        import pandas as pd

        blocks = TABLE4_BLOCKS
        values = TABLE4_VALUES
        if _zh(labels):
            return pd.DataFrame(
                self.table4,
                index=pd.Index([b.zh for b in blocks], name="类别"),
                columns=pd.Index([v.zh for v in values], name="结果"),
            )
        return pd.DataFrame(
            self.table4,
            index=pd.Index([b.id for b in blocks], name="block"),
            columns=pd.Index([v.id for v in values], name="value"),
        )

    # ---- JSON form
    def to_dict(
        self, checked: bool = False, *, extra_findings: Iterable[_core.Finding] = ()
    ) -> dict[str, Any]:
        """The report in the JSON form of docs/report-json.md (schema ``gongkai.report/1``).

        ``findings`` holds the parse findings; with ``checked`` also those of :meth:`check`, and
        then ``extra_findings`` (for instance a report's findings from
        :func:`gongkai.check.check_all`, which include those of :meth:`check`).
        """
        # The dicts are built by the C++ walk that also writes the JSON text (to_json), straight
        # into Python objects through pybind11: 57 µs a report over 2,000 rendered reports,
        # against 90 µs for json.loads of the C++ text (which parses the text before building
        # the same objects) and 503 µs for the former walk in Python (benchmarks/README.md).
        d: dict[str, Any] = _core.report_dict(self._r, self.is_report, checked, list(extra_findings))
        return d

    def to_json(
        self,
        checked: bool = False,
        *,
        extra_findings: Iterable[_core.Finding] = (),
        indent: int | None = None,
    ) -> str:
        """The JSON text of :meth:`to_dict`, written by the C++ core: compact by default, or
        indented by ``indent`` spaces a level; text as UTF-8 characters (no ``\\u`` escapes),
        floats in their shortest form that reads back the same, null where a cell holds no
        number."""
        return self._json_bytes(checked, extra_findings=extra_findings, indent=indent).decode("utf-8")

    def _json_bytes(
        self,
        checked: bool = False,
        *,
        extra_findings: Iterable[_core.Finding] = (),
        indent: int | None = None,
        depth: int = 0,
    ) -> bytes:
        """:meth:`to_json` as UTF-8 bytes; ``depth`` is the nesting level the object is written
        at when indented (1 for an item of a list)."""
        return _core.report_json(
            self._r,
            self.is_report,
            checked,
            list(extra_findings),
            -1 if indent is None else indent,
            depth,
        )

    def findings_frame(self, checked: bool = True) -> pd.DataFrame:
        """The findings as a DataFrame, one row per finding (gongkai.findings.FINDING_COLUMNS:
        source, rule, severity, cells, message, expected, actual, suggested cell and value,
        line, column): the parser's, and with ``checked`` (the default) those of every
        report-scope rule (:meth:`check`)."""
        from .findings import finding_record, findings_frame

        found = [*self.findings, *(self.check() if checked else [])]
        return findings_frame(
            finding_record(f, source=self.source, agency=self.agency, year=self.year) for f in found
        )

    def _severities(self) -> dict[str, int]:
        out = {"error": 0, "warning": 0, "info": 0}
        for f in [*self.findings, *self.check()]:
            out[f.severity] = out.get(f.severity, 0) + 1
        return out

    def __repr__(self) -> str:
        n = self._severities()
        return (
            f"<gongkai.Report {self.agency or '?'} {self.year or '?'} template {self.template}, "
            f"{self.format}: {plural(n['error'], 'error')}, {plural(n['warning'], 'warning')}, {n['info']} info; "
            f"source {self.source!r}>"
        )

    def _headline(self) -> list[tuple[str, str]]:
        """Table 3's and table 4's totals, as a person reads them (— where not read)."""
        out = []
        rows = self.table3_rows
        for row, zh in (
            ("new", "本年新收"),
            ("carried_over", "上年结转"),
            ("granted", "予以公开"),
            ("total_processed", "办结（总计）"),
            ("carried_forward", "结转下年度"),
        ):
            v = self.table3[rows.index(row), 6] if row in rows else math.nan
            out.append((f"{zh} {row}", _shown(v)))
        for i, block in enumerate(TABLE4_BLOCKS):
            out.append((f"{block.zh} {block.id}", _shown(self.table4[i, 4])))
        return out

    def _repr_html_(self) -> str:
        from html import escape

        n = self._severities()
        rows = [
            ("agency", self.agency or "?"),
            ("year", str(self.year or "?")),
            ("template", self.template),
            ("form", f"{self.format} ({self.encoding})"),
            ("source", self.source),
            (
                "findings",
                f"{plural(n['error'], 'error')}, {plural(n['warning'], 'warning')}, {n['info']} info",
            ),
        ]
        if self.template != "none":
            rows += self._headline()
        body = "".join(
            f"<tr><th style='text-align:left;padding-right:1em'>{escape(k)}</th>"
            f"<td style='text-align:left'>{escape(v)}</td></tr>"
            for k, v in rows
        )
        return f"<div><strong>gongkai.Report</strong><table>{body}</table></div>"


def _zh(labels: bool | str) -> bool:
    if labels in (True, "zh"):
        return True
    if labels in (False, "en"):
        return False
    from .choices import check_choice

    check_choice("labels", str(labels), ["en", "zh"])
    return False


def plural(n: int, word: str, words: str | None = None) -> str:
    """``"1 error"``, ``"2 errors"`` (``words``: the plural where it is not word + s)."""
    return f"{n} {word if n == 1 else (words or word + 's')}"


def _shown(v: float) -> str:
    return "—" if math.isnan(v) else (str(int(v)) if float(v).is_integer() else f"{v:g}")


def finding_dict(f: _core.Finding) -> dict[str, Any]:
    """A finding in the JSON form: rule, severity, cells, message; line and column where the
    finding has a place in the source; ``expected`` and ``actual`` for the rules that compare
    two numbers; ``suggestion`` ``{"cell", "value"}`` where changing that one cell would
    satisfy every identity the report breaks."""
    d: dict[str, Any] = {"rule": f.rule, "severity": f.severity, "cells": list(f.cells), "message": f.message}
    if f.line:
        d["line"] = f.line
        d["column"] = f.column
    if not math.isnan(f.expected):
        d["expected"] = _plain(f.expected)
    if not math.isnan(f.actual):
        d["actual"] = _plain(f.actual)
    if f.suggested_cell and not math.isnan(f.suggested_value):
        d["suggestion"] = {"cell": f.suggested_cell, "value": _plain(f.suggested_value)}
    return d


def _plain(v: float) -> int | float:
    return int(v) if float(v).is_integer() else float(v)


def _split_cell(cell: str) -> tuple[str, str, str]:
    parts = cell.split("/")
    if len(parts) != 3:
        raise KeyError(f"{cell!r}: a cell is named 'table3/<row id>/<column id>' (or table2, table4)")
    return parts[0], parts[1], parts[2]


def _index(keys: list[str], key: str, kind: str) -> int:
    if key not in keys:
        from .choices import UnknownNameError

        raise UnknownNameError(kind, key, keys)
    return keys.index(key)


# The title of an annual report ends with what it is: "…政府信息公开工作年度报告", "…政务公开工作
# 年度报告", "…信息公开年报", "…政府信息公开工作报告", perhaps followed by a bracketed date.
_REPORT_TITLE = re.compile(
    r"(?:政府信息|政务|信息)公开(?:工作)?(?:年度报告|年报|工作报告)(?:[(（\[【][^)）\]】]{0,20}[)）\]】])?$"
)
_TITLE_LABEL = re.compile(r"^(?:标题|题目|title)[:：]", re.IGNORECASE)
_SENTENCE = re.compile(r"[,，。;；!！?？]")
_PREAMBLE_LINES = 8  # lines at the top of the preamble that may hold the title
_TITLE_CHARS = 80  # a longer line is prose, not a title


def _names_a_report(title: str, preamble: str) -> bool:
    """Whether the title, or one of the first lines of the preamble, is an annual report's title.

    The title as the parser found it is checked in the preamble line that holds it (the
    parser's title of "关于做好…年度报告编制工作的通知" stops at 报告; the line does not). A title
    line is short, has no sentence punctuation, does not start with 关于 (a notice or request
    about reports) and ends with the name of the report."""
    lines = [ln for ln in ("".join(line.split()) for line in preamble.splitlines()) if ln][:_PREAMBLE_LINES]
    candidates = list(lines)
    t = "".join(title.split())
    if t:
        t = _TITLE_LABEL.sub("", t)
        holding = [ln for ln in lines if t in _TITLE_LABEL.sub("", ln)]
        candidates = holding if holding else [t, *lines]
    for c in candidates:
        c = _TITLE_LABEL.sub("", c)
        if (
            len(c) <= _TITLE_CHARS
            and not c.startswith("关于")
            and not _SENTENCE.search(c)
            and _REPORT_TITLE.search(c)
        ):
            return True
    return False


NOT_A_REPORT_REASON = (
    "not an annual report: none of tables 2-4, no title naming a 政府信息公开 annual report "
    "and fewer than two of sections 一-六"
)
"""Why an input is no report (:attr:`Report.is_report` is False), as the accounting says it."""

FORMATS = ("auto", "text", "html", "docx", "markdown", "pdf")
"""The ``format`` values :func:`parse` accepts."""


def parse(
    source: Source,
    *,
    format: str = "auto",
    name: str | None = None,
    time_limit: float | None = TIME_LIMIT,
    max_bytes: int | None = MAX_BYTES,
) -> Report:
    """Parse one report.

    ``source`` is a path (``str`` or ``os.PathLike``), the report's raw bytes, or its text as a
    ``str`` (a ``str`` that names an existing file, or holds no line break, is taken as a path).
    ``format`` is ``"auto"`` (sniffed from the content), ``"text"``, ``"html"``, ``"docx"``,
    ``"markdown"`` or ``"pdf"``. A .docx (recognised by its zip signature, whatever the file is
    called) is unpacked here and its main document part (``word/document.xml``) read as
    WordprocessingML; ``"docx"`` also accepts that XML by itself. A PDF's text is laid out from
    the characters and ruling lines PDFium gives (:mod:`gongkai.pdf`) and read as text; a PDF
    without a text layer (a scanned document), an image (PNG, JPEG) and a .docx whose tables are
    pictures are read by OCR (:mod:`gongkai.ocr`, the ``ocr`` extra). ``name`` overrides the
    source name recorded in the report. ``time_limit`` is the seconds the parse may take (60 by
    default, None for no limit; a report takes milliseconds; OCR before it is not counted) and
    ``max_bytes`` the size of the input it reads at most (256 MiB by default, None for none), as
    in :func:`gongkai.read` (docs/limits.md).

    Raises TypeError for a ``source`` of another type, gongkai.choices.UnknownNameError (a
    ValueError) for a ``format`` not listed above, FileNotFoundError for a missing file,
    IsADirectoryError for a folder (:func:`gongkai.read` reads the reports of a folder),
    gongkai.pdf.PdfDependencyError for a PDF when pypdfium2 is missing,
    gongkai.ocr.OcrDependencyError (naming ``pip install "gongkai[ocr]"``) for a scanned PDF or an
    image when the ``ocr`` extra is missing, and gongkai.ParseError /
    gongkai.EncodingError (naming the input) for input that cannot be read: empty, binary, an old
    binary .doc or .wps (with the command that converts it), a zip archive that is not a .docx
    (.xlsx, .zip ...) or is corrupt, an encrypted PDF, with ``format="pdf"`` anything
    but a PDF; gongkai.TimeLimitError for a parse past ``time_limit`` and
    gongkai.inputs.FileTooLargeError for an input past ``max_bytes``. Anything readable gives a Report whose findings say what could not be read
    (:attr:`Report.is_report` says whether it is an annual report at all).
    """
    path: Path | None = None
    data = b""
    if isinstance(source, (bytes, bytearray, memoryview)):
        data, label = bytes(source), name or "<bytes>"
    elif isinstance(source, os.PathLike) or (
        isinstance(source, str) and ("\n" not in source and len(source) < 4096)
    ):
        path = Path(os.fspath(source))
        label = name or str(source)
    elif isinstance(source, str):
        data, label = source.encode("utf-8"), name or "<text>"
    else:
        raise TypeError(
            f"parse() takes a path (str or os.PathLike), the report's bytes or its text (str), "
            f"not {type(source).__name__}"
        )
    if format not in FORMATS:
        from .choices import UnknownNameError

        err = UnknownNameError("format", format, FORMATS)
        err.message = f"{label}: {err.message}"
        err.args = (err.message,)
        raise err
    if path is not None:
        data = read_file(path, label, max_bytes)
    else:
        check_size(len(data), max_bytes, label)
    if format == "pdf" or (format == "auto" and data.lstrip()[:5] == b"%PDF-"):
        return parse_pdf_bytes(data, label, time_limit)
    if format == "auto" and is_image(data):
        return parse_ocr(image_ocr(data, label), label, time_limit)
    if data[:4] in _ZIP_SIGNATURES and format in ("auto", "docx"):
        xml = _docx_document_xml(data, label)
        pictured = _docx_pictures(data, xml, label)
        if pictured is not None:  # tables pasted as pictures: read by OCR
            return parse_ocr(pictured[1], label)
        data, format = xml, "docx"
    try:
        core = _core.parse_bytes(data, label, format, float(time_limit or 0))
    except _core.Error as e:
        raise type(e)(f"{label}: {e}") from None
    _correct_agency(core)
    return Report(core)


def parse_pdf_bytes(data: bytes, source: str, time_limit: float | None = TIME_LIMIT) -> Report:
    """Parses a report from a PDF's bytes: its layout text read as text (format "text").

    Raises PdfDependencyError when pypdfium2 is missing, gongkai.ParseError (naming ``source``)
    for bytes that are no readable PDF or an encrypted PDF, gongkai.TimeLimitError for a parse
    past ``time_limit`` seconds. A PDF without a text layer (a scanned document) is read by OCR
    (:func:`parse_ocr`), or raises gongkai.ocr.OcrDependencyError without the ``ocr`` extra.
    """
    text, ocr = pdf_or_ocr(data, source)
    if ocr is not None:
        return parse_ocr(ocr, source, time_limit)
    try:
        core = _core.parse_bytes(text.encode("utf-8"), source, "text", float(time_limit or 0))
    except _core.Error as e:
        raise type(e)(f"{source}: {e}") from None
    _correct_agency(core)
    return Report(core)


def parse_ocr(ocr: OcrText, source: str, time_limit: float | None = TIME_LIMIT) -> Report:
    """Parses a report from the text OCR recognised (:mod:`gongkai.ocr`), as text, and adds the
    OCR findings (:func:`gongkai.ocr.referee`); its cells' origins carry their confidence and
    box. Raises gongkai.TimeLimitError for a parse past ``time_limit`` seconds."""
    from .ocr import referee

    try:
        core = _core.parse_bytes(ocr.text.encode("utf-8"), source, "text", float(time_limit or 0))
    except _core.Error as e:
        raise type(e)(f"{source}: {e}") from None
    _correct_agency(core)
    referee(core, ocr)
    return Report(core, ocr)


def _correct_agency(core: _core.Report) -> None:
    """Undo an OCR confusion in the agency's place name, checked against the table of
    administrative divisions ("沐阳县" is no county; "沭阳县" is)."""
    from .places import correct_ocr

    if core.agency:
        fixed = correct_ocr(core.agency)
        if fixed:
            core._correct_agency(
                fixed,
                f'the agency is printed "{core.agency}", which names no administrative division; '
                f'"{fixed}" does (an OCR confusion)',
            )
