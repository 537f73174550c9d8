""".docx input: render_docx -> gongkai.parse round trips, the real blank template, bad zips."""

from __future__ import annotations

import io
import json
import math
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import numpy as np
import pytest

import gongkai
from gongkai import render
from gongkai.template import CELL_STATES

N = 100  # per template
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _case(seed: int, template: str) -> tuple[render.ReportData, bytes]:
    rng = np.random.default_rng(seed)
    data = render.random_report(rng, template)
    if rng.random() < 0.5:
        data = render.with_missing(data, rng, float(rng.uniform(0.02, 0.3)))
    return data, render.render_docx(data, rng=rng, variations=render.Variations.random(rng))


def _document_xml(docx: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return z.read("word/document.xml")


def _zip(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in files.items():
            z.writestr(name, content)
    return buf.getvalue()


def _tables(xml: bytes) -> list[list[list[ET.Element]]]:
    """The body's tables as rows of w:tc elements."""
    body = ET.fromstring(xml).find(f"{W}body")
    assert body is not None
    return [[tr.findall(f"{W}tc") for tr in tbl.findall(f"{W}tr")] for tbl in body.findall(f"{W}tbl")]


def _text(el: ET.Element) -> str:
    return "".join(t.text or "" for t in el.iter(f"{W}t"))


def _prop(tc: ET.Element, name: str) -> str | None:
    """w:val of a tcPr child: None when absent, "" when present without w:val."""
    el = tc.find(f"{W}tcPr/{W}{name}")
    return None if el is None else el.get(f"{W}val", "")


# ---- round trip


@pytest.mark.parametrize("template", ["2021", "2019"])
def test_round_trip_gives_identical_numbers(template: str) -> None:
    failures = []
    for seed in range(N):
        data, raw = _case(seed, template)
        got = gongkai.parse(raw).to_dict()
        want = render.expected_dict(data)
        for key in ("agency", "year", "template", "table2", "table3", "table4"):
            if got[key] != want[key]:
                failures.append((seed, key, got[key], want[key]))
                break
        else:
            errors = [f["message"] for f in got["findings"] if f["severity"] == "error"]
            if errors:
                failures.append((seed, "findings", errors, []))
    assert not failures, f"{len(failures)} of {N} differ; first: {failures[0]}"


def test_docx_is_read_from_a_path_bytes_or_its_xml(tmp_path: Path) -> None:
    data, raw = _case(7, "2021")
    want = render.expected_dict(data)["table3"]
    path = tmp_path / "report.docx"
    path.write_bytes(raw)
    misnamed = tmp_path / "report.txt"  # the zip signature decides, not the name
    misnamed.write_bytes(raw)
    for r in (gongkai.parse(path), gongkai.parse(misnamed), gongkai.parse(raw, format="docx")):
        assert r.format == "docx"
        assert r.encoding == "utf-8"
        assert r.to_dict()["table3"] == want
    assert gongkai.parse(path).source == str(path)
    xml = _document_xml(raw)
    for fmt in ("docx", "auto"):  # word/document.xml by itself: named, or sniffed
        r = gongkai.parse(xml, format=fmt)
        assert r.format == "docx"
        assert r.to_dict()["table3"] == want


def test_cli_reads_docx_files_in_a_folder(tmp_path: Path) -> None:
    data, raw = _case(3, "2021")
    (tmp_path / "a.docx").write_bytes(raw)
    out = subprocess.run(
        [sys.executable, "-m", "gongkai.cli", "parse", str(tmp_path), "--json"],
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    docs = json.loads(out.stdout)
    assert [d["format"] for d in docs] == ["docx"]
    assert docs[0]["table3"] == render.expected_dict(data)["table3"]


# ---- the rendered package


def test_rendered_docx_is_a_complete_package() -> None:
    data, raw = _case(11, "2021")
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        assert z.testzip() is None
        names = z.namelist()
        assert names[0] == "[Content_Types].xml"
        assert set(names) == {
            "[Content_Types].xml",
            "_rels/.rels",
            "word/document.xml",
            "word/_rels/document.xml.rels",
            "word/styles.xml",
        }
        for name in names:
            ET.fromstring(z.read(name))  # every part is well-formed XML
        types = z.read("[Content_Types].xml").decode()
        assert 'PartName="/word/document.xml"' in types
        assert "wordprocessingml.document.main+xml" in types
        assert 'Target="word/document.xml"' in z.read("_rels/.rels").decode()
    again = render.render_docx(data, rng=np.random.default_rng(5))
    assert again == render.render_docx(data, rng=np.random.default_rng(5))  # deterministic


@pytest.mark.parametrize("template", ["2021", "2019"])
def test_merged_cells_are_written_as_word_writes_them(template: str) -> None:
    data = render.random_report(np.random.default_rng(1), template)
    xml = render.render_docx_xml(data, rng=np.random.default_rng(2))
    t2, t3, t4 = _tables(xml.encode())
    widths = [len(tbl.findall(f"{W}tblGrid/{W}gridCol")) for tbl in ET.fromstring(xml).iter(f"{W}tbl")]
    assert widths == [4, 10, 15]

    # Table 3: the 勾稽关系 note is gridSpan 3 + vMerge restart, continued twice.
    assert _text(t3[0][0]).startswith("（本列数据的勾稽关系")
    assert (_prop(t3[0][0], "gridSpan"), _prop(t3[0][0], "vMerge")) == ("3", "restart")
    for row in (t3[1], t3[2]):
        assert _prop(row[0], "gridSpan") == "3"
        assert _prop(row[0], "vMerge") in ("", "continue")
        assert _text(row[0]) == ""
    # 三、本年度办理结果 spans the result rows; the groups span their rows.
    results = 22 if template == "2021" else 20
    col0 = [_text(r[0]) for r in t3[5 : 5 + results]]
    assert col0[0] == "三、本年度办理结果" and col0[1:] == [""] * (results - 1)
    assert _prop(t3[5][0], "vMerge") == "restart"
    assert all(_prop(r[0], "vMerge") in ("", "continue") for r in t3[6 : 5 + results])
    denied = [r for r in t3 if any(_text(c) == "（三）不予公开" for c in r)]
    assert len(denied) == 1 and _prop(denied[0][1], "vMerge") == "restart"
    start = t3.index(denied[0])
    assert all(_prop(r[1], "vMerge") in ("", "continue") for r in t3[start + 1 : start + 8])
    assert _prop(t3[start + 8][1], "vMerge") == "restart"  # （四）无法提供
    assert all(sum(int(_prop(c, "gridSpan") or 1) for c in r) == 10 for r in t3)

    # Table 4: the five 行政复议 headers span two rows; 行政诉讼 spans ten columns.
    assert [_prop(c, "vMerge") for c in t4[1][:5]] == ["restart"] * 5
    assert all(_prop(c, "vMerge") in ("", "continue") for c in t4[2][:5])
    assert _prop(t4[0][1], "gridSpan") == "10"
    assert all(sum(int(_prop(c, "gridSpan") or 1) for c in r) == 15 for r in t4)
    assert all(sum(int(_prop(c, "gridSpan") or 1) for c in r) == 4 for r in t2)


def test_split_labels_cut_runs_inside_labels() -> None:
    """With split_labels, Word-like run boundaries fall inside labels ("商业" + "企业")."""
    labels = {lab for _, _, lab in render.table3_labels("2021")} | set(render.COLUMN_LABELS.values())
    split_inside = 0
    for seed in range(20):
        data = render.random_report(np.random.default_rng(seed))
        xml = render.render_docx_xml(
            data, rng=np.random.default_rng(seed), variations=render.Variations(split_labels=True)
        )
        for p in ET.fromstring(xml).iter(f"{W}p"):
            runs = [_text(r) for r in p.findall(f"{W}r")]
            if len(runs) > 1 and "".join(runs) in labels:
                split_inside += 1
    assert split_inside > 20
    plain = render.render_docx_xml(
        render.random_report(np.random.default_rng(0)), rng=np.random.default_rng(0)
    )
    assert all(len(p.findall(f"{W}r")) <= 2 for p in ET.fromstring(plain).iter(f"{W}p"))


@pytest.mark.parametrize(("marker", "state"), [("", "blank"), ("/", "slash"), ("—", "dash"), ("无", "nil")])
def test_missing_cells_print_the_markers_of_the_other_layouts(marker: str, state: str) -> None:
    rng = np.random.default_rng(4)
    data = render.with_missing(render.random_report(rng, "2021"), rng, 1.0)
    v = render.Variations(missing_markers=(marker,))
    xml = render.render_docx_xml(data, rng=np.random.default_rng(1), variations=v)
    texts = [_text(c) for row in _tables(xml.encode())[1] for c in row]
    nones = sum(v is None for row in data.table3.values() for v in row)
    assert nones > 0
    if marker:
        assert texts.count(marker) == nones
    r = gongkai.parse(render.render_docx(data, rng=np.random.default_rng(1), variations=v))
    d = r.to_dict()
    assert d["table3"] == render.expected_dict(data)["table3"]
    missing = [m["state"] for k, m in d["missing"].items() if k.startswith("table3/")]
    assert missing == [state] * nones


# ---- the real blank template


def test_blank_2021_template_reads_with_every_cell_blank(corpus: Path) -> None:
    path = corpus / "templates" / "template_2021_blank.docx"
    r = gongkai.parse(path)
    assert r.format == "docx"
    assert r.template == "2021"
    assert r.has_tables == (True, True, True)
    assert r.table3.shape == (25, 7)
    assert np.isnan(r.table3).all()  # blank, not 0
    assert np.isnan(r.table4).all()
    blank = CELL_STATES.index("blank")
    assert (r.table3_state == blank).all()
    assert (r.table4_state == blank).all()
    d = r.to_dict()
    assert all(v is None for row in d["table3"].values() for v in row)
    assert len(d["table3"]) == 25
    assert {m["state"] for k, m in d["missing"].items() if k.startswith(("table3/", "table4/"))} == {"blank"}
    assert sum(k.startswith("table3/") for k in d["missing"]) == 25 * 7
    assert sum(k.startswith("table4/") for k in d["missing"]) == 15
    assert math.isnan(r.table2[0])
    assert r.origin("table3/new/natural_person").line > 0


# ---- what is not a .docx


def test_a_zip_that_is_not_a_docx_is_a_parse_error(tmp_path: Path) -> None:
    archive = tmp_path / "reports.zip"
    archive.write_bytes(_zip({"a.txt": b"hello"}))
    with pytest.raises(gongkai.ParseError, match=r"reports\.zip: this is a zip archive but not a \.docx"):
        gongkai.parse(archive)
    xlsx = tmp_path / "table.xlsx"
    xlsx.write_bytes(
        _zip(
            {
                "[Content_Types].xml": (
                    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                    b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
                    b'officedocument.spreadsheetml.sheet.main+xml"/></Types>'
                ),
                "xl/workbook.xml": b"<workbook/>",
            }
        )
    )
    with pytest.raises(gongkai.ParseError, match=r"table\.xlsx: this is a zip archive but not a \.docx"):
        gongkai.parse(xlsx)
    with pytest.raises(gongkai.ParseError, match="<bytes>: this is a zip archive but not"):
        gongkai.parse(_zip({}))


def test_a_corrupt_zip_is_a_parse_error(tmp_path: Path) -> None:
    _, raw = _case(5, "2021")
    cases = {
        "truncated.docx": raw[: len(raw) // 2],
        "signature-only.docx": b"PK\x03\x04" + b"\x00" * 40,
    }
    damaged = bytearray(raw)  # a byte flipped inside the compressed word/document.xml
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        info = z.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    damaged[start + info.compress_size // 2] ^= 0xFF
    cases["damaged.docx"] = bytes(damaged)
    for name, content in cases.items():
        path = tmp_path / name
        path.write_bytes(content)
        with pytest.raises(gongkai.ParseError, match=re.escape(name) + ": this is a corrupt zip archive"):
            gongkai.parse(path)


def test_an_old_binary_doc_is_rejected_with_a_way_to_convert_it(tmp_path: Path) -> None:
    doc = tmp_path / "report.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    with pytest.raises(gongkai.ParseError, match=r"report\.doc: this is an old binary Word \.doc file") as e:
        gongkai.parse(doc)
    assert "convert-to docx" in str(e.value)


# ---- packages that differ from Word's usual ones


def test_main_part_is_found_through_the_content_types() -> None:
    data, raw = _case(9, "2021")
    xml = _document_xml(raw)
    types = (
        b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        b'<Override PartName="/word/document2.xml" ContentType="application/vnd.ms-word.document.'
        b'macroEnabled.main+xml"/></Types>'
    )
    r = gongkai.parse(_zip({"[Content_Types].xml": types, "word/document2.xml": xml}))
    assert r.to_dict()["table3"] == render.expected_dict(data)["table3"]
    # Without content types, word/document.xml is taken.
    r = gongkai.parse(_zip({"word/document.xml": xml}))
    assert r.to_dict()["table3"] == render.expected_dict(data)["table3"]


def test_utf16_document_xml_is_read() -> None:
    data, raw = _case(13, "2019")
    xml = _document_xml(raw).decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"')
    r = gongkai.parse(_zip({"word/document.xml": xml.encode("utf-16")}))
    assert r.format == "docx"
    assert r.to_dict()["table4"] == render.expected_dict(data)["table4"]


def _docx_of(xml: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", xml)
    return buf.getvalue()


def _count_inflated(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The sizes of the pieces zipfile inflates from now on."""
    pieces: list[int] = []
    real_read = zipfile.ZipExtFile.read

    def read(self: zipfile.ZipExtFile, n: int | None = -1) -> bytes:
        out = real_read(self, n)
        pieces.append(len(out))
        return out

    monkeypatch.setattr(zipfile.ZipExtFile, "read", read)
    return pieces


def test_a_docx_past_the_xml_limit_is_refused_before_it_is_inflated(monkeypatch: pytest.MonkeyPatch) -> None:
    bomb = _docx_of(b"<w:document>" + b" " * (100 << 20) + b"</w:document>")  # 100 KB that say 100 MiB
    pieces = _count_inflated(monkeypatch)
    with pytest.raises(gongkai.ParseError, match="says it holds 100 MiB, more than 64 MiB"):
        gongkai.parse(bomb)
    assert sum(pieces) < (1 << 20)  # [Content_Types] at most, not the document


def test_a_docx_that_inflates_far_beyond_its_size_is_refused_early(monkeypatch: pytest.MonkeyPatch) -> None:
    # 40 MiB of spaces, under the size limit but 1,000 times its compressed size
    bomb = _docx_of(b"<w:document>" + b" " * (40 << 20) + b"</w:document>")
    pieces = _count_inflated(monkeypatch)
    with pytest.raises(gongkai.ParseError, match="inflates to more than 100 times its compressed size"):
        gongkai.parse(bomb)
    assert sum(pieces) <= (9 << 20)  # stopped just past 8 MiB, not after 40
