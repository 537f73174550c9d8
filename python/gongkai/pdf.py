"""PDF input: the text of a PDF's pages and a report parsed from it; the code is in
:mod:`gongkai.inputs`."""

from __future__ import annotations

from .inputs import INSTALL_HINT, PdfDependencyError, extract_text, parse_pdf_bytes

__all__ = ["INSTALL_HINT", "PdfDependencyError", "extract_text", "parse_pdf_bytes"]
