"""OCR input: scanned PDFs (pages without a text layer) and images of reports (PNG, JPEG).

The pages are recognised by an OCR engine that works offline with its models inside its
package (the optional extra ``gongkai[ocr]``; :data:`ENGINES`). What it recognises — boxes of
text, each with a confidence — is split into characters with boxes and laid out by the C++ core
exactly as a PDF's characters are (:mod:`gongkai.pdf`, ``_core.layout_chars``), then parsed as
text by the same template matcher. Nothing after the layout knows the text came from OCR.

Every word of the laid-out text keeps the box it was recognised in, so every table cell read
from OCR has its page, its box (pixels of the page image) and its confidence:
``Report.origin(cell)`` gives them (``confidence``, ``page``, ``box``).

The identities of the tables are the referee (:func:`referee`): a cell named by an identity
that does not hold, and that one other reading of its glyphs (3/8, 1/7, 0/6/9, 5/6, a dropped
or a doubled digit) would make hold, gets a finding ``parse.ocr_confusion`` with that reading
as its suggestion; the value stays as read. A cell recognised with a confidence below
:data:`LOW_CONFIDENCE` gets a finding ``parse.ocr_low_confidence``. Table 2 has no identity:
its cells are refereed by the confidence alone.

A page is deskewed before the layout: the angle of the long boxes of text (their median) is
turned back, so that the rows of a table scanned a little askew stay rows.
"""

from __future__ import annotations

import bisect
import io
import math
import threading
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from . import _core

if TYPE_CHECKING:
    from PIL import Image as PILImage

__all__ = [
    "DEFAULT_ENGINE",
    "ENGINES",
    "IMAGE_SUFFIXES",
    "LOW_CONFIDENCE",
    "OCR_HINT",
    "OcrBox",
    "OcrDependencyError",
    "OcrOrigin",
    "OcrText",
    "image_pages",
    "ocr_pages",
    "referee",
    "require",
]

OCR_HINT = 'OCR of scanned PDFs and images needs the "ocr" extra: pip install "gongkai[ocr]"'
"""What to install for OCR input."""

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")
"""Image files read as reports (each image one input)."""

ENGINES = ("rapidocr", "tesseract")
"""OCR engines: ``rapidocr`` (rapidocr-onnxruntime: PP-OCRv4 models inside the wheel, run by
onnxruntime; the ``ocr`` extra) and ``tesseract`` (Debian's tesseract-ocr and
tesseract-ocr-chi-sim, through pytesseract; compared in benchmarks/bench_ocr.py)."""
DEFAULT_ENGINE = "rapidocr"

PDF_DPI = 300
"""Resolution at which the pages of a scanned PDF are rendered for OCR."""

LOW_CONFIDENCE = 0.6
"""A table cell recognised with a confidence below this is named by ``parse.ocr_low_confidence``
(chosen from the confidences of right and wrong cells of benchmarks/bench_ocr.py)."""

_POINT_HEIGHT = 12.0  # pt: the height given to the median box of text of an image without a resolution


class OcrDependencyError(ImportError, _core.Error):
    """The OCR engine is not installed. Both an ImportError and a gongkai.Error."""


@dataclass(frozen=True)
class OcrBox:
    """One box of text the engine recognised: its text, its box (x0, top, x1, bottom in pixels
    of the page image, deskewed), its confidence (0 to 1)."""

    text: str
    box: tuple[float, float, float, float]
    confidence: float


@dataclass(frozen=True)
class OcrOrigin:
    """Where a table cell was recognised: page (1-based), the box of text it was read from
    (x0, top, x1, bottom in pixels of the page image), the box's text and confidence."""

    page: int
    box: tuple[float, float, float, float]
    text: str
    confidence: float


@dataclass
class OcrPage:
    width: int  # pixels
    height: int
    dpi: float  # pixels an inch (estimated for an image without a resolution)
    boxes: list[OcrBox]
    angle: float = 0.0  # degrees the page was turned back by


@dataclass
class OcrText:
    """The laid-out text of recognised pages and the way back from it to the boxes."""

    text: str
    pages: list[OcrPage]
    engine: str
    seconds: float = 0.0
    # one row a word of the text: page, box index in that page, byte offset, bytes
    _words: np.ndarray = field(default_factory=lambda: np.zeros((0, 4), np.int64))

    def origin_at(self, offset: int) -> OcrOrigin | None:
        """The box the byte ``offset`` of the text was recognised in, or None."""
        starts = self._words[:, 2]
        i = bisect.bisect_right(starts.tolist(), offset) - 1
        if i < 0:
            return None
        page, box, start, size = (int(v) for v in self._words[i])
        if not start <= offset < start + size:
            return None
        b = self.pages[page].boxes[box]
        return OcrOrigin(page + 1, b.box, b.text, b.confidence)


# Engines ---------------------------------------------------------------------------------

_LOCK = threading.Lock()
_ENGINES: dict[str, Any] = {}


def _missing(engine: str, e: Exception | None = None) -> OcrDependencyError:
    if engine == "tesseract":
        return OcrDependencyError(
            "the tesseract engine needs pytesseract and Debian's tesseract-ocr tesseract-ocr-chi-sim"
            + (f" ({e})" if e else "")
        )
    return OcrDependencyError(OCR_HINT + (f" ({e})" if e else ""))


def require(engine: str = DEFAULT_ENGINE) -> None:
    """Raises OcrDependencyError (naming ``pip install "gongkai[ocr]"``) when ``engine`` is not
    installed; imports nothing heavy."""
    import importlib.util
    import shutil

    if engine == "tesseract":
        if importlib.util.find_spec("pytesseract") is None or not shutil.which("tesseract"):
            raise _missing("tesseract")
        return
    for module in ("rapidocr_onnxruntime", "PIL"):
        if importlib.util.find_spec(module) is None:
            raise _missing(engine, ImportError(f"no module named {module!r}"))


def _rapidocr() -> Any:
    if "rapidocr" not in _ENGINES:
        try:
            from rapidocr_onnxruntime import RapidOCR  # type: ignore[import-not-found,import-untyped,unused-ignore]
        except ImportError as e:
            raise _missing("rapidocr", e) from None
        # no angle classifier (report pages are upright); pages up to A4 at 300 dpi kept whole
        # every box kept whatever its score (the findings say which scored low)
        engine = RapidOCR(use_cls=False, max_side_len=3600, text_score=0.0, print_verbose=False)
        _merge_zero_lookalikes(engine)
        _ENGINES["rapidocr"] = engine
    return _ENGINES["rapidocr"]


class _ZeroMerged:
    """The recognizer's decoding with the probabilities of the letters O, o and 〇 added to the
    digit 0's before the best character is taken: a lone "0" in a table cell is otherwise read
    with its probability shared among look-alikes (a confidence of 0.5 for a clear zero), and a
    report has no Latin O where a digit may stand."""

    def __init__(self, decode: Any, zero: int, alike: list[int]) -> None:
        self._decode, self._zero, self._alike = decode, zero, alike

    def __call__(self, preds: np.ndarray, *args: Any, **kwargs: Any) -> Any:
        preds = np.array(preds, copy=True)
        preds[..., self._zero] += preds[..., self._alike].sum(axis=-1)
        preds[..., self._alike] = 0
        return self._decode(preds, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._decode, name)


def _merge_zero_lookalikes(engine: Any) -> None:
    decode = engine.text_rec.postprocess_op
    index = {c: i for i, c in enumerate(decode.character)}
    alike = [index[c] for c in ("O", "o", "〇") if c in index]
    if "0" in index and alike:
        engine.text_rec.postprocess_op = _ZeroMerged(decode, index["0"], alike)


def _quads_rapidocr(image: PILImage.Image) -> list[tuple[np.ndarray, str, float]]:
    engine = _rapidocr()
    result, _ = engine(np.asarray(image.convert("RGB"))[:, :, ::-1])
    return [(np.asarray(q, dtype=float), str(t), float(c)) for q, t, c in (result or [])]


def _quads_tesseract(image: PILImage.Image) -> list[tuple[np.ndarray, str, float]]:
    try:
        import pytesseract  # type: ignore[import-not-found,import-untyped,unused-ignore]
    except ImportError as e:
        raise _missing("tesseract", e) from None
    try:
        data = pytesseract.image_to_data(
            image.convert("L"), lang="chi_sim", config="--psm 6", output_type=pytesseract.Output.DICT
        )
    except pytesseract.TesseractNotFoundError as e:
        raise _missing("tesseract", e) from None
    # words of one tesseract line closer than half their height are one box (tesseract cuts
    # Chinese text into single characters); the table's borders, read as "|", are dropped
    out: list[tuple[np.ndarray, str, float]] = []
    current: list[Any] | None = None
    key = None
    for i, text in enumerate(data["text"]):
        text = text.strip().strip("|").strip()
        conf = float(data["conf"][i])
        if not text or conf < 0:
            continue
        x, y, w, h = (float(data[k][i]) for k in ("left", "top", "width", "height"))
        k = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        if current is not None and k == key and x - current[2] < 0.5 * min(h, current[3] - current[1]):
            current[2], current[1], current[3] = x + w, min(current[1], y), max(current[3], y + h)
            current[4] += text
            current[5].append(conf / 100)
        else:
            if current is not None:
                out.append(_tess_box(current))
            current = [x, y, x + w, y + h, text, [conf / 100]]
        key = k
    if current is not None:
        out.append(_tess_box(current))
    return out


def _tess_box(c: list[Any]) -> tuple[np.ndarray, str, float]:
    x0, y0, x1, y1 = c[:4]
    return np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]]), c[4], float(min(c[5]))


_LETTER_DIGITS = str.maketrans({"O": "0", "o": "0", "〇": "0"})


def _digits(text: str) -> str:
    """A box's text with full-width digits as digits and, in a box of digits, the letter O read
    for a zero as 0 ("1O" -> "10"); other text as it is."""
    text = unicodedata.normalize("NFKC", text) if any("０" <= c <= "９" for c in text) else text
    mapped = text.translate(_LETTER_DIGITS)
    return mapped if mapped.replace(" ", "").isdigit() else text


def _recognise(image: PILImage.Image, engine: str) -> list[tuple[np.ndarray, str, float]]:
    if engine not in ENGINES:
        from .choices import UnknownNameError

        raise UnknownNameError("OCR engine", engine, ENGINES)
    with _LOCK:  # one recognition at a time: the engines use every core already
        found = _quads_rapidocr(image) if engine == "rapidocr" else _quads_tesseract(image)
    return [(q, _digits(t), c) for q, t, c in found if t.strip()]


def _deskew(
    quads: list[tuple[np.ndarray, str, float]], width: int, height: int
) -> tuple[list[OcrBox], float]:
    """Boxes turned back by the median angle of the long boxes of text (a page scanned askew)."""
    angles = []
    for q, _, _ in quads:
        dx, dy = q[1] - q[0]
        h = float(np.linalg.norm(q[3] - q[0]))
        if math.hypot(dx, dy) > 3 * max(h, 1.0):
            angles.append(math.atan2(dy, dx))
    angle = float(np.median(angles)) if angles else 0.0
    if abs(angle) < math.radians(0.05):
        angle = 0.0
    c, s = math.cos(-angle), math.sin(-angle)
    cx, cy = width / 2, height / 2
    boxes = []
    for q, text, conf in quads:
        x, y = q[:, 0] - cx, q[:, 1] - cy
        xs, ys = c * x - s * y + cx, s * x + c * y + cy
        boxes.append(OcrBox(text, (float(xs.min()), float(ys.min()), float(xs.max()), float(ys.max())), conf))
    return boxes, math.degrees(angle)


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def _rows(boxes: list[OcrBox]) -> list[tuple[float, float]]:
    """The top and bottom each box is laid out at: boxes whose middles are within a quarter of
    the median box height of each other (the cells of one table row, recognised with boxes a
    few pixels apart: "12" taller than "0") share the median top and bottom of the group, as
    the characters of one line of a PDF share their baseline."""
    if not boxes:
        return []
    heights = sorted(b.box[3] - b.box[1] for b in boxes)
    tolerance = 0.25 * heights[len(heights) // 2]
    order = sorted(range(len(boxes)), key=lambda k: boxes[k].box[1] + boxes[k].box[3])
    out: list[tuple[float, float]] = [(b.box[1], b.box[3]) for b in boxes]
    group: list[int] = []

    def close() -> None:
        tops = sorted(boxes[k].box[1] for k in group)
        bottoms = sorted(boxes[k].box[3] for k in group)
        for k in group:
            out[k] = (tops[len(tops) // 2], bottoms[len(bottoms) // 2])

    for k in order:
        middle = (boxes[k].box[1] + boxes[k].box[3]) / 2
        if group and middle - (boxes[group[0]].box[1] + boxes[group[0]].box[3]) / 2 > tolerance:
            close()
            group = []
        group.append(k)
    close()
    return out


def _chars(page: OcrPage, scale: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The page's boxes as characters (code points, boxes in points, blank flags) and the box
    each character came from: a box's width shared among its characters (a wide character
    counts twice a narrow one), a blank after each box so that no word runs into the next box."""
    codes: list[int] = []
    boxes: list[tuple[float, float, float, float]] = []
    blank: list[bool] = []
    owner: list[int] = []
    rows = _rows(page.boxes)
    for k, b in enumerate(page.boxes):
        text = b.text
        x0, x1 = b.box[0] * scale, b.box[2] * scale
        top, bottom = rows[k][0] * scale, rows[k][1] * scale
        weights = [2.0 if _wide(ch) else 1.0 for ch in text]
        total = sum(weights) or 1.0
        x = x0
        for ch, w in zip(text, weights):
            step = (x1 - x0) * w / total
            codes.append(ord(ch))
            boxes.append((x, top, x + step, bottom))
            blank.append(ch.isspace())
            owner.append(k)
            x += step
        codes.append(ord(" "))
        boxes.append((x1, top, x1, bottom))
        blank.append(True)
        owner.append(k)
    return (
        np.asarray(codes, dtype=np.uint32),
        np.asarray(boxes, dtype=float).reshape(-1, 4),
        np.asarray(blank, dtype=bool),
        np.asarray(owner, dtype=np.int64),
    )


def ocr_pages(
    images: Sequence[PILImage.Image],
    dpi: Sequence[float | None] | None = None,
    *,
    engine: str = DEFAULT_ENGINE,
) -> OcrText:
    """Recognise ``images`` (pages in order) and lay their text out as a PDF's (``dpi`` per
    image: pixels an inch, None where unknown, then estimated from the height of the text)."""
    import time

    t0 = time.perf_counter()
    pages: list[OcrPage] = []
    for i, image in enumerate(images):
        quads = _recognise(image, engine)
        boxes, angle = _deskew(quads, image.width, image.height)
        d = dpi[i] if dpi is not None else None
        if not d:
            heights = sorted(b.box[3] - b.box[1] for b in boxes)
            d = 72 * heights[len(heights) // 2] / _POINT_HEIGHT if heights else 300.0
        pages.append(OcrPage(image.width, image.height, float(d), boxes, angle))
    return layout(pages, engine=engine, seconds=time.perf_counter() - t0)


def layout(pages: list[OcrPage], *, engine: str = DEFAULT_ENGINE, seconds: float = 0.0) -> OcrText:
    """The text of recognised pages, laid out by the C++ core as a PDF's characters are."""
    core_pages = []
    owners = []
    for p in pages:
        scale = 72.0 / p.dpi
        codes, boxes, blank, owner = _chars(p, scale)
        core_pages.append((p.width * scale, p.height * scale, codes, boxes, blank, np.zeros((0, 4))))
        owners.append(owner)
    text, words = _core.layout_chars(core_pages)
    words = np.asarray(words, dtype=np.int64).reshape(-1, 4)
    mapped = words.copy()
    for i, (page, first, _, _) in enumerate(words):
        mapped[i, 1] = owners[int(page)][int(first)]
    order = np.argsort(mapped[:, 2], kind="stable")
    return OcrText(str(text), pages, engine, seconds, mapped[order])


# Inputs ----------------------------------------------------------------------------------


def _pil() -> Any:
    try:
        from PIL import Image
    except ImportError as e:
        raise _missing("rapidocr", e) from None
    return Image


def image_pages(data: bytes, source: str) -> tuple[list[PILImage.Image], list[float | None]]:
    """The frames of an image file (PNG, JPEG) and their resolution where the file says it."""
    Image = _pil()
    try:
        im = Image.open(io.BytesIO(data))
        im.load()
    except Exception as e:  # noqa: BLE001 - Pillow raises many types for a damaged image
        raise _core.ParseError(f"{source}: not an image that can be read ({type(e).__name__}: {e})") from None
    dpi = im.info.get("dpi")
    d = float(dpi[0]) if dpi and dpi[0] and float(dpi[0]) > 30 else None
    # a resolution of 72 or 96 is a default that says nothing about the scan
    if d is not None and round(d) in (72, 96):
        d = None
    return [im.convert("RGB")], [d]


def is_image(data: bytes) -> bool:
    """Whether ``data`` starts like a PNG or a JPEG file."""
    return data[:8] == b"\x89PNG\r\n\x1a\n" or data[:3] == b"\xff\xd8\xff"


# The referee ------------------------------------------------------------------------------

IDENTITY_RULES = ("table3.balance", "table3.results", "table3.row_total", "table4.block_total")

# readings one glyph may be taken for
_CONFUSED = {"0": "689", "1": "7", "3": "8", "5": "6", "6": "0589", "7": "1", "8": "0356", "9": "06"}


def readings(raw: str) -> list[str]:
    """Other readings of the digits ``raw``: one glyph confused (3/8, 1/7, 0/6/9, 5/6), a digit
    dropped by the recognition (any digit inserted) or doubled (one removed)."""
    out: list[str] = []
    if not raw.isdigit() or not raw.isascii():
        return out
    for i, ch in enumerate(raw):
        for alt in _CONFUSED.get(ch, ""):
            out.append(raw[:i] + alt + raw[i + 1 :])
        if len(raw) > 1:
            out.append(raw[:i] + raw[i + 1 :])
    for i in range(len(raw) + 1):
        for d in "0123456789":
            out.append(raw[:i] + d + raw[i:])
    kept: list[str] = []
    for r in out:
        if r != raw and not (len(r) > 1 and r[0] == "0") and r not in kept:
            kept.append(r)
    return kept


def _identity_breaks(findings: Sequence[Any]) -> set[tuple[str, tuple[str, ...]]]:
    return {(f.rule, tuple(f.cells)) for f in findings if f.rule in IDENTITY_RULES}


def _cell_value(core: _core.Report, cell: str) -> float:
    """The value the core report read in ``cell`` (NaN where none; ValueError for a cell it
    has no place for)."""
    from .template import TABLE3_COLUMNS, TABLE4_BLOCKS, TABLE4_VALUES

    table, row, col = cell.split("/")
    if table == "table3":
        i, j = list(core.table3_rows).index(row), [c.id for c in TABLE3_COLUMNS].index(col)
        return float(np.asarray(core.table3_values)[i, j])
    if table == "table4":
        i, j = [b.id for b in TABLE4_BLOCKS].index(row), [v.id for v in TABLE4_VALUES].index(col)
        return float(np.asarray(core.table4_values)[i, j])
    return float(np.asarray(core.table2_values).ravel()[list(core.table2_fields).index((row, col))])


def referee(core: _core.Report, ocr: OcrText, *, low_confidence: float = LOW_CONFIDENCE) -> None:
    """Add the OCR findings to the report ``core`` (parsed from ``ocr.text``):
    ``parse.ocr_confusion`` for a cell of a broken identity that exactly one other reading of
    its glyphs would mend (its suggestion that reading: every other reading is tried by parsing
    the text again with it), ``parse.ocr_low_confidence`` for a cell recognised with a
    confidence below ``low_confidence``. No value is changed."""
    data = ocr.text.encode("utf-8")
    breaks = _identity_breaks(core.findings)
    cells = _cells(core)
    named = sorted({c for _, cs in breaks for c in cs})
    tries: dict[tuple[str, str], set[tuple[str, tuple[str, ...]]]] = {}
    suggestions: dict[tuple[str, tuple[str, ...]], list[tuple[str, str]]] = {b: [] for b in breaks}
    for cell in named:
        if cell not in cells:
            continue
        line, start, state, raw = cells[cell]
        raw = raw.strip()
        if state != "value" or not (raw.isdigit() and raw.isascii()):
            continue
        at = data.find(raw.encode(), start)
        if at != start:
            continue
        end = at + len(raw)
        for alt in readings(raw):
            extra = len(alt) - len(raw)
            tail = data[end:]
            if extra > 0:  # the wider reading takes the spaces after it, where there are
                spaces = len(tail) - len(tail.lstrip(b" "))
                tail = tail[min(extra, max(0, spaces - 1)) :]
            elif extra < 0:
                tail = b" " * -extra + tail
            try:
                trial = _core.parse_bytes(data[:at] + alt.encode() + tail, core.source, "text")
                same = _cell_value(trial, cell) == float(alt)
            except (_core.Error, ValueError):
                continue
            left = _identity_breaks(trial.findings)
            tries[(cell, alt)] = left
            if not same or left - breaks:
                continue
            for b in breaks:
                if cell in b[1] and b not in left:
                    suggestions[b].append((cell, alt))
    added: set[str] = set()
    for b, fixes in suggestions.items():
        if len(fixes) != 1:
            continue
        cell, alt = fixes[0]
        if cell in added:
            continue
        added.add(cell)
        line, start, _, raw = cells[cell]
        mended = sorted({r for r, cs in breaks if (r, cs) not in tries[(cell, alt)]})
        core._add_finding(
            "parse.ocr_confusion",
            "warning",
            f'{cell} read "{raw.strip()}" by OCR; "{alt}", the one other reading of its glyphs that '
            f"makes {', '.join(mended)} hold, is suggested (the value is kept as read)",
            [cell],
            line,
            _column(data, start),
            cell,
            float(alt),
        )
    _table2_gaps(core, cells, data)
    for cell, (line, start, state, _) in cells.items():
        if state != "value":
            continue
        origin = ocr.origin_at(start)
        if origin is not None and origin.confidence < low_confidence:
            core._add_finding(
                "parse.ocr_low_confidence",
                "warning",
                f'{cell} read "{origin.text}" by OCR with confidence {origin.confidence:.2f} '
                f"(below {low_confidence}) on page {origin.page}",
                [cell],
                line,
                _column(data, start),
            )


def _table2_gaps(core: _core.Report, cells: dict[str, tuple[int, int, str, str]], data: bytes) -> None:
    """``parse.ocr_gap`` for every row of table 2 read by OCR with a number in some columns
    and none in others: the recognizer can miss a lone digit, and the row's values would then
    stand in the wrong columns with no identity to tell (a blank cell looks the same)."""
    rows: dict[str, list[str]] = {}
    for row, col in core.table2_fields:
        rows.setdefault(row, []).append(f"table2/{row}/{col}")
    states = dict(
        zip([f"table2/{r}/{c}" for r, c in core.table2_fields], np.asarray(core.table2_state).ravel())
    )
    from .template import CELL_STATES

    for row, names in rows.items():
        shown = [CELL_STATES[int(states[n])] for n in names]
        read = [n for n, st in zip(names, shown) if st == "value" and n in cells]
        if not read or len(read) == len(names) or not any(st in ("blank", "absent") for st in shown):
            continue
        line, start, _, _ = cells[read[0]]
        core._add_finding(
            "parse.ocr_gap",
            "warning",
            f"table 2 row {row} read by OCR with numbers in {len(read)} of its {len(names)} columns: a "
            "number the recognizer missed would leave the others in the wrong columns",
            names,
            line,
            _column(data, start),
        )


def _column(data: bytes, offset: int) -> int:
    """The 1-based column in characters of the byte ``offset``."""
    return len(data[data.rfind(b"\n", 0, offset) + 1 : offset].decode("utf-8", errors="replace")) + 1


def _cells(core: _core.Report) -> dict[str, tuple[int, int, str, str]]:
    """Every cell the report has a place for in the source: line, byte offset, state, raw text."""
    from .template import CELL_STATES, TABLE3_COLUMNS, TABLE4_BLOCKS, TABLE4_VALUES

    tables = [
        ([f"table2/{r}/{v}" for r, v in core.table2_fields], core.table2_origins, core.table2_state),
        (
            [f"table3/{r}/{c.id}" for r in core.table3_rows for c in TABLE3_COLUMNS],
            core.table3_origins,
            core.table3_state,
        ),
        (
            [f"table4/{b.id}/{v.id}" for b in TABLE4_BLOCKS for v in TABLE4_VALUES],
            core.table4_origins,
            core.table4_state,
        ),
    ]
    out = {}
    for names, origins, states in tables:
        for name, origin, state in zip(names, origins, np.asarray(states).ravel()):
            raw, line, _column, offset, _placement = origin
            if line:
                out[name] = (int(line), int(offset), CELL_STATES[int(state)], str(raw))
    return out


def _value_cells(core: _core.Report) -> list[str]:
    """The cells that hold a number read from the source."""
    return [c for c, (_, _, state, _) in _cells(core).items() if state == "value"]
