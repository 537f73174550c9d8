"""PDF input: the text of a PDF's pages, laid out as ``pdftotext -layout`` lays it out, and a
report parsed from it. The extraction lives in :mod:`gongkai.inputs` with the other inputs, the
parse in :mod:`gongkai.report`; this module gathers the names of PDF input.

PDFium, through pypdfium2 (a dependency of gongkai: binary wheels, no other dependency), gives
every character with its box and every path of a page; the C++ core
(``cpp/src/read/pdf.cpp``) builds words, lines and columns from them in one call per PDF, with
no work per character in Python. The laid-out text is then parsed as text.

The layout (``layout=True``):

- Words: characters whose gaps are at most 1.5 pt, on one line (their tops within 3 pt of the
  previous character's, overlapping by half their height), white space ending a word. A
  character drawn in a font scaled down from a huge size (vertical labels written a character
  a line) takes its glyph's box.
- Numbers wrapped in narrow table cells ("87" over "0"): where ruling lines (paths thinner
  than 3 pt) close a cell around words that are all digits, one a line, they are one number,
  placed on the line of the other values of the cell's row. Other text is not joined.
- A line is the words that overlap its first word vertically by half their height, in x
  order. It starts at the text column of its x position: a column is half the document's
  median word height, counted from the leftmost word of the whole document.
- In a line of prose (its words cover 70% of its width or more) words are joined by one
  space, unless the gap is wider than 3 word heights (a label beside a column heading). In
  other lines (table rows, whose gaps are columns) words closer than one column are joined by
  one space, and farther words are placed at the text column of their x position, at least
  two spaces after the previous word, so that table cells line up from row to row and from
  page to page.
- A blank line stands for a vertical gap of at least one line height.
- Lines that hold only a page number with its dashes ("- 4 -", "—4—", "第 4 页") at the top
  or the bottom of a page are left out.
- Every page ends with "\\n\\f", as in pdftotext's output.

With ``layout=False`` each line is its words joined by single spaces (page numbers left out
too).

The words used to come from pdfplumber and the layout was made in Python (about 0.3 s a PDF
against 8 to 20 ms now; ``benchmarks/pdfplumber_layout.py`` keeps that reader as the baseline
of ``benchmarks/bench_pdf.py``). pdfplumber is no longer used.
"""

from __future__ import annotations

from .inputs import INSTALL_HINT, PdfDependencyError, extract_text
from .report import parse_pdf_bytes

__all__ = ["INSTALL_HINT", "PdfDependencyError", "extract_text", "parse_pdf_bytes"]
