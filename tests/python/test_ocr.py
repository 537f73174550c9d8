"""OCR input (gongkai.ocr): scanned PDFs and images of rendered reports read through
gongkai.parse, gongkai.read and the CLI; origins with confidence and box; the referee's findings;
the message without the ``ocr`` extra.

OCR takes seconds a page: one rendered report is converted to PDF (LibreOffice), its pages
rendered at 300 dpi, and every recognition is kept for the session (keyed by the image), so
that its pages are recognised once whichever input form carries them. The full table per
resolution and degradation is benchmarks/bench_ocr.py.
"""

from __future__ import annotations

import hashlib
import io
import json
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import converters
import gongkai
from gongkai import _core, ocr
from gongkai.truth import score
from test_pdf import make_pdf

SEED = 1  # a 2021 report of three pages, with a table 2 of several numbers


def _has_ocr() -> bool:
    try:
        ocr.require()
    except ocr.OcrDependencyError:
        return False
    return True


needs_ocr = pytest.mark.skipif(not _has_ocr(), reason=ocr.OCR_HINT)


# -- without the engine ----------------------------------------------------------------------


def test_scanned_pdf_without_the_extra_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "rapidocr_onnxruntime" else real(name, *a),
    )
    with pytest.raises(
        ocr.OcrDependencyError, match=r'^scan\.pdf: the PDF has no text layer .*pip install "gongkai\[ocr\]"'
    ):
        gongkai.parse(make_pdf([[]]), name="scan.pdf")
    png = io.BytesIO()
    pytest.importorskip("PIL.Image").new("RGB", (40, 20), "white").save(png, "PNG")
    with pytest.raises(ImportError, match=r'^page\.png: an image; .*pip install "gongkai\[ocr\]"'):
        gongkai.parse(png.getvalue(), name="page.png")


def test_images_are_report_files() -> None:
    assert {".png", ".jpg", ".jpeg"} <= set(gongkai.inputs.REPORT_SUFFIXES)


# -- the pieces ---------------------------------------------------------------------------------


def test_readings_of_confusable_glyphs() -> None:
    r = ocr.readings("38")
    assert {"88", "33", "3", "8", "308", "388", "638"} <= set(r)
    assert "38" not in r and "038" not in r
    assert set(ocr.readings("7")) >= {"1", "17", "77", "70"}
    assert ocr.readings("1.5") == [] and ocr.readings("无") == []


def test_layout_chars_keeps_each_words_place_in_the_text() -> None:
    def page(words: list[tuple[str, float, float]]) -> tuple[Any, ...]:
        codes, boxes, blank = [], [], []
        for text, x, top in words:
            for k, ch in enumerate(text):
                codes.append(ord(ch))
                boxes.append((x + 10 * k, top, x + 10 * k + 10, top + 10))
                blank.append(False)
            codes.append(32)
            boxes.append((x + 10 * len(text), top, x + 10 * len(text), top + 10))
            blank.append(True)
        return (595.0, 842.0, np.array(codes, np.uint32), np.array(boxes), np.array(blank), np.zeros((0, 4)))

    text, words = _core.layout_chars([page([("总计", 100, 100), ("77", 300, 100), ("二", 100, 130)])])
    data = text.encode("utf-8")
    got = [(int(p), int(first), data[int(o) : int(o) + int(n)].decode()) for p, first, o, n in words]
    assert got == [(0, 0, "总计"), (0, 3, "77"), (0, 6, "二")]


def test_deskew_turns_the_rows_back() -> None:
    angle = np.radians(0.8)
    quads = []
    for row in range(3):
        for col in range(2):
            x, y = 100 + 400 * col, 100 + 60 * row
            corners = np.array([[x, y], [x + 300, y], [x + 300, y + 40], [x, y + 40]], float)
            c, s = np.cos(angle), np.sin(angle)
            quads.append((corners @ np.array([[c, s], [-s, c]]), f"{row}{col}", 0.9))
    boxes, turned = ocr._deskew(quads, 1000, 1000)
    assert turned == pytest.approx(0.8, abs=0.01)
    tops = [b.box[1] for b in boxes]
    assert max(tops[0:2]) - min(tops[0:2]) < 1 and max(tops[4:6]) - min(tops[4:6]) < 1


# -- rendered reports, recognised --------------------------------------------------------------


@pytest.fixture(scope="module")
def recognised(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One rendered report: its truth, its pages at 300 dpi (PNG) and as a scanned PDF; every
    recognition of the session kept by the image it was made of."""
    if not _has_ocr():
        pytest.skip(ocr.OCR_HINT)
    missing = converters.missing_tools("pdf")
    if missing:
        pytest.skip("needs " + "; ".join(missing))
    from PIL import Image

    case = converters.make_case(SEED)
    with tempfile.TemporaryDirectory() as tmp:
        pdf = converters.docx_to_pdf([case.docx], Path(tmp))[0].read_bytes()
    import pypdfium2

    doc = pypdfium2.PdfDocument(pdf)
    rendered = [doc[i].render(scale=300 / 72).to_pil().convert("RGB") for i in range(len(doc))]
    doc.close()
    folder = tmp_path_factory.mktemp("scans")
    scanned = folder / "scan.pdf"
    rendered[0].save(scanned, "PDF", resolution=300, save_all=True, append_images=rendered[1:])
    # the pages as gongkai renders the scanned PDF for OCR: the same images in every form below
    doc = pypdfium2.PdfDocument(scanned.read_bytes())
    pages = [doc[i].render(scale=300 / 72).to_pil().convert("RGB") for i in range(len(doc))]
    doc.close()
    png = folder / "page2.png"
    pages[1].save(png, "PNG", dpi=(300, 300))
    assert isinstance(Image.open(png), Image.Image)
    return {"case": case, "pdf": scanned, "png": png, "pages": pages}


@pytest.fixture(scope="module", autouse=True)
def _recognise_once() -> Iterator[None]:
    """Each image recognised once in this module, whichever input form carries it."""
    real = ocr._recognise
    cache: dict[Any, Any] = {}

    def cached(image: Any, engine: str) -> Any:
        key = (hashlib.sha1(image.convert("RGB").tobytes()).hexdigest(), image.size, engine)
        if key not in cache:
            cache[key] = real(image, engine)
        return cache[key]

    ocr._recognise = cached  # type: ignore[assignment]
    yield
    ocr._recognise = real  # type: ignore[assignment]


@pytest.fixture(scope="module")
def scanned_report(recognised: dict[str, Any]) -> gongkai.Report:
    return gongkai.parse(recognised["pdf"])


@needs_ocr
def test_scanned_pdf_reads_with_no_silent_cell(
    recognised: dict[str, Any], scanned_report: gongkai.Report
) -> None:
    r = scanned_report
    assert (r.template, r.year) == ("2021", recognised["case"].data.year)
    s = score(r.to_dict(), recognised["case"].truth)
    assert s.silent == []
    assert s.right >= 0.9 * s.total


@needs_ocr
def test_ocr_cells_carry_confidence_and_box(
    recognised: dict[str, Any], scanned_report: gongkai.Report
) -> None:
    o = scanned_report.origin("table3/new/total")
    assert o.state == "value" and o.raw == str(int(recognised["case"].truth["table3"]["new"][-1]))
    assert o.confidence is not None and 0 < o.confidence <= 1
    assert o.page == 2
    assert o.box is not None
    x0, top, x1, bottom = o.box
    width, height = recognised["pages"][1].size
    assert 0 <= x0 < x1 <= width and 0 <= top < bottom <= height
    # a text input has no confidence
    assert gongkai.parse(gongkai.sample_paths()[0]).origin("table3/new/total").confidence is None


@needs_ocr
def test_a_misread_that_breaks_an_identity_gets_the_one_reading_that_mends_it(
    recognised: dict[str, Any], scanned_report: gongkai.Report
) -> None:
    from gongkai.report import parse_ocr

    found = scanned_report._ocr
    assert found is not None
    o = scanned_report.origin("table3/new/total")
    data = found.text.encode("utf-8")
    start = scanned_report._r.table3_origins[scanned_report.table3_rows.index("new") * 7 + 6][3]
    wrong = (
        o.raw.replace("7", "1", 1) if "7" in o.raw else o.raw[:-1] + {"3": "8", "8": "3"}.get(o.raw[-1], "8")
    )
    found.text = (data[:start] + wrong.encode() + data[start + len(o.raw) :]).decode("utf-8")
    r = parse_ocr(found, "misread.pdf")
    assert r.table3_frame().loc["new", "total"] == float(wrong)  # kept as read
    confusion = [f for f in r.findings if f.rule == "parse.ocr_confusion"]
    assert [(f.cells, f.suggested_cell, f.suggested_value) for f in confusion] == [
        (["table3/new/total"], "table3/new/total", float(o.raw))
    ]
    assert confusion[0].severity == "warning"
    assert score(r.to_dict(), recognised["case"].truth).silent == []


@needs_ocr
def test_low_confidence_cells_are_named(scanned_report: gongkai.Report) -> None:
    from gongkai.report import parse_ocr

    found = scanned_report._ocr
    assert found is not None
    core = _core.parse_bytes(found.text.encode("utf-8"), "x", "text")
    ocr.referee(core, found, low_confidence=1.01)  # every cell below it
    named = {c for f in core.findings if f.rule == "parse.ocr_low_confidence" for c in f.cells}
    r = parse_ocr(found, "x")
    assert named == {c for c in ocr._value_cells(r._r)}


@needs_ocr
def test_image_and_folder_and_cli(
    recognised: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    r = gongkai.parse(recognised["png"])  # the page of table 3
    assert r.has_tables[1]
    o = r.origin("table3/new/total")
    assert o.confidence is not None and o.page == 1
    assert r.table3_frame().loc["new", "total"] == recognised["case"].truth["table3"]["new"][-1]
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "scan.pdf").write_bytes(recognised["pdf"].read_bytes())
    (folder / "notes.xlsx").write_bytes(b"PK\x05\x06" + bytes(18))
    corpus = gongkai.read(folder, progress=False)
    statuses = dict(zip(corpus.accounting["source"].map(lambda s: Path(s).name), corpus.accounting["status"]))
    assert statuses == {
        "scan.pdf": "parsed_with_findings" if _errors(corpus) else "parsed",
        "notes.xlsx": "skipped",
    }
    from gongkai.cli import main

    assert main(["parse", str(folder / "scan.pdf"), "--json"]) in (0, 1)
    out = json.loads(capsys.readouterr().out)
    assert out["template"] == "2021"


def _errors(corpus: Any) -> bool:
    return bool(corpus.accounting["errors"].sum())


def _docx_of_pictures(images: list[bytes]) -> bytes:
    """A .docx of one paragraph of text and then the pictures, one a paragraph (a scan pasted
    into Word)."""
    import zipfile

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    r = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    a = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
    body = "<w:p><w:r><w:t>附件</w:t></w:r></w:p>" + "".join(
        f'<w:p><w:r><w:drawing><a:graphic><a:graphicData><a:blip r:embed="rId{i + 1}"/>'
        "</a:graphicData></a:graphic></w:drawing></w:r></w:p>"
        for i in range(len(images))
    )
    rels = "".join(
        f'<Relationship Id="rId{i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'relationships/image" Target="media/image{i + 1}.png"/>'
        for i in range(len(images))
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="png" ContentType="image/png"/><Override PartName="/word/document.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        z.writestr(
            "word/document.xml",
            f'<?xml version="1.0"?><w:document {w} {r} {a}><w:body>{body}</w:body></w:document>',
        )
        z.writestr(
            "word/_rels/document.xml.rels",
            f'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>',
        )
        for i, png in enumerate(images):
            z.writestr(f"word/media/image{i + 1}.png", png)
    return out.getvalue()


@needs_ocr
def test_docx_whose_tables_are_pictures(recognised: dict[str, Any]) -> None:
    pngs = []
    for page in recognised["pages"]:
        buf = io.BytesIO()
        page.save(buf, "PNG", dpi=(300, 300))
        pngs.append(buf.getvalue())
    r = gongkai.parse(_docx_of_pictures(pngs), name="pictures.docx")
    assert r.template == "2021"
    s = score(r.to_dict(), recognised["case"].truth)
    assert s.silent == [] and s.right >= 0.9 * s.total
    o = r.origin("table3/new/total")
    assert o.confidence is not None and o.page == 2
    data = r._ocr.text.encode("utf-8") if r._ocr else b""
    start = r._r.table3_origins[r.table3_rows.index("new") * 7 + 6][3]
    assert data[start : start + len(o.raw)].decode() == o.raw
