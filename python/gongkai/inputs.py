"""Inputs: which files to read, and the bytes the parser reads from each.

- Finding files: :func:`inputs` lists every input of some paths (files as given, folders
  walked, globs expanded; files of other types skipped, paths that name nothing failed) and
  :func:`expand` the files among them to read; :func:`with_stdin` puts standard input (``-``)
  in its place, as the command line takes it.
- Reading bytes: a file read whole (:func:`read_file`); an old binary .doc or .wps refused
  with the command that converts it (:func:`binary_word_error`); a .docx unzipped to its
  WordprocessingML (``word/document.xml``); a PDF's text laid out from the characters PDFium
  gives (:func:`extract_text`, :func:`pdf_text`; the layout is described in :mod:`gongkai.pdf`);
  :func:`parser_bytes` for what ``_core.parse_many`` reads of one file.

:func:`gongkai.parse`, :func:`gongkai.read`, ``Corpus.read``, :mod:`gongkai.dask` and the
command line take their inputs from here. A manifest (agency and place by file) is read by
:func:`gongkai.places.read_manifest`, with the rest of what is known about places.
"""

from __future__ import annotations

import ctypes
import errno
import glob
import io
import os
import re
import stat
import struct
import threading
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

import numpy as np

from . import _core
from .fetch import MANIFEST as FETCH_MANIFEST
from .fetch import is_manifest

if TYPE_CHECKING:
    from .ocr import OcrText

__all__ = [
    "CONVERT_HINT",
    "INSTALL_HINT",
    "MAX_BYTES",
    "REPORT_SUFFIXES",
    "STDIN",
    "TIME_LIMIT",
    "WORD_SUFFIXES",
    "FileTooLargeError",
    "InputFile",
    "PdfDependencyError",
    "binary_word_error",
    "expand",
    "extract_text",
    "image_ocr",
    "inputs",
    "parser_bytes",
    "parser_input",
    "pdf_or_ocr",
    "pdf_text",
    "read_file",
    "with_stdin",
]

PathLike = Union[str, "os.PathLike[str]"]

# Finding files -------------------------------------------------------------------------

REPORT_SUFFIXES = (".txt", ".html", ".htm", ".shtml", ".md", ".docx", ".pdf", ".png", ".jpg", ".jpeg")
"""The files read in a folder or by a glob (with .doc and .wps, refused with the command that
converts them); files of other types are skipped. Images (.png .jpg .jpeg) are read by OCR
(:mod:`gongkai.ocr`), each image one input."""
STDIN = "<stdin>"
"""The source name of a report read from standard input (``-``)."""

_GLOB = set("*?[")
FETCH_MANIFEST_REASON = "the manifest of gongkai fetch (agency, place, year and URL of the files beside it)"
CACHE_REASON = "a cache folder (it holds a CACHEDIR.TAG, as gongkai fetch's list pages do): not read"

# Per-file limits (docs/limits.md): a runaway or oversized file is one failed input, never a
# lost batch.
TIME_LIMIT = 60.0
"""Seconds one file's parse may take by default (a report takes milliseconds)."""
MAX_BYTES = 256 << 20
"""Bytes of one file read at most by default (256 MiB)."""


class FileTooLargeError(_core.Error):
    """A file larger than the per-file limit (``max_bytes``); it is not read."""


@dataclass(frozen=True)
class InputFile:
    """One input as :func:`inputs` lists it."""

    source: str
    status: str = ""  # "" to be read; "skipped" or "failed" (a path that names no input)
    reason: str = ""


def _kind(path: Path, suffixes: tuple[str, ...]) -> InputFile:
    """A file met in a folder or by a glob: to be read (a report suffix, or .doc / .wps, which
    are refused with the command that converts them), or skipped (another type; the manifest
    of ``gongkai fetch`` said to be one)."""
    suffix = path.suffix.lower()
    if suffix in suffixes or suffix in WORD_SUFFIXES:
        return InputFile(str(path))
    if path.name == FETCH_MANIFEST and is_manifest(path):
        return InputFile(str(path), "skipped", FETCH_MANIFEST_REASON)
    what = suffix if suffix else "no suffix"
    return InputFile(str(path), "skipped", f"not a report file type ({what})")


def _is_cache(folder: Path) -> bool:
    """A folder tagged as a cache (a ``CACHEDIR.TAG`` in it); False for one that cannot be
    looked into, whose listing then says why."""
    try:
        return (folder / "CACHEDIR.TAG").is_file()
    except OSError:
        return False


def _walk(folder: Path, suffixes: tuple[str, ...]) -> list[InputFile]:
    """Every entry under ``folder``, depth first in name order (as sorted paths): files by
    :func:`_kind`; a folder tagged as a cache (a ``CACHEDIR.TAG`` in it) one ``skipped`` row;
    links followed, a link to nothing ``failed``, a link back to a folder already walked
    ``skipped`` (a loop); pipes, sockets and devices ``skipped``; a folder that cannot be
    listed ``failed`` with the reason. Nothing under the folder goes unaccounted."""
    out: list[InputFile] = []
    walked: set[str] = set()

    def visit(d: Path) -> None:
        real = os.path.realpath(d)
        if real in walked:
            out.append(
                InputFile(
                    str(d),
                    "skipped",
                    f"a link to a folder already walked ({real}): a loop or a second way in",
                )
            )
            return
        walked.add(real)
        try:
            with os.scandir(d) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as e:
            out.append(
                InputFile(
                    str(d), "failed", f"{type(e).__name__}: {d}: the folder cannot be listed ({e.strerror})"
                )
            )
            return
        for entry in entries:
            p = Path(entry.path)
            try:
                if entry.is_dir() and _is_cache(p):
                    out.append(InputFile(str(p), "skipped", CACHE_REASON))
                elif entry.is_dir():
                    visit(p)
                elif entry.is_file():
                    out.append(_kind(p, suffixes))
                elif entry.is_symlink():
                    out.append(
                        InputFile(
                            str(p), "failed", f"FileNotFoundError: {p}: a link to nothing ({os.readlink(p)})"
                        )
                    )
                else:
                    out.append(InputFile(str(p), "skipped", "not a regular file (a pipe, socket or device)"))
            except OSError as err:
                out.append(InputFile(str(p), "failed", f"{type(err).__name__}: {p}: {err.strerror}"))

    visit(folder)
    return out


def _none_found(what: str, found: list[InputFile]) -> str:
    skipped = sorted({Path(f.source).suffix.lower() or "no suffix" for f in found if f.status == "skipped"})
    n = sum(f.status == "skipped" for f in found)
    return f"FileNotFoundError: {what}" + (
        f" ({n} file(s) of other types skipped: {', '.join(skipped)})" if n else ""
    )


def inputs(paths: PathLike | Iterable[PathLike]) -> list[InputFile]:
    """Every input of ``paths``, each once in the order given: a file as given (to be read,
    whatever its name); a folder walked (sorted, recursively) and a glob expanded (sorted; ``**``
    recurses), where files with a report suffix (.txt .html .htm .shtml .md .docx .pdf .png .jpg
    .jpeg, as the CLI) and .doc / .wps files are to be read and files of other types are ``skipped`` with the
    reason; a path that does not exist, a glob that matches nothing and a folder (or glob)
    without a report file are ``failed`` with the reason."""
    items = [os.fspath(p) for p in ([paths] if isinstance(paths, (str, os.PathLike)) else paths)]
    suffixes = REPORT_SUFFIXES
    out: list[InputFile] = []
    seen: set[str] = set()

    def add(f: InputFile) -> None:
        if f.source not in seen:
            seen.add(f.source)
            out.append(f)

    def walk(folder: Path) -> list[InputFile]:
        return _walk(folder, suffixes)

    for item in items:
        path = Path(item)
        if path.is_dir():
            found = walk(path)
            if not any(not f.status for f in found):
                add(InputFile(item, "failed", _none_found(f"{item}: no report file in this folder", found)))
        elif not path.exists() and _GLOB & set(item):
            found = []
            for m in sorted(glob.glob(item, recursive=True)):
                found += walk(Path(m)) if Path(m).is_dir() else [_kind(Path(m), suffixes)]
            if not found:
                add(InputFile(item, "failed", f"FileNotFoundError: {item}: no such file (no file matches)"))
            elif not any(not f.status for f in found):
                add(InputFile(item, "failed", _none_found(f"{item}: no report file matches", found)))
        elif not path.exists():
            found = [InputFile(item, "failed", f"FileNotFoundError: {item}: no such file")]
        else:
            found = [InputFile(item)]
        for f in found:
            add(f)
    return out


def expand(paths: PathLike | Iterable[PathLike]) -> list[str]:
    """The input files of ``paths`` (see :func:`inputs`) less those skipped: files as given,
    folders walked and globs expanded to their report files (and .doc / .wps files). A path
    that does not exist and a glob that matches nothing are kept, to be accounted as failed."""
    return [f.source for f in inputs(paths) if not f.status or "no such file" in f.reason]


def with_stdin(paths: Sequence[str]) -> list[InputFile]:
    """The inputs of ``paths`` as gongkai.read lists them (:func:`inputs`), ``-`` (standard
    input) in its place, each input once."""
    out: list[InputFile] = []
    seen: set[str] = set()
    for p in paths:
        for f in [InputFile("-")] if p == "-" else inputs(p):
            if f.source not in seen:
                seen.add(f.source)
                out.append(f)
    return out


# Reading bytes -------------------------------------------------------------------------

CONVERT_HINT = "convert it first (libreoffice --headless --convert-to docx)"
"""How to make a binary .doc or .wps file readable: the wording of the parser's own message."""

WORD_SUFFIXES = (".doc", ".wps")
"""Word processor files gongkai cannot read; a file of these names is refused with
:data:`CONVERT_HINT` unless it holds a .docx, HTML or XML under the wrong name."""

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE compound file: .doc, .wps, .xls, ...


def binary_word_error(data: bytes, suffix: str, label: str) -> _core.ParseError | None:
    """The error for a file named ``*.doc`` or ``*.wps`` (``suffix``) that holds a binary word
    processor document, which gongkai cannot read; ``label`` names it in the message. None for
    other names, and for such a file that holds a .docx (a zip) or markup (Word's HTML or XML
    saved as .doc), which are read as what they are."""
    suffix = suffix.lower()
    if suffix not in WORD_SUFFIXES or data[:4] in _ZIP_SIGNATURES:
        return None
    body = data[3:] if data[:3] == b"\xef\xbb\xbf" else data
    if data[:8] != _OLE and body.lstrip()[:1] == b"<":
        return None
    what = "a WPS Office .wps file" if suffix == ".wps" else "an old binary Word .doc file"
    return _core.ParseError(f"{label}: this is {what}; {CONVERT_HINT}")


def check_size(size: int, max_bytes: int | None, label: str) -> None:
    """Raises FileTooLargeError when ``size`` bytes pass ``max_bytes`` (None: no limit)."""
    if max_bytes is not None and size > max_bytes:
        raise FileTooLargeError(
            f"{label}: {size:,} bytes, more than the per-file limit of {max_bytes:,} (docs/limits.md)"
        )


# What os.stat raises for a path that names nothing (Path.exists says False for these too): no
# such entry, a file where a folder should be, a bad descriptor, a loop of links.
_NO_SUCH_PATH = (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP)


def read_file(path: Path, label: str, max_bytes: int | None = MAX_BYTES) -> bytes:
    """The bytes of the report file at ``path`` (``label`` names it in messages), as
    :func:`gongkai.parse` and :func:`gongkai.read` read it. Raises IsADirectoryError for a
    folder, FileNotFoundError for a path that names nothing (glob characters said),
    FileTooLargeError for a file of more than ``max_bytes`` (not read) and ParseError for an old
    binary .doc or .wps (:func:`binary_word_error`)."""
    try:
        st = os.stat(path)  # one call where is_dir, is_file, exists and stat were four
    except OSError as e:
        if e.errno not in _NO_SUCH_PATH:
            raise
        raise FileNotFoundError(
            f"{label}: no such file" + (" (no file matches)" if _GLOB & set(str(path)) else "")
        ) from None
    if stat.S_ISDIR(st.st_mode):
        raise IsADirectoryError(f"{path}: is a folder; gongkai.read(folder) reads every report in it")
    if not stat.S_ISREG(st.st_mode):
        raise IsADirectoryError(f"{label}: not a file")
    check_size(st.st_size, max_bytes, label)
    with open(path, "rb") as f:
        data = f.read()
    refused = binary_word_error(data, path.suffix, label)
    if refused is not None:
        raise refused
    return data


def parser_bytes(source: str, max_bytes: int | None = MAX_BYTES) -> tuple[bytes, str]:
    """What ``_core.parse_many`` reads of the file ``source``, and in which format, as
    :func:`gongkai.read` reads it: a .docx's WordprocessingML (``"docx"``), a PDF's text
    (``"text"``; a scanned PDF's or an image's by OCR), or the file as it is (``"auto"``).
    Raises OSError or gongkai.Error (a PDF without pypdfium2 installed: "needs pypdfium2"; a
    scanned PDF or an image without the ``ocr`` extra; a file of more than ``max_bytes``:
    FileTooLargeError) for a file that cannot be read."""
    data, fmt, _ = parser_input(source, max_bytes)
    return data, fmt


def parser_input(source: str, max_bytes: int | None = MAX_BYTES) -> tuple[bytes, str, OcrText | None]:
    """:func:`parser_bytes`, and for a scanned PDF or an image what OCR recognised (the way
    back from its text to the boxes, and the referee's input: :func:`gongkai.ocr.referee`)."""
    data = read_file(Path(source), source, max_bytes)
    if data[:4] in _ZIP_SIGNATURES:
        xml = _docx_document_xml(data, source)
        pictured = _docx_pictures(data, xml, source)
        if pictured is not None:
            return pictured[0].encode("utf-8"), "text", pictured[1]
        return xml, "docx", None
    if data.lstrip()[:5] == b"%PDF-":
        try:
            text, ocr = pdf_or_ocr(data, source)
        except PdfDependencyError as e:
            raise _core.Error(f"needs pypdfium2: {e}") from None
        return text.encode("utf-8"), "text", ocr
    from .ocr import is_image

    if is_image(data):
        ocr = image_ocr(data, source)
        return ocr.text.encode("utf-8"), "text", ocr
    return data, "auto", None


# A zip archive starts with a local file header, or with the end record when it is empty.
_ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")
# word/document.xml is inflated in pieces and refused as soon as it passes a limit (docs/limits.md):
# a report's is a few MiB at most, Word's XML compresses about 17 to 1.
MAX_DOCUMENT_XML = 64 << 20
"""Bytes of word/document.xml a .docx may hold (64 MiB)."""
MAX_DOCX_RATIO = 100
"""Its size over its compressed size, at most, once past 8 MiB (a zip bomb is refused early)."""
_RATIO_FROM = 8 << 20
_PIECE = 1 << 20
# What zipfile raises for a damaged archive: bad headers, bad deflate data, a bad CRC, a member
# cut short, encryption (RuntimeError), an unknown compression method (NotImplementedError).
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    struct.error,
    EOFError,
    OSError,
    ValueError,
    NotImplementedError,
    RuntimeError,
)
# Content types of the main part of a Word document, template, or macro-enabled either.
_WORD_MAIN = re.compile(
    r"application/vnd\.(openxmlformats-officedocument\.wordprocessingml|ms-word)\.[\w.]+\.main\+xml"
)
_OVERRIDE = re.compile(r"<(?:\w+:)?Override\b[^>]*>")
_ATTR = re.compile(r"""\b(PartName|ContentType)\s*=\s*["']([^"']*)["']""")


def _docx_document_xml(data: bytes, label: str) -> bytes:
    """The WordprocessingML of the .docx held in ``data`` (a zip archive), as UTF-8.

    The main part is the one ``[Content_Types].xml`` declares as a Word document's (normally
    ``word/document.xml``, which is also taken when the declaration is missing). Raises
    ParseError naming ``label`` for a zip that holds no Word document and for a corrupt one.
    """
    xml: bytes | None = None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            part = _main_part(z)
            if part is not None:
                xml = _inflate_bounded(z, part, label)
    except _ZIP_ERRORS as e:
        raise _core.ParseError(f"{label}: this is a corrupt zip archive (a damaged .docx?): {e}") from None
    if xml is None:
        raise _core.ParseError(
            f"{label}: this is a zip archive but not a .docx (it holds no word/document.xml)"
        )
    if xml[:2] in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16, which XML allows and Word never writes
        xml = xml.decode("utf-16", errors="replace").encode("utf-8")
    return xml


def _inflate_bounded(z: zipfile.ZipFile, part: str, label: str) -> bytes:
    """The member ``part``, inflated a piece at a time and refused (ParseError naming ``label``)
    once it passes :data:`MAX_DOCUMENT_XML` or, past 8 MiB, :data:`MAX_DOCX_RATIO` times its
    compressed size; its declared size is checked first."""
    info = z.getinfo(part)
    limit = f"{MAX_DOCUMENT_XML >> 20} MiB, the limit of docs/limits.md"
    if info.file_size > MAX_DOCUMENT_XML:
        raise _core.ParseError(f"{label}: {part} says it holds {info.file_size >> 20} MiB, more than {limit}")
    pieces: list[bytes] = []
    size = 0
    with z.open(info) as f:
        while piece := f.read(_PIECE):
            size += len(piece)
            if size > MAX_DOCUMENT_XML:
                raise _core.ParseError(f"{label}: {part} holds more than {limit}")
            if size > _RATIO_FROM and size > MAX_DOCX_RATIO * max(1, info.compress_size):
                raise _core.ParseError(
                    f"{label}: {part} inflates to more than {MAX_DOCX_RATIO} times its compressed size "
                    f"({info.compress_size:,} bytes; a zip bomb?), more than docs/limits.md allows"
                )
            pieces.append(piece)
    return b"".join(pieces)


def _main_part(z: zipfile.ZipFile) -> str | None:
    names = {n.lower(): n for n in z.namelist()}
    types = names.get("[content_types].xml")
    if types is not None:
        with z.open(types) as f:
            text = f.read(1 << 20).decode("utf-8", errors="replace")
        for tag in _OVERRIDE.findall(text):
            attrs = dict(_ATTR.findall(tag))
            if _WORD_MAIN.fullmatch(attrs.get("ContentType", "").strip()):
                part = names.get(attrs.get("PartName", "").lstrip("/").lower())
                if part is not None:
                    return part
    return names.get("word/document.xml")


# PDF text (the layout: see gongkai.pdf) ---------------------------------------------------

INSTALL_HINT = "PDF input needs pypdfium2 (a dependency of gongkai): pip install pypdfium2"

# PDFium is not thread-safe: one call into it at a time, whichever thread makes it.
_PDFIUM_LOCK = threading.Lock()
_pdfium_functions: dict[str, int] = {}


class PdfDependencyError(ImportError, _core.Error):
    """pypdfium2, needed for PDF input, is not installed. Both an ImportError and a gongkai.Error."""


def _pdfium(source: str | None) -> dict[str, int]:
    """The addresses of the PDFium functions the C++ reader calls, in the library pypdfium2
    loads (and initialises on import)."""
    try:
        import pypdfium2  # type: ignore[import-untyped,unused-ignore]  # noqa: F401 - initialises the library
        from pypdfium2 import raw  # type: ignore[import-untyped,unused-ignore]
    except ImportError as e:
        where = f"{source}: " if source else ""
        raise PdfDependencyError(where + INSTALL_HINT) from e
    if not _pdfium_functions:
        for name in _core.pdfium_functions():
            address = ctypes.cast(getattr(raw, name), ctypes.c_void_p).value
            assert address is not None, name
            _pdfium_functions[name] = address
    return _pdfium_functions


def extract_text(data: bytes, *, layout: bool = True, source: str | None = None) -> str:
    """The text of a PDF's pages, each ending with a form feed, like ``pdftotext [-layout]``.

    PDFium (through pypdfium2) gives the characters, their boxes and the ruling lines of tables;
    the C++ core makes the lines (see :mod:`gongkai.pdf`). ``source`` names the input in error
    messages. Raises PdfDependencyError when pypdfium2 is missing and gongkai.ParseError for
    bytes that are no readable PDF or an encrypted one.
    """
    where = f"{source}: " if source else ""
    functions = _pdfium(source)
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"extract_text() takes the PDF's bytes, not {type(data).__name__}")
    data = bytes(data)
    if b"%PDF-" not in data[:1024]:
        raise _core.ParseError(f"{where}not a PDF file (no %PDF- header)")
    try:
        with _PDFIUM_LOCK:
            return _core.pdf_text(data, functions, layout)
    except _core.ParseError as e:
        raise _core.ParseError(f"{where}{e}") from None


def pdf_text(data: bytes, source: str) -> str:
    """A PDF's layout text (:func:`extract_text`), as the parser reads it. Raises
    PdfDependencyError when pypdfium2 is missing, gongkai.ParseError (naming ``source``) for
    bytes that are no readable PDF, an encrypted PDF, or a PDF without a text layer (a scanned
    document: :func:`pdf_or_ocr` reads it by OCR)."""
    text = extract_text(data, layout=True, source=source)
    if not text.strip():
        raise _core.ParseError(f"{source}: {_SCANNED}; {_ocr_hint()}")
    return text


_SCANNED = "the PDF has no text layer (a scanned document)"


def _ocr_hint() -> str:
    from .ocr import OCR_HINT

    return OCR_HINT


def pdf_or_ocr(data: bytes, source: str) -> tuple[str, OcrText | None]:
    """A PDF's layout text, or for a PDF without a text layer (a scanned document) the text
    OCR recognised in its pages rendered at 300 dpi, with what OCR recognised. Raises
    :class:`gongkai.ocr.OcrDependencyError` (naming ``pip install "gongkai[ocr]"``) for a
    scanned PDF when the ``ocr`` extra is not installed, and what :func:`pdf_text` raises."""
    text = extract_text(data, layout=True, source=source)
    if text.strip():
        return text, None
    from . import ocr

    try:
        ocr.require()
    except ocr.OcrDependencyError as e:
        raise ocr.OcrDependencyError(f"{source}: {_SCANNED}; {e}") from None
    pages = _render_pages(data, ocr.PDF_DPI)
    found = ocr.ocr_pages(pages, [ocr.PDF_DPI] * len(pages))
    if not found.text.strip():
        raise _core.ParseError(f"{source}: {_SCANNED}, and OCR found no text in its pages")
    return found.text, found


def _render_pages(data: bytes, dpi: int) -> list[Any]:
    """The pages of a PDF as images (PIL) rendered at ``dpi`` by PDFium."""
    import pypdfium2  # type: ignore[import-untyped,unused-ignore]

    with _PDFIUM_LOCK:
        doc = pypdfium2.PdfDocument(data)
        try:
            return [doc[i].render(scale=dpi / 72).to_pil() for i in range(len(doc))]
        finally:
            doc.close()


_PARAGRAPH = re.compile(rb"<w:p[ >].*?</w:p>|<w:p/>", re.DOTALL)
_RUN_TEXT = re.compile(rb"<w:t(?: [^>]*)?>([^<]*)</w:t>|<w:(tab|br)\b[^>]*/>")
_EMBED = re.compile(rb'<a:blip\b[^>]*\br:embed="([^"]+)"')
_RELATIONSHIP = re.compile(r"<Relationship\b[^>]*>")


def _docx_pictures(data: bytes, xml: bytes, source: str) -> tuple[str, OcrText] | None:
    """For a .docx whose tables are pictures (no table in its text, PNG or JPEG images in it):
    its paragraphs as text, each picture replaced by the text OCR recognised in it, and what
    OCR recognised (the words' places moved to the combined text). None for other .docx files."""
    if b"<w:tbl" in xml or b"r:embed" not in xml:
        return None
    import html

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = {n.lower(): n for n in z.namelist()}
        rels = names.get("word/_rels/document.xml.rels")
        if rels is None:
            return None
        targets = {}
        for tag in _RELATIONSHIP.findall(z.read(rels).decode("utf-8", errors="replace")):
            attrs = dict(re.findall(r'\b(Id|Target)="([^"]*)"', tag))
            target = "word/" + attrs.get("Target", "").lstrip("/").removeprefix("word/")
            if attrs.get("Id") and target.lower() in names:
                targets[attrs["Id"]] = names[target.lower()]
        pieces: list[str | bytes] = []  # text, or an image's bytes
        for para in _PARAGRAPH.findall(xml):
            text = "".join(
                html.unescape(m.group(1).decode("utf-8", errors="replace"))
                if m.group(1) is not None
                else "  "
                for m in _RUN_TEXT.finditer(para)
            )
            pieces.append(text)
            for rid in _EMBED.findall(para):
                name = targets.get(rid.decode())
                if name and name.lower().endswith((".png", ".jpg", ".jpeg")):
                    pieces.append(z.read(name))
    if not any(isinstance(p, bytes) for p in pieces):
        return None
    from . import ocr

    try:
        ocr.require()
    except ocr.OcrDependencyError as e:
        raise ocr.OcrDependencyError(f"{source}: a .docx whose tables are pictures; {e}") from None
    images, dpi = [], []
    for p in pieces:
        if isinstance(p, bytes):
            im, d = ocr.image_pages(p, source)
            images += im
            dpi += d
    found = ocr.ocr_pages(images, dpi)
    page_texts = found.text.split("\f")
    starts, at = [], 0
    for t in page_texts:
        starts.append(at)
        at += len(t.encode("utf-8")) + 1
    out, moved, k = "", [], 0
    for p in pieces:
        if isinstance(p, str):
            out += p + "\n"
            continue
        here = len(out.encode("utf-8"))
        out += page_texts[k].strip("\n") + "\n"
        lead = len(page_texts[k].encode("utf-8")) - len(page_texts[k].lstrip("\n").encode("utf-8"))
        moved.append((k, here - starts[k] - lead))
        k += 1
    words = found._words.copy()
    for page, shift in moved:
        words[words[:, 0] == page, 2] += shift
    found.text, found._words = out, words[np.argsort(words[:, 2], kind="stable")]
    return out, found


def image_ocr(data: bytes, source: str) -> OcrText:
    """The text OCR recognised in an image file (PNG, JPEG), with what it recognised. Raises
    :class:`gongkai.ocr.OcrDependencyError` when the ``ocr`` extra is not installed and
    gongkai.ParseError for an image that cannot be read."""
    from . import ocr

    try:
        ocr.require()
    except ocr.OcrDependencyError as e:
        raise ocr.OcrDependencyError(f"{source}: an image; {e}") from None
    images, dpi = ocr.image_pages(data, source)
    found = ocr.ocr_pages(images, dpi)
    if not found.text.strip():
        raise _core.ParseError(f"{source}: OCR found no text in the image")
    return found
