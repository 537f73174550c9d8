"""The markdown layout: a report as a document converter writes it (:func:`render_markdown`),
its tables as pipe tables or as raw HTML inside the markdown."""

from __future__ import annotations

import html as _html

import numpy as np

from .layout import Variations, _Builder, _default_rng, _grid, _Para, _Table
from .model import ReportData
from .traditional import to_traditional

TABLE_FORMS: tuple[str, ...] = ("pipe", "html")
"""How :func:`render_markdown` writes a table."""


def _pipe_table(table: _Table, merged: str) -> list[str]:
    """A pipe table: one line per grid row, the first row the header, then the rule. A merged
    cell's text stands in its first grid cell; the others it covers are empty, or repeat it
    with ``merged="repeat"``."""
    lines: list[str] = []
    for r, seq in enumerate(_grid(table)):
        cells: list[str] = []
        for cont, cell in seq:
            text = "".join(cell.parts).replace("|", "\\|")
            first = "" if cont and merged == "blank" else text
            cells.append(first)
            cells += [text if merged == "repeat" else ""] * (cell.colspan - 1)
        lines.append("| " + " | ".join(cells) + " |")
        if r == 0:
            lines.append("|" + "|".join(["---"] * table.ncols) + "|")
    return lines


def _html_table(table: _Table) -> list[str]:
    """A table as raw HTML inside markdown, as pandoc keeps a table with merged cells."""
    width = 100 // table.ncols
    lines = ["<table>", "<colgroup>"]
    lines += [f'<col style="width: {width}%" />' for _ in range(table.ncols)]
    lines += ["</colgroup>", "<tbody>"]
    for r, row in enumerate(table.rows):
        lines.append(f'<tr class="{"odd" if r % 2 == 0 else "even"}">')
        for cell in row:
            attrs = ""
            if cell.colspan > 1:
                attrs += f' colspan="{cell.colspan}"'
            if cell.rowspan > 1:
                attrs += f' rowspan="{cell.rowspan}"'
            text = "<br />".join(_html.escape(p, quote=False) for p in cell.parts)
            lines.append(f"<td{attrs}>{text}</td>")
        lines.append("</tr>")
    lines += ["</tbody>", "</table>"]
    return lines


def render_markdown(
    data: ReportData,
    *,
    rng: np.random.Generator | None = None,
    variations: Variations | None = None,
    tables: str = "pipe",
    merged: str = "blank",
) -> str:
    """The report as markdown from a document converter.

    A ``#`` title (agency, year, "年政府信息公开工作年度报告"), the narrative as paragraphs
    separated by blank lines, the section headings as ``##`` headings, and the three tables:
    with ``tables="pipe"`` as pipe tables (``| 规章 | 3 |  | 27 |``: a cell printed empty is
    empty between its pipes), the table's first row its header, a merged cell's text in its
    first grid cell and the others it covers empty (``merged="blank"``) or repeating it
    (``merged="repeat"``); with ``tables="html"`` as raw HTML inside the markdown, as pandoc
    writes a table it cannot express as a pipe table (``<table>`` with ``<colgroup>``, rows
    ``<tr class="odd">``, ``rowspan`` and ``colspan`` as in :func:`render_html`). Variations
    apply as in the other layouts (missing markers, full-width digits, units, merged values,
    ``traditional``). ``rng`` decides the wording and per-cell choices (default: seeded from
    agency, year and template). Returns text with a final newline.
    """
    if tables not in TABLE_FORMS:
        raise ValueError(f"unknown tables {tables!r}; expected one of {TABLE_FORMS}")
    if merged not in ("blank", "repeat"):
        raise ValueError(f"unknown merged {merged!r}; expected 'blank' or 'repeat'")
    rng = _default_rng(data) if rng is None else rng
    v = Variations() if variations is None else variations
    blocks = _Builder(data, rng, v).document()
    lines = [f"# {data.agency}{data.year}年政府信息公开工作年度报告", ""]
    for block in blocks:
        if isinstance(block, _Para):
            lines += [("## " if block.heading else "") + block.text, ""]
            continue
        lines += _pipe_table(block, merged) if tables == "pipe" else _html_table(block)
        lines.append("")
    text = "\n".join(lines)
    return to_traditional(text) if v.traditional else text
