"""gongkai.parse and the Report: inputs of every kind, numpy views, DataFrames, the JSON form."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

import gongkai
import gongkai.choices
from gongkai import render


@pytest.fixture(scope="module")
def data() -> render.ReportData:
    return render.random_report(np.random.default_rng(7), "2021")


@pytest.fixture(scope="module")
def html_report(data: render.ReportData) -> gongkai.Report:
    return gongkai.parse(render.render_html(data, rng=np.random.default_rng(1), page_chrome=True).encode())


def test_parse_accepts_path_bytes_and_text(tmp_path: Path, data: render.ReportData) -> None:
    text = render.render_text(data, rng=np.random.default_rng(2))
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    by_path = gongkai.parse(path)
    by_str_path = gongkai.parse(str(path))
    by_bytes = gongkai.parse(text.encode("utf-8"))
    by_text = gongkai.parse(text)
    for r in (by_path, by_str_path, by_bytes, by_text):
        np.testing.assert_array_equal(r.table3, by_path.table3)
    assert by_path.source == str(path)
    assert by_bytes.source == "<bytes>"
    assert by_text.source == "<text>"


def test_tables_are_views_of_the_eigen_matrices(html_report: gongkai.Report) -> None:
    a, b = html_report.table3, html_report.table3
    assert a.shape == (25, 7)
    assert np.shares_memory(a, b)  # both views of the same C++ buffer, no copies
    assert not a.flags.writeable
    assert not a.flags.owndata
    assert html_report.table4.shape == (3, 5)
    assert html_report.table2.shape == (10,)
    assert np.shares_memory(html_report.table2, html_report.table2)


def test_to_dict_matches_the_rendered_truth(html_report: gongkai.Report, data: render.ReportData) -> None:
    d = html_report.to_dict()
    expected = render.expected_dict(data)
    assert d["schema"] == "gongkai.report/1"
    for key in ("agency", "year", "template", "table2", "table3", "table4"):
        assert d[key] == expected[key], key
    json.dumps(d, ensure_ascii=False)  # serialisable


def test_frames_have_ids_and_labels(html_report: gongkai.Report) -> None:
    t3 = html_report.table3_frame()
    assert list(t3.index)[:2] == ["new", "carried_over"]
    assert list(t3.columns) == [
        "natural_person",
        "commercial",
        "research",
        "social_welfare",
        "legal_services",
        "other_org",
        "total",
    ]
    zh = html_report.table3_frame(labels=True)
    assert zh.columns[0] == "自然人"
    assert zh.index[0] == "一、本年新收政府信息公开申请数量"
    t4 = html_report.table4_frame()
    assert t4.loc["reconsideration", "total"] == html_report.table4[0, 4]
    t2 = html_report.table2_frame()
    assert t2.loc[("fees", "amount"), "value"] == html_report.table2[9]


def test_missing_cells_keep_their_marker(data: render.ReportData) -> None:
    rng = np.random.default_rng(11)
    holey = render.with_missing(data, rng, 0.3)
    r = gongkai.parse(render.render_text(holey, rng=np.random.default_rng(3)))
    d = r.to_dict()
    expected = render.expected_dict(holey)
    assert d["table3"] == expected["table3"]
    missing = d["missing"]
    assert missing, "some cells were rendered as missing"
    for name, info in missing.items():
        assert info["state"] in ("blank", "slash", "dash", "nil")
        assert info["raw"] in ("", "/", "-", "—", "无")
        assert info["line"] > 0
        table, row, col = name.split("/")
        if table == "table3":
            i = r.table3_rows.index(row)
            assert np.isnan(r.table3[i, [c.id for c in gongkai.template.TABLE3_COLUMNS].index(col)])


def test_origin_points_at_the_source_line(tmp_path: Path, data: render.ReportData) -> None:
    text = render.render_text(data, rng=np.random.default_rng(4))
    r = gongkai.parse(text)
    o = r.origin("table3/new/total")
    line = text.splitlines()[o.line - 1]
    assert o.raw in line
    assert o.state == "value"
    with pytest.raises(KeyError, match="unknown table 3 row of this report 'no_such_row'"):
        r.origin("table3/no_such_row/total")
    with pytest.raises(KeyError, match="unknown table 3 column 'totl'; did you mean 'total'"):
        r.origin("table3/new/totl")
    with pytest.raises(KeyError, match="unknown table in 'tabel3/new/total' 'tabel3'; did you mean 'table3'"):
        r.origin("tabel3/new/total")


def test_gbk_html_is_decoded(data: render.ReportData) -> None:
    html = render.render_html(data, rng=np.random.default_rng(5), page_chrome=True)
    r = gongkai.parse(render.encode_html(html, "gbk"))
    assert r.encoding == "gb18030"
    assert r.agency == data.agency
    assert r.to_dict()["table3"] == render.expected_dict(data)["table3"]


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_its_byte_order_mark_is_decoded(data: render.ReportData, codec: str) -> None:
    html = render.render_html(data, rng=np.random.default_rng(5), page_chrome=True)
    text = render.render_text(data, rng=np.random.default_rng(5))
    for page, form in ((html, "html"), (text, "text")):
        r = gongkai.parse("\ufeff".encode(codec) + page.encode(codec))
        assert (r.encoding, r.format) == ("utf-16", form)
        assert r.to_dict()["table3"] == render.expected_dict(data)["table3"]


def test_bad_input_gives_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="nope.txt"):
        gongkai.parse(tmp_path / "nope.txt")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(gongkai.ParseError, match="empty.txt: the input is empty"):
        gongkai.parse(empty)
    binary = tmp_path / "image.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(gongkai.Error, match="image.png"):  # a broken image (read by OCR)
        gongkai.parse(binary)
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    with pytest.raises(gongkai.ParseError, match="PDF"):
        gongkai.parse(pdf)
    with pytest.raises(gongkai.ParseError, match=r"\.doc"):
        gongkai.parse(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    assert issubclass(gongkai.ParseError, gongkai.Error)
    assert issubclass(gongkai.EncodingError, gongkai.Error)


def test_a_page_without_a_report_gives_findings_not_numbers() -> None:
    r = gongkai.parse(
        b"<html><body><div>\xe9\xa6\x96\xe9\xa1\xb5</div><table><tr><td>1</td></tr></table></body></html>"
    )
    assert r.template == "none"
    assert [f.rule for f in r.findings] == ["parse.not_a_report"]
    assert r.to_dict()["table3"] is None
    assert not r.ok


def test_a_cut_report_says_what_is_missing(data: render.ReportData) -> None:
    text = render.render_text(data, rng=np.random.default_rng(6))
    cut = text[: text.index("四、结转下年度继续办理")]
    r = gongkai.parse(cut)
    rules = {f.rule for f in r.findings}
    assert "parse.table_missing" in rules  # table 4
    missing_rows = [f for f in r.findings if f.rule == "parse.row_missing"]
    assert any("table3/carried_forward/total" in f.cells for f in missing_rows)
    d = r.to_dict()
    assert "carried_forward" not in d["table3"]
    assert d["table3"]["new"] == render.expected_dict(data)["table3"]["new"]


def test_repr_is_readable(html_report: gongkai.Report) -> None:
    text = repr(html_report)
    assert text.startswith(f"<gongkai.Report {html_report.agency} {html_report.year} template 2021, html: ")
    assert "0 errors, 0 warnings" in text and "source '<bytes>'" in text


def test_a_report_shows_itself_in_a_notebook(html_report: gongkai.Report) -> None:
    card = html_report._repr_html_()
    for text in (html_report.agency, str(html_report.year), "2021", "html (utf-8)", "0 errors, 0 warnings"):
        assert text in card
    new = int(html_report.table3_frame().loc["new", "total"])
    assert (
        f"<th style='text-align:left;padding-right:1em'>本年新收 new</th><td style='text-align:left'>{new}</td>"
        in card
    )


def test_a_finding_shows_itself() -> None:
    data = render.random_report(np.random.default_rng(5), "2021")
    data.printed = {"table3/carried_forward/total": "999"}
    r = gongkai.parse(render.render_text(data, rng=np.random.default_rng(5)))
    balance = next(f for f in r.findings if f.rule == "table3.balance")
    text = repr(balance)
    assert text.startswith(
        f"<Finding error table3.balance {balance.cells[0]} (+{len(balance.cells) - 1} cells) line {balance.line}: "
    )
    assert text.endswith(">") and len(text) < 200
    assert (
        repr(gongkai._core.make_finding("corpus.conflict", "x", [])) == "<Finding warning corpus.conflict: x>"
    )


def test_findings_frame_has_a_row_per_finding(html_report: gongkai.Report) -> None:
    data = render.random_report(np.random.default_rng(5), "2021")
    data.printed = {"table3/carried_forward/total": "999"}
    r = gongkai.parse(render.render_text(data, rng=np.random.default_rng(5)))
    frame = r.findings_frame()
    assert list(frame.columns) == list(gongkai.findings.FINDING_COLUMNS)
    assert len(frame) == len(r.findings) + len(r.check())
    assert len(r.findings_frame(checked=False)) == len(r.findings)
    balance = frame[frame["rule"] == "table3.balance"].iloc[0]
    assert balance["severity"] == "error" and "table3/carried_forward/total" in balance["cells"].split(";")
    assert balance["actual"] != balance["expected"] and balance["line"] > 0 and balance["column"] > 0
    assert str(frame["line"].dtype) == "Int64" and str(frame["year"].dtype) == "Int64"


def test_sample_reports_ship_with_the_package() -> None:
    paths = gongkai.sample_paths()
    assert {p.suffix for p in paths} == {".txt", ".html"}
    for p in paths:
        r = gongkai.parse(p)
        assert r.ok, [f.message for f in r.findings]


def test_narrative_excludes_page_chrome(data: render.ReportData) -> None:
    html = render.render_html(data, rng=np.random.default_rng(8), page_chrome=True)
    r = gongkai.parse(html)
    sections = r.sections
    assert all(
        sections[s] is not None
        for s in ("overview", "proactive", "applications", "appeals", "problems", "other")
    )
    assert "网站标识码" in html and "当前位置" in html
    for text in [r.preamble, *(t for t in sections.values() if t)]:
        assert "网站标识码" not in text and "当前位置" not in text


# ---- mistakes get answers


def test_parse_of_something_else_than_a_path_bytes_or_text_names_the_type() -> None:
    with pytest.raises(TypeError) as e:
        gongkai.parse(123)  # type: ignore[arg-type]
    assert str(e.value) == (
        "parse() takes a path (str or os.PathLike), the report's bytes or its text (str), not int"
    )


def test_parse_of_a_folder_says_to_read_it(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError) as e:
        gongkai.parse(tmp_path)
    assert str(e.value) == f"{tmp_path}: is a folder; gongkai.read(folder) reads every report in it"


def test_parse_of_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError) as e:
        gongkai.parse(tmp_path / "absent.txt")
    assert str(e.value) == f"{tmp_path / 'absent.txt'}: no such file"


def test_an_unknown_format_names_the_input_and_the_formats(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text("x", encoding="utf-8")
    with pytest.raises(gongkai.choices.UnknownNameError) as e:
        gongkai.parse(path, format="nope")
    assert str(e.value) == (f"{path}: unknown format 'nope' (choices: auto, text, html, docx, markdown, pdf)")
    assert isinstance(e.value, ValueError) and isinstance(e.value, KeyError)
    with pytest.raises(ValueError, match=r"^<bytes>: unknown format 'htm'; did you mean 'html'\?"):
        gongkai.parse(b"x", format="htm")
    assert gongkai.report.FORMATS == ("auto", "text", "html", "docx", "markdown", "pdf")


def test_format_pdf_is_accepted_for_a_path_and_bytes(tmp_path: Path) -> None:
    from test_pdf import TABLE_PAGE, make_pdf

    # Bytes before the PDF header (a leftover of a download): not sniffed as PDF, read with format="pdf".
    data = b"HTTP/1.1 200 OK\r\n\r\n" + make_pdf([TABLE_PAGE])
    path = tmp_path / "download.bin"
    path.write_bytes(data)
    by_path = gongkai.parse(path, format="pdf")
    by_bytes = gongkai.parse(data, format="pdf")
    same = gongkai.parse(make_pdf([TABLE_PAGE]))  # sniffed
    assert by_path.format == by_bytes.format == same.format == "text"
    assert by_path.source == str(path)
    for r in (by_path, by_bytes):
        np.testing.assert_array_equal(r.table2, same.table2)
    text = tmp_path / "report.txt"
    text.write_text("not a pdf", encoding="utf-8")
    with pytest.raises(gongkai.ParseError, match=r"report\.txt: not a PDF file \(no %PDF- header\)"):
        gongkai.parse(text, format="pdf")


def test_binary_doc_and_wps_files_are_refused_with_the_conversion(tmp_path: Path) -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 200
    convert = "convert it first (libreoffice --headless --convert-to docx)"
    for name, what in (("a.doc", "an old binary Word .doc file"), ("a.wps", "a WPS Office .wps file")):
        (tmp_path / name).write_bytes(ole)
        with pytest.raises(gongkai.ParseError) as e:
            gongkai.parse(tmp_path / name)
        assert str(e.value) == f"{tmp_path / name}: this is {what}; {convert}"
    (tmp_path / "garbage.wps").write_bytes(b"\x01\x02" * 50)
    with pytest.raises(gongkai.ParseError, match=re.escape(convert)):
        gongkai.parse(tmp_path / "garbage.wps")


NOT_REPORTS = {
    "notice": (
        "<html><head><title>关于开展政务公开培训的通知</title></head>"
        "<body><p>各单位：定于下周开展培训。</p></body></html>"
    ),
    # a notice about reports: its title line names one, but it is a notice
    "notice about reports": (
        "<html><head><title>关于做好2023年政府信息公开工作年度报告编制发布工作的通知</title></head>"
        "<body><h1>关于做好2023年政府信息公开工作年度报告编制发布工作的通知</h1>"
        "<p>各单位：</p><p>请于1月31日前发布。</p></body></html>"
    ),
    "notice about reports, title tag only": (
        "<html><head><title>关于做好2023年政府信息公开工作年度报告编制发布工作的通知</title></head>"
        "<body><p>各单位：请于1月31日前发布。</p></body></html>"
    ),
    # a news article whose sentence names a report and which has one heading of a section
    "news": (
        "<html><body><h1>我区召开政务公开工作推进会</h1><p>3月5日，区政府召开会议，部署全年工作。"
        "会议指出，要按时发布2023年政府信息公开工作年度报告。</p><p>一、加强领导</p>"
        "<p>二、主动公开政府信息情况</p><p>会议要求各单位抓好落实。</p></body></html>"
    ),
    "empty table page": "<html><body><table><tr><td></td><td></td></tr></table></body></html>",
    "prose": "今年没有什么可以报告的。\n",
}


@pytest.mark.parametrize("name", list(NOT_REPORTS))
def test_a_page_that_is_no_report_is_not_a_report(name: str) -> None:
    r = gongkai.parse(NOT_REPORTS[name].encode("utf-8"))
    assert r.is_report is False
    assert r.to_dict()["is_report"] is False


def test_reports_without_tables_are_reports(data: render.ReportData) -> None:
    # A free-form report of before 2019: a title, prose, no tables, no section headings.
    old = "某某县人民政府2015年政府信息公开工作年度报告\n\n2015年，我县认真贯彻《条例》，主动公开政府信息1200条。\n"
    assert gongkai.parse(old.encode()).is_report
    bracketed = "某某县人民政府政务公开工作年度报告（2016年）\n\n全年主动公开信息300条。\n"
    assert gongkai.parse(bracketed.encode()).is_report
    # The end of a report, its title and tables lost: sections 五 and 六.
    text = render.render_text(data, rng=np.random.default_rng(9))
    cut = text[text.index("五、存在的主要问题及改进情况") :]
    r = gongkai.parse(cut)
    assert not any(r.has_tables) and not r.title
    assert r.is_report
    full = gongkai.parse(text)
    assert full.is_report and full.to_dict()["is_report"] is True


def test_every_real_report_is_a_report(corpus: Path) -> None:
    paths = sorted((corpus / "reports").iterdir())
    assert len(paths) > 40
    free_form = []
    for p in paths:
        r = gongkai.parse(p)
        assert r.is_report, p.name
        if r.template == "none":
            free_form.append(p.name)
    # the reports of before 2019 have no template tables: read as reports all the same
    assert free_form == [
        "pingtan_gwh_2016_oldformat.flat.txt",
        "pingtan_gwh_2017_oldformat.flat.txt",
        "pingtan_gwh_2018_oldformat.flat.txt",
    ]


def test_every_value_says_how_it_was_placed() -> None:
    data = render.random_report(np.random.default_rng(12), "2021", kind="county_gov")
    labelled = gongkai.parse(render.render_html(data, rng=np.random.default_rng(12)))
    assert labelled.origin("table3/new/total").placement == "label"
    assert labelled.to_dict()["placed"] == {}
    glued = gongkai.parse(render.render_flat(data, rng=np.random.default_rng(12)))
    doc = glued.to_dict()
    assert glued.origin("table3/new/natural_person").placement == "cut"
    assert doc["placed"]["table3/new/natural_person"] == "cut"
    assert set(doc["placed"].values()) <= {"order", "cut", "merged"}
    # every cut of table 3 and 4 is confirmed by an identity that holds: nothing unconfirmed
    assert "parse.unconfirmed" not in {f["rule"] for f in doc["findings"]}
    assert doc["table3"] == render.expected_dict(data)["table3"]
