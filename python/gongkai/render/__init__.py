"""Render synthetic 政府信息公开工作年度报告 for tests, fixtures and the bundled samples.

This package is the project's report *writer*: it invents an agency and internally consistent
numbers (:func:`random_report`), then prints them the way real reports are published:

* :func:`render_text` — text extracted from a .docx: narrative lines unindented, one table cell
  per line starting with a TAB, a blank line after each table row, a wrapped cell continuing on
  the next line without a TAB, a vertically merged cell's continuation printed as a TAB alone;
* :func:`render_html` — an HTML page whose tables use ``rowspan``/``colspan`` like a
  Word-to-HTML export, optionally inside a government site's page chrome;
* :func:`encode_html` — the page as bytes in UTF-8 or GBK with a matching ``<meta charset>``;
* :func:`render_docx` — a .docx file (a zip of WordprocessingML) whose tables merge cells with
  ``w:gridSpan`` and ``w:vMerge`` as Word does, text split into runs;
* :func:`render_flat` — the text of a crawled page whose table cells lost their separators:
  each table row a line, its label and values glued ("1.本人提交0000000") or separated by
  single spaces, merged value cells printed once, optionally a page number inside table 3;
* :func:`render_markdown` — markdown from a document converter: pipe tables
  (``| 规章 | 3 |  | 27 |``), or tables kept as raw HTML inside the markdown as pandoc does.

:class:`Variations` switches on the deviations real reports show (blank or "/" cells, full-width
digits, split labels, ``&nbsp;`` padding, thousands separators, ...). None of them changes a
value: :func:`expected_dict` gives the truth, in the JSON form of ``docs/report-json.md``, that a
correct parser must recover from every rendering. Some forms destroy what a parser would need
(glued digits that the identities allow to cut more than one way, a blank cell among glued
numbers): there the correct outcome is a cell left null with a finding that names it, never a
guessed number.

One module a part: :mod:`.model` (the template's ids and labels, :class:`ReportData`, random
reports, the identities), :mod:`.narrative` (the wording), :mod:`.layout` (:class:`Variations`
and the paragraphs and tables every form shares), one module per output form (:mod:`.text`,
:mod:`.html`, :mod:`.docx`, :mod:`.flat`, :mod:`.markdown`), :mod:`.traditional` (the
characters of 繁體 reports) and :mod:`.samples` (the bundled samples, the command line).

The package needs only the standard library and numpy, and imports nothing from the rest of
gongkai, so it can be loaded on its own (tests load it by path, without the C++ extension).
``python -m gongkai.render --write-samples DIR`` (without the C++ extension: ``python -m render
--write-samples DIR`` in ``python/gongkai``) rewrites the bundled samples.
"""

from __future__ import annotations

from .docx import render_docx, render_docx_xml
from .flat import render_flat
from .html import encode_html, render_html
from .layout import MERGEABLE_GROUPS, Variations
from .markdown import render_markdown
from .model import (  # noqa: F401 (Cell, IntCell, Number, the invented places: at the top too)
    _CITY_DEPARTMENTS,
    _COUNTY_SECOND,
    _DEPARTMENTS,
    _PLACE_FIRST,
    COLUMN_IDS,
    COLUMN_LABELS,
    MISSING_MARKERS,
    TABLE4_BLOCK_IDS,
    TABLE4_VALUE_IDS,
    TEMPLATES,
    Cell,
    IntCell,
    Number,
    ReportData,
    expected_dict,
    identity_errors,
    next_year,
    random_report,
    table2_value_ids,
    table3_labels,
    table3_row_ids,
    with_missing,
)
from .samples import SAMPLE_SEED, main, sample_report, sample_reports, write_samples
from .text import render_text
from .traditional import to_traditional

__all__ = [
    "COLUMN_IDS",
    "COLUMN_LABELS",
    "MERGEABLE_GROUPS",
    "MISSING_MARKERS",
    "SAMPLE_SEED",
    "TABLE4_BLOCK_IDS",
    "TABLE4_VALUE_IDS",
    "TEMPLATES",
    "ReportData",
    "Variations",
    "encode_html",
    "expected_dict",
    "identity_errors",
    "main",
    "next_year",
    "random_report",
    "render_docx",
    "render_docx_xml",
    "render_flat",
    "render_html",
    "render_markdown",
    "render_text",
    "sample_report",
    "sample_reports",
    "table2_value_ids",
    "table3_labels",
    "table3_row_ids",
    "to_traditional",
    "with_missing",
    "write_samples",
]
