"""PDF input: the text of a PDF's pages, laid out as ``pdftotext -layout`` lays it out, and a
report parsed from it. The extraction lives in :mod:`gongkai.inputs` with the other inputs, the
parse in :mod:`gongkai.report`; this module gathers the names of PDF input.

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

from .inputs import INSTALL_HINT, PdfDependencyError, extract_text
from .report import parse_pdf_bytes

__all__ = ["INSTALL_HINT", "PdfDependencyError", "extract_text", "parse_pdf_bytes"]
