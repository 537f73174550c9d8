"""PDF input (gongkai.pdf): text extraction laid out like pdftotext -layout from PDFium's
characters, errors (damaged, encrypted, scanned PDFs), the message when pypdfium2 is missing,
and the API on PDFs LibreOffice makes of rendered reports."""

from __future__ import annotations

import builtins
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pypdfium2
import pytest

import converters
import gongkai
from converters import Case
from gongkai import pdf
from gongkai.truth import score

CORPUS_PDFS = ["huaian_city_gov_2024", "huaian_hongzequ_gov_2023", "huaian_hongzequ_gov_2024"]


def make_pdf(pages: list[list[tuple[float, float, str]]]) -> bytes:
    """A minimal PDF: each page a list of (x, y, text) drawn in Helvetica 10 pt (y from the bottom)."""
    objects: list[bytes] = []
    n_pages = len(pages)
    font_id = 3 + 2 * n_pages
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(n_pages))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {n_pages} >>".encode())
    for i, page in enumerate(pages):
        stream = "".join(f"BT /F1 10 Tf {x} {y} Td ({text}) Tj ET\n" for x, y, text in page).encode()
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {4 + 2 * i} 0 R "
            f"/Resources << /Font << /F1 {font_id} 0 R >> >> >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"endstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for k, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % k + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def encrypted(data: bytes) -> bytes:
    """``data`` (a PDF of :func:`make_pdf`) with an /Encrypt dictionary of the standard security
    handler whose user password is not empty: it opens only with the password."""
    size = int(re.search(rb"/Size (\d+)", data).group(1))  # type: ignore[union-attr]
    body = data[: data.index(b"\nxref\n") + 1]
    body += b"%d 0 obj\n<< /Filter /Standard /V 1 /R 2 /Length 40 /O <%s> /U <%s> /P -4 >>\nendobj\n" % (
        size,
        b"11" * 32,
        b"22" * 32,
    )
    offsets = [m.start() for m in re.finditer(rb"(?m)^\d+ 0 obj", body)]
    out = body + b"xref\n0 %d\n0000000000 65535 f \n" % (size + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += (
        b"trailer\n<< /Size %d /Root 1 0 R /Encrypt %d 0 R /ID [<%s> <%s>] >>\nstartxref\n%d\n%%%%EOF\n"
        % (
            size + 1,
            size,
            b"ab" * 16,
            b"ab" * 16,
            len(body),
        )
    )
    return out


TABLE_PAGE: list[tuple[float, float, str]] = [
    (72, 760, "Annual report"),
    (72, 700, "Licensing"),
    (300, 700, "1"),
    (400, 700, "22"),
    (72, 680, "Penalty"),
    (290, 680, "333"),
    (400, 680, "4444"),
    (290, 40, "- 1 -"),
]


# Without the corpus ---------------------------------------------------------------------------


def test_columns_line_up_and_pages_end_with_form_feeds() -> None:
    text = pdf.extract_text(make_pdf([TABLE_PAGE, [(72, 760, "Second page")]]))
    pages = text.split("\f")
    assert len(pages) == 3 and pages[-1] == ""
    assert all(p.endswith("\n") for p in pages[:2])
    lines = [line for line in pages[0].splitlines() if line.strip()]
    assert lines[0].strip() == "Annual report"
    licensing = next(line for line in lines if "Licensing" in line)
    penalty = next(line for line in lines if "Penalty" in line)
    assert licensing.split() == ["Licensing", "1", "22"]
    assert penalty.split() == ["Penalty", "333", "4444"]
    # Numbers stand at the text column of their x position: same x, same column.
    assert licensing.index("22") == penalty.index("4444")
    assert pages[1].strip() == "Second page"


def test_page_numbers_are_left_out() -> None:
    text = pdf.extract_text(make_pdf([TABLE_PAGE]))
    assert "- 1 -" not in text
    plain = pdf.extract_text(make_pdf([TABLE_PAGE]), layout=False)
    assert "- 1 -" not in plain
    assert "Licensing 1 22\n" in plain


def test_not_a_pdf_names_the_file() -> None:
    with pytest.raises(gongkai.ParseError, match=r"^report\.pdf: not a PDF file"):
        pdf.extract_text(b"<html><body>not a pdf</body></html>", source="report.pdf")
    with pytest.raises(gongkai.ParseError, match=r"^report\.pdf: not a PDF file"):
        pdf.parse_pdf_bytes(b"", "report.pdf")


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n" + b"\x00garbage\x01" * 50,
        make_pdf([TABLE_PAGE])[:200],
    ],
    ids=["garbage-after-header", "truncated"],
)
def test_corrupt_pdf_gives_a_parse_error_naming_the_file(data: bytes) -> None:
    with pytest.raises(gongkai.ParseError, match=r"^broken\.pdf: "):
        pdf.parse_pdf_bytes(data, "broken.pdf")


def test_pdf_without_text_layer() -> None:
    with pytest.raises(gongkai.ParseError, match=r"^scan\.pdf: the PDF has no text layer"):
        pdf.parse_pdf_bytes(make_pdf([[]]), "scan.pdf")


def test_parse_pdf_bytes_gives_a_report() -> None:
    report = pdf.parse_pdf_bytes(make_pdf([TABLE_PAGE]), "tiny.pdf")
    assert isinstance(report, gongkai.Report)
    assert report.source == "tiny.pdf"


def test_encrypted_pdf_gives_a_parse_error_naming_the_file(tmp_path: Path) -> None:
    data = encrypted(make_pdf([TABLE_PAGE]))
    with pytest.raises(gongkai.ParseError, match=r"^secret\.pdf: the PDF is encrypted"):
        pdf.parse_pdf_bytes(data, "secret.pdf")
    (tmp_path / "secret.pdf").write_bytes(data)
    with pytest.raises(gongkai.ParseError, match=r"secret\.pdf: the PDF is encrypted"):
        gongkai.parse(tmp_path / "secret.pdf")
    corpus = gongkai.read(tmp_path, progress=False)
    assert corpus.failures and "the PDF is encrypted" in corpus.failures[0][1]


def pdf_with_unicode_map(codes: dict[str, str]) -> bytes:
    """A PDF that draws "AB" with a /ToUnicode map giving the characters of ``codes`` (the byte
    in hex -> UTF-16BE in hex)."""
    pairs = " ".join(f"<{k}> <{v}>" for k, v in codes.items())
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /X def "
        f"1 begincodespacerange <00> <FF> endcodespacerange {len(codes)} beginbfchar {pairs} endbfchar "
        "endcmap CMapName currentdict /CMap defineresource pop end end"
    ).encode()
    stream = b"BT /F1 10 Tf 72 700 Td (AB) Tj ET\n"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>"
        ),
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"endstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for k, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % k + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_characters_beyond_u_ffff_come_back_whole() -> None:
    """A rare character of a name (CJK extension B, a surrogate pair in UTF-16) is one character."""
    text = pdf.extract_text(pdf_with_unicode_map({"41": "D840DC00", "42": "4E00"}))
    assert text == "\U00020000\u4e00\n\f"


def test_layout_false_joins_words_by_one_space() -> None:
    plain = pdf.extract_text(make_pdf([TABLE_PAGE, [(72, 760, "Second page")]]), layout=False)
    assert plain == "Annual report\nLicensing 1 22\nPenalty 333 4444\n\fSecond page\n\f"


def test_extract_text_takes_bytes() -> None:
    with pytest.raises(TypeError, match="takes the PDF's bytes"):
        pdf.extract_text("report.pdf")  # type: ignore[arg-type]


def test_without_pdfdep(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without pypdfium2: an ImportError that is also a gongkai.Error, naming the file."""
    real_import = builtins.__import__

    def no_pypdfium2(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "pypdfium2" or name.startswith("pypdfium2."):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pypdfium2)
    with pytest.raises(ImportError) as info:
        pdf.parse_pdf_bytes(make_pdf([TABLE_PAGE]), "report.pdf")
    assert str(info.value) == (
        "report.pdf: PDF input needs pypdfium2 (a dependency of gongkai): pip install pypdfium2"
    )
    assert isinstance(info.value, gongkai.Error)
    assert isinstance(info.value, pdf.PdfDependencyError)
    with pytest.raises(gongkai.Error, match=re.escape(pdf.INSTALL_HINT)):
        pdf.extract_text(b"%PDF-1.4\n")


def test_without_pdfdep_via_sys_modules(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pypdfium2", None)  # makes `import pypdfium2` fail
    with pytest.raises(pdf.PdfDependencyError, match=r"^PDF input needs pypdfium2"):
        pdf.extract_text(b"%PDF-1.4\n")


def test_pdfplumber_is_not_imported() -> None:
    code = (
        "import sys, gongkai, gongkai.pdf; "
        "gongkai.pdf.extract_text(open(sys.argv[1], 'rb').read()); "
        "print('pdfplumber' in sys.modules or 'pdfminer' in sys.modules)"
    )
    path = Path(__file__).parent / "_tiny_for_import_check.pdf"
    try:
        path.write_bytes(make_pdf([TABLE_PAGE]))
        out = subprocess.run(
            [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True
        )
    finally:
        path.unlink(missing_ok=True)
    assert out.stdout.strip() == "False"


# The corpus -----------------------------------------------------------------------------------


def _extract(corpus: Path, name: str) -> str:
    return pdf.extract_text((corpus / "originals" / f"{name}.pdf").read_bytes(), source=f"{name}.pdf")


def _truth(corpus: Path, name: str) -> dict[str, Any]:
    result: dict[str, Any] = json.loads((corpus / "truth" / f"{name}.json").read_text(encoding="utf-8"))
    return result


@pytest.mark.parametrize("name", CORPUS_PDFS)
def test_corpus_pdf_text_holds_the_tables(corpus: Path, name: str) -> None:
    text = _extract(corpus, name)
    truth = _truth(corpus, name)
    lines = text.splitlines()

    for label in [
        "主动公开政府信息情况",
        "行政规范性文件",
        "行政事业性收费",
        "收到和处理政府信息公开申请情况",
        "本年新收政府信息公开申请数量",
        "上年结转政府信息公开申请数量",
        "予以公开",
        "属于国家秘密",
        "本机关不掌握相关政府信息",
        "信访举报投诉类申请",
        "（七）总计",
        "结转下年度继续办理",
        "行政复议",
        "未经复议直接起诉",
        "复议后起诉",
    ]:
        assert label in text, label

    # Every row of table 3 (the total column included) stands on one line, its numbers in order.
    for row, values in truth["table3"].items():
        pattern = re.compile(r"(?<![\d.])" + r"\s+".join(str(v) for v in values) + r"(?![\d.])")
        assert any(pattern.search(line) for line in lines), (row, values)
    # Table 4: the fifteen numbers on one line.
    t4 = [v for block in truth["table4"].values() for v in block]
    pattern = re.compile(r"^\s*" + r"\s+".join(str(v) for v in t4) + r"\s*$")
    assert any(pattern.search(line) for line in lines), t4
    # Table 2 numbers (7545.0 in the truth file may be printed 7545 or 7545.00).
    for row in truth["table2"].values():
        for value in row.values():
            number = re.escape(str(int(value)) if float(value).is_integer() else str(value))
            assert re.search(rf"(?<![\d.]){number}(?:\.?0*)?(?![\d.])", text), value


@pytest.mark.parametrize("name", CORPUS_PDFS)
def test_corpus_pdf_columns_line_up(corpus: Path, name: str) -> None:
    """The total column of table 3 ends at the same text column (±2) on every page."""
    text = _extract(corpus, name)
    truth = _truth(corpus, name)
    ends = []
    for values in truth["table3"].values():
        pattern = re.compile(r"(?<![\d.])" + r"\s+".join(str(v) for v in values) + r"(?![\d.])")
        for line in text.replace("\f", "\n").splitlines():
            m = pattern.search(line)
            if m:
                ends.append(m.end())
                break
    assert len(ends) == len(truth["table3"])
    assert max(ends) - min(ends) <= 2


@pytest.mark.parametrize("name", CORPUS_PDFS)
def test_corpus_pdf_pages_and_page_numbers(corpus: Path, name: str) -> None:
    text = _extract(corpus, name)
    n_pages = len(pypdfium2.PdfDocument(corpus / "originals" / f"{name}.pdf"))
    assert text.count("\f") == n_pages
    assert text.endswith("\n\f")
    assert not re.search(r"(?m)^\s*-\s*\d+\s*-\s*$", text)


@pytest.mark.parametrize("name", CORPUS_PDFS)
def test_corpus_pdf_parses_to_the_truth(corpus: Path, name: str) -> None:
    truth = _truth(corpus, name)
    report = pdf.parse_pdf_bytes((corpus / "originals" / f"{name}.pdf").read_bytes(), f"{name}.pdf")
    assert report.source == f"{name}.pdf"
    assert report.year == truth["year"]
    assert report.table3[:, -1].tolist() == [float(v[-1]) for v in truth["table3"].values()]


# PDFs LibreOffice makes of rendered reports -------------------------------------------------

#: seed 55 prints numbers wrapped in narrow cells ("87" over "0"); the others a spread of both
#: templates and missing cells
RENDERED_SEEDS = [0, 1, 3, 55]
WRAPPED = 55


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Case, Path]]:
    missing = converters.missing_tools("pdf")
    if missing:
        pytest.skip("needs " + "; ".join(missing))
    cases = converters.make_cases(RENDERED_SEEDS)
    pdfs = converters.docx_to_pdf([c.docx for c in cases], tmp_path_factory.mktemp("rendered-pdf"))
    return list(zip(cases, pdfs))


def test_rendered_pdfs_parse_by_path_and_bytes_without_silent_cells(
    rendered: list[tuple[Case, Path]],
) -> None:
    for case, path in rendered:
        by_path = gongkai.parse(path)
        assert by_path.source == str(path)
        s = score(by_path.to_dict(), case.truth)
        assert not s.silent, (case.label, s.silent)
        assert not [p for p in s.problems if ": not read, the" in p], (case.label, s.problems)
        assert gongkai.parse(path.read_bytes()).to_dict()["table3"] == by_path.to_dict()["table3"]


def test_numbers_wrapped_in_narrow_cells_come_back_whole(rendered: list[tuple[Case, Path]]) -> None:
    ((case, path),) = [(c, p) for c, p in rendered if c.seed == WRAPPED]
    text = pdf.extract_text(path.read_bytes())
    truth = case.truth
    row = truth["table3"]["total_processed"]
    # the row of table 3's total (七)总计, every value whole on one line, in order (a cell
    # without a number printed as 无 or /)
    pattern = r"(?<![\d.])" + r"\s+".join(r"\S+" if v is None else str(v) for v in row) + r"(?![\d.])"
    folded = text.translate({0xFF10 + d: str(d) for d in range(10)}).replace(",", "")
    assert re.search(pattern, folded), row
    report = gongkai.parse(path)
    for column in ("natural_person", "total"):
        origin = report.origin(f"table3/total_processed/{column}")
        assert origin.state == "value"
        assert origin.placement != "order"
    assert score(report.to_dict(), truth).silent == []


def test_read_a_folder_with_pdfs(rendered: list[tuple[Case, Path]], tmp_path: Path) -> None:
    for case, path in rendered[:2]:
        (tmp_path / f"seed{case.seed}.pdf").write_bytes(path.read_bytes())
    (tmp_path / "scan.pdf").write_bytes(make_pdf([[]]))
    corpus = gongkai.read(tmp_path, progress=False)
    accounting = corpus.accounting
    assert accounting is not None
    status = dict(zip(accounting["source"].map(lambda s: Path(s).name), accounting["status"]))
    assert status["scan.pdf"] == "failed"
    assert {status["seed0.pdf"], status["seed1.pdf"]} <= {"parsed", "parsed_with_findings"}
    assert len(corpus) == 2


def test_cli_parses_a_pdf(rendered: list[tuple[Case, Path]]) -> None:
    case, path = rendered[0]
    out = subprocess.run(
        [sys.executable, "-m", "gongkai.cli", "parse", str(path), "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout)
    assert got["year"] == case.truth["year"]
    assert not score(got, case.truth).silent
