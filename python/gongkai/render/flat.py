"""The flat layout: a report as the text of a crawled web page whose table cells lost their
separators (:func:`render_flat`)."""

from __future__ import annotations

import numpy as np

from .layout import Variations, _Builder, _default_rng, _grid, _Para, _Table
from .model import ReportData
from .traditional import to_traditional

SEPARATORS: tuple[str, ...] = ("glued", "space", "mixed")
"""How :func:`render_flat` separates the cells of a row."""

PAGE_NUMBERS: tuple[str, ...] = ("", "line", "glued")
"""Where :func:`render_flat` prints the page number of a page break inside table 3."""

# A token of a row: (grid column, text, is a value cell).
_Token = tuple[int, str, bool]


def _row_tokens(table: _Table, merged_at: str) -> list[list[_Token]]:
    """Per grid row its cells' texts in column order; rowspan continuations print nothing.

    A value cell merged over several rows prints once: on its first row, or with
    ``merged_at="last"`` on its last.
    """
    out: list[list[_Token]] = []
    pending: dict[int, list[_Token]] = {}
    for r, seq in enumerate(_grid(table)):
        col = 0
        toks: list[_Token] = []
        for cont, cell in seq:
            if not cont:
                tok = (col, "".join(cell.parts), cell.value)
                if cell.value and cell.rowspan > 1 and merged_at == "last":
                    pending.setdefault(r + cell.rowspan - 1, []).append(tok)
                else:
                    toks.append(tok)
            col += cell.colspan
        toks += pending.pop(r, [])
        toks.sort(key=lambda t: t[0])
        out.append(toks)
    return out


def _join(toks: list[_Token], gaps: list[str]) -> str:
    """Texts of ``toks`` joined; ``gaps[i]`` goes before token ``i + 1`` when either side is a
    value (labels of one row are always glued, as crawled pages give them)."""
    line = toks[0][1] if toks else ""
    for i in range(1, len(toks)):
        sep = gaps[i - 1] if (toks[i][2] or toks[i - 1][2]) else ""
        line += sep + toks[i][1]
    return line


def _gaps(n: int, separator: str, rng: np.random.Generator) -> list[str]:
    if separator == "glued":
        return [""] * n
    if separator == "space":
        return [" "] * n
    r = rng.random()
    if r < 0.35:
        return [""] * n
    if r < 0.7:
        return [" "] * n
    return [" " if rng.random() < 0.5 else "" for _ in range(n)]


def render_flat(
    data: ReportData,
    *,
    rng: np.random.Generator | None = None,
    variations: Variations | None = None,
    separator: str = "glued",
    merged_at: str = "first",
    page_numbers: str = "",
    spill: bool = False,
) -> str:
    """The report as crawled text: the visible text of its web page, one line per paragraph
    and per table row, the row's cells glued together.

    A title line (agency, year, "年政府信息公开工作年度报告"), then the narrative and the
    headings one a line, and every table row on one line: its label cells glued
    ("（三）不予公开1.属于国家秘密"), then its values. ``separator`` says how values are
    separated from the label and from each other: ``"glued"`` not at all
    ("1.本人提交0000000"), ``"space"`` by one space ("（一）予以公开 12 0 0 0 0 0 12"; a cell
    printed empty leaves two spaces), ``"mixed"`` per row glued, spaced, or spaced at some
    gaps only ("0 0 00"). A cell merged over several rows prints once (the rows it covers
    after its first print nothing): the three rows of （六）其他处理 merged by
    ``variations.merged_values`` give their labels on their own lines and one set of values
    after the first label, or after the last with ``merged_at="last"``; （七）总计's values
    follow on the next line.

    Table 3 may carry a PDF page break: with ``page_numbers="line"`` a line holding only a
    page number ("3", "- 3 -", "—3—") between two of its rows; with ``"glued"`` that number
    after the last value of the row before the break (eight values on the line). With
    ``spill`` one row's last value is printed at the end of the next row's line (six values
    on one line, eight on the next). Other variations apply as in the other layouts
    (missing markers, full-width digits, units, ``traditional``). ``rng`` decides the
    wording and the per-row choices (default: seeded from agency, year and template).
    Returns text with a final newline.
    """
    if separator not in SEPARATORS:
        raise ValueError(f"unknown separator {separator!r}; expected one of {SEPARATORS}")
    if merged_at not in ("first", "last"):
        raise ValueError(f"unknown merged_at {merged_at!r}; expected 'first' or 'last'")
    if page_numbers not in PAGE_NUMBERS:
        raise ValueError(f"unknown page_numbers {page_numbers!r}; expected one of {PAGE_NUMBERS}")
    rng = _default_rng(data) if rng is None else rng
    v = Variations() if variations is None else variations
    blocks = _Builder(data, rng, v).document()
    lines = [f"{data.agency}{data.year}年政府信息公开工作年度报告"]
    first_t3 = True
    for block in blocks:
        if isinstance(block, _Para):
            lines.append(block.text)
            continue
        rows = _row_tokens(block, merged_at)
        breaks: dict[int, str] = {}
        if block.kind == "table3" and first_t3:
            first_t3 = False
            # data rows: those with values, not the last (something must follow a break)
            data_rows = [i for i, toks in enumerate(rows) if any(t[2] for t in toks)][:-1]
            if spill:
                k = data_rows[int(rng.integers(len(data_rows)))]
                moved = rows[k].pop()
                rows[k + 1].append((10**6, moved[1], True))
            if page_numbers:
                k = data_rows[int(rng.integers(len(data_rows)))]
                page = str(int(rng.integers(2, 7)))
                if page_numbers == "line":
                    breaks[k] = str(rng.choice([page, f"- {page} -", f"—{page}—"]))
                else:
                    rows[k].append((10**6, page, True))
        for i, toks in enumerate(rows):
            if toks:
                lines.append(_join(toks, _gaps(len(toks), separator, rng)))
            if i in breaks:
                lines.append(breaks[i])
    text = "\n".join(lines) + "\n"
    return to_traditional(text) if v.traditional else text
