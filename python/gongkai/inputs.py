"""PDF input: the text of a PDF's pages, laid out as ``pdftotext -layout`` lays it out, and a
report parsed from it.

Needs the optional dependency pdfplumber (``pip install "gongkai[pdf]"``; from a checkout,
``pip install ".[pdf]"``). Chosen over pypdf and plain pdfminer.six for the annual reports'
tables: it gives every word with its position,
so table columns can be placed by their x coordinate on one grid for the whole document (a
column of numbers stays at one text column from row to row and from page to page), while
prose keeps single spaces between words. pypdf's layout mode glues labels to numbers
("重新出具0") and mixes the lines of wrapped cells; pdfminer.six alone gives one cell a line.

The layout (``layout=True``):

- A line is the words that overlap its first word vertically by half their height, in x
  order. It starts at the text column of its x position: a column is half the document's
  median font size, counted from the leftmost word of the whole document.
- In a line of prose (its words cover 70% of its width or more) words are joined by one
  space, unless the gap is wider than 3 ems (a label beside a column heading). In other lines (table rows, whose gaps are columns) words closer than one column
  are joined by one space, and farther words are placed at the text column of their x
  position, at least two spaces after the previous word, so that table cells line up from
  row to row and from page to page.
- A blank line stands for a vertical gap of at least one line height.
- Lines that hold only a page number with its dashes ("- 4 -", "—4—", "第 4 页") at the top
  or the bottom of a page are left out.
- Every page ends with "\\n\\f", as in pdftotext's output.

With ``layout=False`` each line is its words joined by single spaces (page numbers left out
too).
"""

from __future__ import annotations

import io
import re
import statistics
from typing import TYPE_CHECKING, Any

from . import _core

if TYPE_CHECKING:
    from .report import Report

__all__ = ["INSTALL_HINT", "PdfDependencyError", "extract_text", "parse_pdf_bytes"]

INSTALL_HINT = (
    'PDF input needs the optional dependency pdfplumber: pip install "gongkai[pdf]" '
    '(from a checkout of gongkai: pip install ".[pdf]")'
)

_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–－‐]+\s*\d{1,4}\s*[-—–－‐]+|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?)\s*$"
)
_Y_TOLERANCE = 3.0  # pt: characters whose tops differ by less can make one word
_MARGIN = 0.12  # the top and bottom part of a page where page numbers are looked for
# A line whose words cover this much of its width is prose (justified text, where the gaps
# around numbers can be wide); below it, a table row whose gaps are columns.
_PROSE_INK = 0.7
_PROSE_GAP = 3.0  # ems: a wider gap is a column even in a line of prose


class PdfDependencyError(ImportError, _core.Error):
    """pdfplumber, needed for PDF input, is not installed. Both an ImportError and a gongkai.Error."""


def _pdfplumber(source: str | None) -> Any:
    try:
        import pdfplumber
    except ImportError as e:
        where = f"{source}: " if source else ""
        raise PdfDependencyError(where + INSTALL_HINT) from e
    return pdfplumber


def extract_text(data: bytes, *, layout: bool = True, source: str | None = None) -> str:
    """The text of a PDF's pages, each ending with a form feed, like ``pdftotext [-layout]``.

    ``source`` names the input in error messages. Raises PdfDependencyError when pdfplumber is
    missing and gongkai.ParseError for bytes that are no readable PDF.
    """
    where = f"{source}: " if source else ""
    pdfplumber = _pdfplumber(source)
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"extract_text() takes the PDF's bytes, not {type(data).__name__}")
    data = bytes(data)
    if b"%PDF-" not in data[:1024]:
        raise _core.ParseError(f"{where}not a PDF file (no %PDF- header)")
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = [_page_words(page) for page in pdf.pages]
    except _core.Error:
        raise
    except Exception as e:  # noqa: BLE001 - pdfminer raises many kinds, with no common base
        detail = str(e) or type(e).__name__
        if "password" in type(e).__name__.lower() or "encrypt" in detail.lower():
            raise _core.ParseError(f"{where}the PDF is encrypted: {detail}") from None
        raise _core.ParseError(f"{where}not a readable PDF ({type(e).__name__}: {detail})") from None
    if layout:
        return _layout(pages)
    return "".join(
        "".join(" ".join(w["text"] for w in line) + "\n" for line in _page_lines(words, height)) + "\f"
        for words, height in pages
    )


def parse_pdf_bytes(data: bytes, source: str) -> Report:
    """Parses a report from a PDF's bytes: its layout text read as text (format "text").

    Raises PdfDependencyError when pdfplumber is missing, gongkai.ParseError (naming ``source``)
    for bytes that are no readable PDF or a PDF without a text layer (a scanned document).
    """
    from .report import Report, _correct_agency  # report.py imports this module

    text = extract_text(data, layout=True, source=source)
    if not text.strip():
        raise _core.ParseError(
            f"{source}: the PDF has no text layer (a scanned document?): run OCR on it first"
        )
    try:
        core = _core.parse_bytes(text.encode("utf-8"), source, "text")
    except _core.Error as e:
        raise type(e)(f"{source}: {e}") from None
    _correct_agency(core)
    return Report(core)


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
