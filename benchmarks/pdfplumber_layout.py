"""The PDF text reader gongkai used before its own (PDFium's characters laid out in C++): words
from pdfplumber, laid out in Python. Kept as the baseline of ``bench_pdf.py``; it needs
pdfplumber (``pip install pdfplumber``).
"""

from __future__ import annotations

import io
import re
import statistics
from typing import Any

import pdfplumber

import gongkai

_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–－‐]+\s*\d{1,4}\s*[-—–－‐]+|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?)\s*$"
)
_Y_TOLERANCE = 3.0  # pt: characters whose tops differ by less can make one word
_MARGIN = 0.12  # the top and bottom part of a page where page numbers are looked for
# A line whose words cover this much of its width is prose (justified text, where the gaps
# around numbers can be wide); below it, a table row whose gaps are columns.
_PROSE_INK = 0.7
_PROSE_GAP = 3.0  # ems: a wider gap is a column even in a line of prose


def extract_text(data: bytes, *, layout: bool = True, source: str | None = None) -> str:
    """The text of a PDF's pages, each ending with a form feed, like ``pdftotext [-layout]``.

    ``source`` names the input in error messages. Raises gongkai.ParseError for bytes that are
    no readable PDF.
    """
    where = f"{source}: " if source else ""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"extract_text() takes the PDF's bytes, not {type(data).__name__}")
    data = bytes(data)
    if b"%PDF-" not in data[:1024]:
        raise gongkai.ParseError(f"{where}not a PDF file (no %PDF- header)")
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = [_page_words(page) for page in pdf.pages]
    except gongkai.Error:
        raise
    except Exception as e:  # noqa: BLE001 - pdfminer raises many kinds, with no common base
        detail = str(e) or type(e).__name__
        if "password" in type(e).__name__.lower() or "encrypt" in detail.lower():
            raise gongkai.ParseError(f"{where}the PDF is encrypted: {detail}") from None
        raise gongkai.ParseError(f"{where}not a readable PDF ({type(e).__name__}: {detail})") from None
    if layout:
        return _layout(pages)
    return "".join(
        "".join(" ".join(w["text"] for w in line) + "\n" for line in _page_lines(words, height)) + "\f"
        for words, height in pages
    )


# Layout ------------------------------------------------------------------------------------

Word = dict[str, Any]


def _page_words(page: Any) -> tuple[list[Word], float]:
    words = page.extract_words(x_tolerance=1.5, y_tolerance=_Y_TOLERANCE, keep_blank_chars=False)
    return [w for w in words if w["text"].strip()], float(page.height)


def _lines(words: list[Word]) -> list[list[Word]]:
    """Words grouped into lines, each line in x order, lines top to bottom.

    A word joins the line above when it overlaps the line's first word vertically by half the
    smaller height: digits and Chinese characters of one line come in different fonts whose
    tops differ by a few points.
    """
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w["top"], w["x0"])):
        if lines:
            anchor = lines[-1][0]
            overlap = min(anchor["bottom"], w["bottom"]) - max(anchor["top"], w["top"])
            if overlap >= 0.5 * min(_height(anchor), _height(w)):
                lines[-1].append(w)
                continue
        lines.append([w])
    return [sorted(line, key=lambda w: w["x0"]) for line in lines]


def _page_lines(words: list[Word], height: float) -> list[list[Word]]:
    """The page's lines less a page number ("- 4 -") at its top or bottom."""
    lines = _lines(words)
    kept: list[list[Word]] = []
    for i, line in enumerate(lines):
        at_edge = i in (0, len(lines) - 1) and (
            line[0]["bottom"] < height * _MARGIN or line[0]["top"] > height * (1 - _MARGIN)
        )
        if at_edge and _PAGE_NUMBER.match(" ".join(w["text"] for w in line)):
            continue
        kept.append(line)
    return kept


def _height(w: Word) -> float:
    return max(float(w["bottom"] - w["top"]), 0.1)


def _layout(pages: list[tuple[list[Word], float]]) -> str:
    all_words = [w for words, _ in pages for w in words]
    if not all_words:
        return "\f" * len(pages)
    left = min(w["x0"] for w in all_words)
    unit = max(2.0, statistics.median(_height(w) for w in all_words) / 2)
    out: list[str] = []
    for words, height in pages:
        text: list[str] = []
        previous_bottom: float | None = None
        previous_height = 0.0
        for line in _page_lines(words, height):
            top = min(w["top"] for w in line)
            bottom = max(w["bottom"] for w in line)
            if previous_bottom is not None and top - previous_bottom >= previous_height:
                text.append("")
            text.append(_place(line, left, unit))
            previous_bottom, previous_height = bottom, bottom - top
        out.append("\n".join(text) + "\n\f" if text else "\f")
    return "".join(out)


def _place(line: list[Word], left: float, unit: float) -> str:
    """One line of text: prose with single spaces, table cells at the column of their x."""
    span = line[-1]["x1"] - line[0]["x0"]
    ink = sum(w["x1"] - w["x0"] for w in line)
    prose = span <= 0 or ink / span >= _PROSE_INK
    s: str = " " * round((line[0]["x0"] - left) / unit)
    x1: float | None = None
    for w in line:
        if x1 is not None:
            gap = w["x0"] - x1
            if gap < unit or (prose and gap < _PROSE_GAP * _height(w)):
                s += " "
            else:
                s += " " * max(2, round((w["x0"] - left) / unit) - len(s))
        s += str(w["text"])
        x1 = float(w["x1"])
    return s
