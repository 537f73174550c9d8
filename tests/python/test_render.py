"""Tests of gongkai.render, the synthetic report writer.

The render package is loaded from its folder, so these tests run without the C++ extension
that ``gongkai/__init__.py`` imports. Small readers of the two layouts below read the rendered tables
back by position; they check that every variation keeps the numbers where a parser looks.
"""

from __future__ import annotations

import html
import importlib.util
import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from types import ModuleType
from typing import Any, ClassVar, Union

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
RENDER_PATH = ROOT / "python" / "gongkai" / "render" / "__init__.py"
DATA_DIR = ROOT / "python" / "gongkai" / "data"


def _load() -> ModuleType:
    name = "gongkai_render_under_test"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(
        name, RENDER_PATH, submodule_search_locations=[str(RENDER_PATH.parent)]
    )
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod  # dataclasses look the module up while the class is created
    spec.loader.exec_module(mod)
    return mod


R = _load()
TEMPLATES = ("2021", "2019")

# ----------------------------------------------------------------------------------------------
# helpers
# ----------------------------------------------------------------------------------------------

_FW = str.maketrans("０１２３４５６７８９", "0123456789")
_WS = re.compile(r"[\s\u00a0\u3000]+")


def squash(s: str) -> str:
    """Text without whitespace (incl. nbsp and ideographic space)."""
    return _WS.sub("", s)


def html_text(page: str) -> str:
    """Visible-ish text of a page: tags removed, entities decoded, whitespace removed."""
    page = re.sub(r"<(script|style)\b.*?</\1>", "", page, flags=re.DOTALL | re.IGNORECASE)
    return squash(html.unescape(re.sub(r"<[^>]+>", "", page)))


def norm_label(s: str) -> str:
    return squash(s).replace("(", "（").replace(")", "）")


Value = Union[int, float, None]


def parse_value(raw: str) -> Value:
    """A value cell's number, as a correct parser must read it (None for missing markers)."""
    s = squash(raw).translate(_FW).replace(",", "")
    if s in R.MISSING_MARKERS:
        return None
    if s.endswith("万元"):
        return float(s[:-2])
    if s.endswith("元"):
        return round(float(s[:-1]) / 10000.0, 6)
    s = s.removesuffix("件")
    return float(s) if "." in s else int(s)


def read_text_tables(text: str) -> list[list[list[str]]]:
    """Tables of the docx-text layout: rows of cells (a wrapped cell's lines joined)."""
    tables: list[list[list[str]]] = []
    rows: list[list[str]] = []
    row: list[str] | None = None
    for line in text.split("\n"):
        if line.startswith("\t"):
            if row is None:
                row = []
            row.append(line[1:])
        elif line == "":
            if row is not None:
                rows.append(row)
                row = None
            elif rows:
                tables.append(rows)
                rows = []
        elif row is not None:
            row[-1] += line
        elif rows:
            tables.append(rows)
            rows = []
    if rows:
        tables.append(rows)
    return tables


class TableReader(HTMLParser):
    """Collects every <table> as rows of (text, rowspan, colspan); checks tag nesting."""

    VOID: ClassVar[frozenset[str]] = frozenset(
        {"meta", "link", "br", "img", "input", "hr", "col", "area", "base", "wbr"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[tuple[str, int, int]]]] = []
        self.stack: list[list[list[tuple[str, int, int]]]] = []
        self.cell: list[Any] | None = None
        self.open_tags: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.VOID:
            self.open_tags.append(tag)
        a = {k: v for k, v in attrs}
        if tag == "table":
            self.stack.append([])
        elif tag == "tr" and self.stack:
            self.stack[-1].append([])
        elif tag in ("td", "th") and self.stack:
            self.cell = ["", int(a.get("rowspan") or 1), int(a.get("colspan") or 1)]

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID:
            return
        if not self.open_tags or self.open_tags[-1] != tag:
            self.errors.append(f"unexpected </{tag}> with open {self.open_tags[-3:]}")
        else:
            self.open_tags.pop()
        if tag in ("td", "th") and self.cell is not None and self.stack:
            self.stack[-1][-1].append((self.cell[0], self.cell[1], self.cell[2]))
            self.cell = None
        elif tag == "table" and self.stack:
            self.tables.append(self.stack.pop())

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell[0] += data


def read_html(page: str) -> TableReader:
    reader = TableReader()
    reader.feed(page)
    reader.close()
    return reader


def grid_widths(table: list[list[tuple[str, int, int]]]) -> list[int]:
    """Number of grid columns each row covers once rowspans are expanded."""
    covered: dict[tuple[int, int], bool] = {}
    widths = []
    for r, row in enumerate(table):
        c = 0
        for _, rowspan, colspan in row:
            while covered.get((r, c)):
                c += 1
            for dr in range(rowspan):
                for dc in range(colspan):
                    assert not covered.get((r + dr, c + dc)), "overlapping cells"
                    covered[(r + dr, c + dc)] = True
            c += colspan
        widths.append(sum(1 for (rr, _) in covered if rr == r))
    return widths


def t3_label_to_id(template: str) -> dict[str, str]:
    out = {}
    for rid, _group, label in R.table3_labels(template):
        out[norm_label(label)] = rid
    return out


def t2_label_to_id(template: str) -> dict[str, str]:
    labels = {
        "规章": "regulations",
        "行政规范性文件": "normative_documents",
        "规范性文件": "normative_documents",
        "行政许可": "licensing",
        "其他对外管理服务事项": "other_services",
        "行政处罚": "penalty",
        "行政强制": "coercion",
        "行政事业性收费": "fees",
        "政府集中采购": "procurement",
    }
    ids = R.table2_value_ids(template)
    return {k: v for k, v in labels.items() if v in ids}


def recover(rows: list[list[str]], template: str, kind: str) -> dict[str, Any]:
    """Values by row id from the rows of one table (cells as printed, values last)."""
    out: dict[str, Any] = {}
    if kind == "table3":
        ids = t3_label_to_id(template)
        for row in rows:
            if len(row) < 8:
                continue
            labels = [norm_label(c) for c in row[:-7] if squash(c)]
            if labels and labels[-1] in ids:
                out[ids[labels[-1]]] = [parse_value(c) for c in row[-7:]]
    elif kind == "table2":
        ids = t2_label_to_id(template)
        vids = R.table2_value_ids(template)
        for row in rows:
            if row and norm_label(row[0]) in ids:
                rid = ids[norm_label(row[0])]
                out[rid] = dict(zip(vids[rid], (parse_value(c) for c in row[1:])))
    else:
        values = rows[-1]
        assert len(values) == 15
        parsed = [parse_value(c) for c in values]
        for i, bid in enumerate(R.TABLE4_BLOCK_IDS):
            out[bid] = parsed[5 * i : 5 * i + 5]
    return out


def classify(rows: list[list[str]]) -> str:
    first = norm_label(rows[0][0]) if rows and rows[0] else ""
    if first.startswith("（本列数据"):
        return "table3"
    if first.startswith("第二十条"):
        return "table2"
    if first == "行政复议":
        return "table4"
    return "other"


def recovered_dict(tables: list[list[list[str]]], template: str) -> dict[str, Any]:
    got: dict[str, Any] = {"table2": {}, "table3": {}, "table4": {}}
    for rows in tables:
        kind = classify(rows)
        if kind != "other":
            got[kind].update(recover(rows, template, kind))
    return got


def assert_values_equal(got: dict[str, Any], want: dict[str, Any]) -> None:
    assert got["table3"] == want["table3"]
    assert got["table4"] == want["table4"]
    assert set(got["table2"]) == set(want["table2"])
    for rid, vals in want["table2"].items():
        for vid, v in vals.items():
            g = got["table2"][rid][vid]
            if isinstance(v, float):
                assert g == pytest.approx(v, abs=1e-6), (rid, vid, g, v)
            else:
                assert g == v, (rid, vid, g, v)


def html_cell_rows(page: str) -> list[list[list[str]]]:
    return [[[c[0] for c in row] for row in t] for t in read_html(page).tables]


# ----------------------------------------------------------------------------------------------
# random_report
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("template", TEMPLATES)
def test_identities_hold_over_500_seeds(template: str) -> None:
    for seed in range(500):
        data = R.random_report(np.random.default_rng(seed), template)
        assert R.identity_errors(data) == [], (seed, data.agency)
        assert list(data.table3) == R.table3_row_ids(template)
        for rid, row in data.table3.items():
            assert len(row) == 7 and all(isinstance(v, int) and v >= 0 for v in row), rid
            assert row[6] == sum(row[:6])
        for bid in R.TABLE4_BLOCK_IDS:
            block = data.table4[bid]
            assert len(block) == 5 and block[4] == sum(block[:4])
        c = [data.table3[r] for r in ("new", "carried_over", "total_processed", "carried_forward")]
        for col in range(7):
            assert c[0][col] + c[1][col] == c[2][col] + c[3][col]


def test_template_2019_has_single_other_row_and_its_table2() -> None:
    data = R.random_report(np.random.default_rng(1), "2019")
    ids = R.table3_row_ids("2019")
    assert len(ids) == 23 and "other" in ids and "other_misc" not in ids
    assert len(R.table3_row_ids("2021")) == 25
    assert set(data.table2) == {
        "regulations",
        "normative_documents",
        "licensing",
        "other_services",
        "penalty",
        "coercion",
        "fees",
        "procurement",
    }
    assert set(data.table2["fees"]) == {"previous_items", "change"}
    assert 2019 <= data.year <= 2020


def test_years_agencies_and_magnitudes_are_realistic() -> None:
    news, natural, years, big = [], 0, set(), 0
    changes_negative = False
    suffixes = ("人民政府", "街道办事处", "局", "委员会", "办公室", "分局")
    for seed in range(500):
        template = TEMPLATES[seed % 2]
        data = R.random_report(np.random.default_rng(seed), template)
        years.add((template, data.year))
        assert data.agency.endswith(suffixes), data.agency
        assert 5 <= len(data.agency) <= 24
        new = data.table3["new"]
        news.append(new[6])
        natural += new[0]
        big += new[6] >= 1000
        if template == "2019":
            changes_negative |= any((v.get("change") or 0) < 0 for v in data.table2.values())
            amount = data.table2["procurement"]["amount"]
            assert isinstance(amount, float)
        else:
            amount = data.table2["fees"]["amount"]
            assert isinstance(amount, float) and amount >= 0
            assert round(amount, 6) == amount
    arr = np.array(news)
    assert 0.1 < np.mean(arr == 0) < 0.6  # many agencies receive no application
    assert natural / arr.sum() > 0.75  # most applicants are natural persons
    assert big >= 1  # occasionally a large agency with thousands
    assert changes_negative
    assert {y for t, y in years if t == "2021"} == {2021, 2022, 2023, 2024, 2025}
    assert {y for t, y in years if t == "2019"} == {2019, 2020}


def test_random_report_respects_given_agency_and_year() -> None:
    data = R.random_report(np.random.default_rng(3), agency="云溪县官亭镇人民政府", year=2023)
    assert data.agency == "云溪县官亭镇人民政府" and data.year == 2023
    with pytest.raises(ValueError):
        R.random_report(np.random.default_rng(3), "2017")


def test_with_missing_blanks_only_zero_cells_and_keeps_identities() -> None:
    for seed in range(50):
        rng = np.random.default_rng(seed)
        data = R.random_report(rng, TEMPLATES[seed % 2])
        holed = R.with_missing(data, rng, 0.5, by_row=bool(seed % 3 == 0))
        assert R.identity_errors(holed) == []
        for rid, row in holed.table3.items():
            for v, orig in zip(row, data.table3[rid]):
                assert v == orig or (v is None and orig == 0)
        for rid, vals in holed.table2.items():
            for vid, v in vals.items():
                assert v == data.table2[rid][vid] or (v is None and data.table2[rid][vid] == 0)
    data = R.random_report(np.random.default_rng(7), "2021", kind="city_gov")
    anything = R.with_missing(data, np.random.default_rng(0), 1.0, zeros_only=False)
    assert all(v is None for row in anything.table3.values() for v in row)


def test_expected_dict_is_the_json_truth_form() -> None:
    rng = np.random.default_rng(11)
    data = R.with_missing(R.random_report(rng, "2021"), rng, 0.5)
    truth = R.expected_dict(data)
    assert list(truth) == ["agency", "year", "template", "table2", "table3", "table4"]
    assert list(truth["table3"]) == R.table3_row_ids("2021")
    assert list(truth["table4"]) == list(R.TABLE4_BLOCK_IDS)
    assert list(truth["table2"]) == [
        "regulations",
        "normative_documents",
        "licensing",
        "penalty",
        "coercion",
        "fees",
    ]
    assert isinstance(truth["table2"]["fees"]["amount"], (float, type(None)))
    dumped = json.loads(json.dumps(truth, ensure_ascii=False))
    assert dumped == truth
    assert "null" in json.dumps(truth)
    truth["table3"]["new"][0] = -1  # a copy: the data is untouched
    assert data.table3["new"][0] != -1


# ----------------------------------------------------------------------------------------------
# text layout
# ----------------------------------------------------------------------------------------------


def _all_labels(template: str) -> list[str]:
    labels = [R.COLUMN_LABELS[c] for c in R.COLUMN_IDS] + ["法人或其他组织", "申请人情况"]
    for _, group, label in R.table3_labels(template):
        labels.append(label)
        if group:
            labels.append(group)
    labels += [
        "三、本年度办理结果",
        "行政复议",
        "行政诉讼",
        "未经复议直接起诉",
        "复议后起诉",
        "结果维持",
        "结果纠正",
        "其他结果",
        "尚未审结",
    ]
    return labels


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("split", [False, True])
def test_every_label_appears_in_text_and_html(template: str, split: bool) -> None:
    for seed in range(5):
        rng = np.random.default_rng(seed)
        data = R.random_report(rng, template)
        v = R.Variations(split_labels=split, nbsp=split, word_markup=split)
        text = squash(R.render_text(data, rng=np.random.default_rng(seed), variations=v))
        page = html_text(
            R.render_html(data, rng=np.random.default_rng(seed), variations=v, page_chrome=split)
        )
        for label in _all_labels(template):
            assert squash(label) in text, label
            assert squash(label) in page, label


def test_text_layout_matches_the_docx_extraction() -> None:
    data = R.random_report(np.random.default_rng(5), "2021", kind="county_gov")
    text = R.render_text(data, rng=np.random.default_rng(5), variations=R.Variations(split_labels=True))
    lines = text.split("\n")
    assert lines[0] == data.agency
    assert lines[1] == f"{data.year}年政府信息公开工作年度报告"
    assert f"{data.year}年1月1日至{data.year}年12月31日" in text
    for heading in (
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ):
        assert heading in lines
    # table 3 header as in the real template: a merged-cell continuation is a TAB alone
    i = lines.index("\t申请人情况")
    assert lines[i - 1].startswith("\t（本列数据的勾稽关系为")
    assert lines[i + 1 : i + 7] == ["", "\t", "\t自然人", "\t法人或其他组织", "\t总计", ""]
    assert lines[i + 7 : i + 9] == ["\t", "\t"]
    assert lines[i + 9] == "\t商业"  # split label: continuation without TAB
    assert lines[i + 10] == "企业"
    # the results group: continuation TAB lines under 三、本年度办理结果 and （三）不予公开
    j = lines.index("\t1.属于国家秘密")
    assert lines[j - 1] == "\t（三）不予公开" and lines[j - 2] == "\t"
    k = lines.index("\t2.其他法律行政法规禁止公开")
    assert lines[k - 2 : k] == ["\t", "\t"]
    # table 4: three header rows, then 15 values
    tables = read_text_tables(text)
    t4 = next(t for t in tables if classify(t) == "table4")
    assert [len(r) for r in t4] == [2, 7, 15, 15]
    assert t4[2][:5] == [""] * 5


def test_table3_rows_have_ten_grid_columns_in_text() -> None:
    data = R.random_report(np.random.default_rng(8), "2021")
    tables = read_text_tables(R.render_text(data))
    t3 = next(t for t in tables if classify(t) == "table3")
    assert len(t3) == 3 + 25
    for row in t3[3:]:
        assert len(row) in (8, 9, 10)  # label cells (merged or continuation) + 7 values


# ----------------------------------------------------------------------------------------------
# HTML layout
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("template", TEMPLATES)
def test_html_parses_and_tables_have_rectangular_grids(template: str) -> None:
    for seed in range(30):
        rng = np.random.default_rng(seed)
        data = R.random_report(rng, template)
        v = R.Variations.random(rng)
        page = R.render_html(data, rng=rng, variations=v)
        reader = read_html(page)
        assert reader.errors == [] and reader.open_tags == []
        kinds = {"table2": 4, "table3": 10, "table4": 15}
        seen = set()
        for t in reader.tables:
            kind = classify([[c[0] for c in row] for row in t])
            if kind in kinds:
                seen.add(kind)
                assert set(grid_widths(t)) == {kinds[kind]}, (seed, kind)
        assert seen == set(kinds)


def test_html_spans_are_those_of_a_word_export() -> None:
    page = R.render_html(R.random_report(np.random.default_rng(2), "2021"))
    assert '<td colspan="3" rowspan="3">' in page
    assert re.search(r'<td rowspan="22"><p>三、本年度办理结果</p>', page)
    assert re.search(r'<td rowspan="8"><p>（三）不予公开</p>', page)
    assert re.search(r'<td colspan="3"><p>一、本年新收政府信息公开申请数量</p>', page)
    assert re.search(r'<td colspan="3"><p>本年处理决定数量</p>', page)
    assert '<td colspan="5"><p>行政复议</p></td><td colspan="10"><p>行政诉讼</p>' in page
    page19 = R.render_html(R.random_report(np.random.default_rng(2), "2019"))
    assert re.search(r'<td rowspan="20"><p>三、本年度办理结果</p>', page19)
    assert re.search(r'<td colspan="2"><p>（六）其他处理</p>', page19)


def test_page_chrome() -> None:
    data = R.random_report(np.random.default_rng(4), "2021")
    page = R.render_html(data, rng=np.random.default_rng(4), page_chrome=True)
    assert page.startswith("<!DOCTYPE html>")
    assert re.search(
        r'<meta name="ArticleTitle" content="'
        + re.escape(data.agency)
        + rf'{data.year}年(度)?政府信息公开工作年度报告">',
        page,
    )
    assert "<title>" + data.agency in page
    for piece in (
        "<script",
        "<style",
        "<ul>",
        "当前位置",
        "网站标识码",
        "ICP备",
        'class="xxgk_table"',
    ):
        assert piece in page
    reader = read_html(page)
    assert reader.errors == []
    assert len(reader.tables) == 4  # the layout table of article metadata + tables 2, 3, 4
    plain = R.render_html(data, rng=np.random.default_rng(4))
    assert "<script" not in plain and "<h1>" in plain


def test_encode_html_writes_matching_charset() -> None:
    data = R.random_report(np.random.default_rng(6), "2021")
    for chrome in (False, True):
        page = R.render_html(
            data, page_chrome=chrome, variations=R.Variations(missing_markers=("—",), nbsp=True)
        )
        gbk = R.encode_html(page, "gbk")
        decoded = gbk.decode("gbk")
        assert re.search(r"<meta[^>]*charset=gbk", decoded)
        assert 'charset="utf-8"' not in decoded
        assert html_text(decoded) == html_text(page)
        utf8 = R.encode_html(decoded, "utf-8")
        assert utf8.decode("utf-8") == page
    assert R.encode_html("<p>总计</p>", "gb2312").startswith(b"<meta http-equiv")
    assert b'<head><meta charset="utf-8">' in R.encode_html("<html><head></head></html>", "utf-8")
    with pytest.raises(ValueError):
        R.encode_html(page, "latin-1")


def test_gbk_variation_declares_gbk() -> None:
    data = R.random_report(np.random.default_rng(6), "2021")
    page = R.render_html(data, variations=R.Variations(encoding="gbk"), page_chrome=True)
    assert 'content="text/html; charset=gbk"' in page


# ----------------------------------------------------------------------------------------------
# values survive every variation; markers only where the data says None
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("template", TEMPLATES)
def test_values_recoverable_under_random_variations(template: str) -> None:
    for seed in range(60):
        rng = np.random.default_rng(1000 + seed)
        data = R.random_report(rng, template, missing_rate=0.3 if seed % 2 else 0.0)
        v = R.Variations.random(rng)
        want = R.expected_dict(data)
        text = R.render_text(data, rng=np.random.default_rng(seed), variations=v)
        assert_values_equal(recovered_dict(read_text_tables(text), template), want)
        page = R.render_html(data, rng=np.random.default_rng(seed), variations=v)
        assert_values_equal(recovered_dict(html_cell_rows(page), template), want)


@pytest.mark.parametrize("marker", R.MISSING_MARKERS)
def test_missing_markers_only_where_data_is_none(marker: str) -> None:
    rng = np.random.default_rng(21)
    data = R.with_missing(R.random_report(rng, "2021", kind="county_gov"), rng, 0.6)
    none_cells = sum(v is None for row in data.table3.values() for v in row)
    assert none_cells > 0
    v = R.Variations(missing_markers=(marker,))
    for rows_of_tables in (
        read_text_tables(R.render_text(data, variations=v)),
        html_cell_rows(R.render_html(data, variations=v)),
    ):
        t3 = next(t for t in rows_of_tables if classify(t) == "table3")
        ids = t3_label_to_id("2021")
        seen = 0
        for row in t3[3:]:
            labels = [norm_label(c) for c in row[:-7] if squash(c)]
            rid = ids[labels[-1]]
            for raw, want in zip(row[-7:], data.table3[rid]):
                if want is None:
                    assert squash(raw) == marker
                    seen += 1
                else:
                    assert squash(raw) == str(want)
        assert seen == none_cells
    # without None in the data no marker is printed, whatever the variation says
    clean = R.random_report(np.random.default_rng(21), "2021", kind="county_gov")
    text = R.render_text(clean, variations=R.Variations(missing_markers=("无", "/")))
    t3 = next(t for t in read_text_tables(text) if classify(t) == "table3")
    assert all(squash(c) not in R.MISSING_MARKERS for row in t3[3:] for c in row[-7:])


def test_variations_change_only_presentation() -> None:
    data = R.random_report(np.random.default_rng(9), "2021", kind="city_gov")
    v = R.Variations(
        fullwidth_digits=1.0,
        thousands=1.0,
        units=True,
        extra_spaces=True,
        halfwidth_parens=True,
        bookmark=True,
        repeat_header=True,
        split_labels=True,
    )
    text = R.render_text(data, rng=np.random.default_rng(9), variations=v)
    assert re.search(r"\t[０-９]", text)
    assert "[bookmark: _GoBack]" in text
    assert "(一)予以公开" in squash(text)
    tables = read_text_tables(text)
    assert sum(classify(t) == "table3" for t in tables) == 2  # header repeated
    assert_values_equal(recovered_dict(tables, "2021"), R.expected_dict(data))
    big = max(v for row in data.table3.values() for v in row if v is not None)
    if big >= 1000:
        assert re.search(r"[０-９],[０-９]{3}", text)


def test_variations_random_is_deterministic_and_valid() -> None:
    a = [R.Variations.random(np.random.default_rng(s)) for s in range(50)]
    b = [R.Variations.random(np.random.default_rng(s)) for s in range(50)]
    assert a == b
    assert len(set(a)) > 40
    for v in a:
        assert set(v.missing_markers) <= set(R.MISSING_MARKERS)
    with pytest.raises(ValueError):
        R.Variations(missing_markers=("0",))
    with pytest.raises(ValueError):
        R.Variations(missing_markers=())


# ----------------------------------------------------------------------------------------------
# narrative, determinism, samples
# ----------------------------------------------------------------------------------------------


def test_narrative_numbers_agree_with_tables() -> None:
    for seed in range(40):
        data = R.random_report(np.random.default_rng(seed), TEMPLATES[seed % 2])
        text = R.render_text(data, rng=np.random.default_rng(seed))
        assert f"主动公开政府信息{data.info_items}条" in text
        m = re.search(r"全年共收到政府信息公开申请(\d+)件", text)
        assert m and int(m.group(1)) == data.table3["new"][6]
        m = re.search(r"行政复议(\d+)件", text)
        if m:
            assert int(m.group(1)) == data.table4["reconsideration"][4]
        m = re.search(r"信息处理费(\d+)元", text)
        if m:
            assert float(m.group(1)) == data.fee_yuan


def test_rendering_is_deterministic() -> None:
    for seed in range(10):

        def render(s: int = seed) -> tuple[str, str]:
            rng = np.random.default_rng(s)
            data = R.random_report(rng, TEMPLATES[s % 2], missing_rate=0.2)
            v = R.Variations.random(rng)
            return (
                R.render_text(data, rng=rng, variations=v),
                R.render_html(data, rng=rng, variations=v, page_chrome=True),
            )

        assert render() == render()
    data = R.random_report(np.random.default_rng(1))
    assert R.render_text(data) == R.render_text(data)  # default rng seeded from the data
    assert R.render_html(data) == R.render_html(data)
    other = R.random_report(np.random.default_rng(2))
    assert R.render_text(data) != R.render_text(other)


def test_same_seed_gives_same_narrative_in_text_and_html() -> None:
    data = R.random_report(np.random.default_rng(12), "2021")
    text = R.render_text(data, rng=np.random.default_rng(3))
    page = R.render_html(data, rng=np.random.default_rng(3))
    for line in text.split("\n"):
        if line.startswith(("（一）", "（二）", "（五）")):
            assert squash(line) in html_text(page)


def test_committed_samples_equal_a_fresh_render() -> None:
    fresh = R.sample_reports()
    assert set(fresh) == {"sample_2024.txt", "sample_2024.html"}
    for name, content in fresh.items():
        committed = (DATA_DIR / name).read_bytes().decode("utf-8")
        assert committed == content, f"{name} drifted: run python -m gongkai.render --write-samples"


def test_sample_is_a_plausible_county_level_report() -> None:
    data = R.sample_report()
    assert data.year == 2024 and data.template == "2021"
    assert data.agency.endswith(("县人民政府", "区人民政府", "市人民政府"))
    assert R.identity_errors(data) == []
    text = (DATA_DIR / "sample_2024.txt").read_text(encoding="utf-8")
    assert text.startswith(data.agency + "\n2024年政府信息公开工作年度报告\n")
    assert_values_equal(recovered_dict(read_text_tables(text), "2021"), R.expected_dict(data))
    page = (DATA_DIR / "sample_2024.html").read_text(encoding="utf-8")
    assert_values_equal(recovered_dict(html_cell_rows(page), "2021"), R.expected_dict(data))


def test_write_samples_and_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = R.write_samples(tmp_path)
    assert sorted(p.name for p in paths) == ["sample_2024.html", "sample_2024.txt"]
    assert R.main(["--write-samples", str(tmp_path / "x")]) == 0
    assert (tmp_path / "x" / "sample_2024.txt").exists()
    capsys.readouterr()
    assert R.main(["--seed", "3", "--format", "json", "--template", "2019"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["template"] == "2019" and "other" in out["table3"]
