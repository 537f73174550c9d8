"""Render synthetic 政府信息公开工作年度报告 for tests, fixtures and the bundled samples.

This module is the project's report *writer*: it invents an agency and internally consistent
numbers (:func:`random_report`), then prints them the way real reports are published:

* :func:`render_text` — text extracted from a .docx: narrative lines unindented, one table cell
  per line starting with a TAB, a blank line after each table row, a wrapped cell continuing on
  the next line without a TAB, a vertically merged cell's continuation printed as a TAB alone;
* :func:`render_html` — an HTML page whose tables use ``rowspan``/``colspan`` like a
  Word-to-HTML export, optionally inside a government site's page chrome;
* :func:`encode_html` — the page as bytes in UTF-8 or GBK with a matching ``<meta charset>``;
* :func:`render_docx` — a .docx file (a zip of WordprocessingML) whose tables merge cells with
  ``w:gridSpan`` and ``w:vMerge`` as Word does, text split into runs.

:class:`Variations` switches on the deviations real reports show (blank or "/" cells, full-width
digits, split labels, ``&nbsp;`` padding, thousands separators, ...). None of them changes a
value: :func:`expected_dict` gives the truth, in the JSON form of ``docs/report-json.md``, that a
correct parser must recover from every rendering.

The module needs only the standard library and numpy, and imports nothing from the rest of the
package, so it can be loaded on its own (tests load it by path, without the C++ extension).
``python render.py --write-samples DIR`` (or ``python -m gongkai.render ...`` once the package
imports) rewrites the bundled samples.
"""

from __future__ import annotations

import argparse
import copy
import html as _html
import io
import json
import math
import re
import sys
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional, Union

import numpy as np

__all__ = [
    "COLUMN_IDS",
    "COLUMN_LABELS",
    "MISSING_MARKERS",
    "SAMPLE_SEED",
    "TABLE4_BLOCK_IDS",
    "TABLE4_VALUE_IDS",
    "TEMPLATES",
    "ReportData",
    "Variations",
    "encode_html",
    "expected_dict",
    "identity_errors",
    "main",
    "next_year",
    "random_report",
    "render_docx",
    "render_docx_xml",
    "render_html",
    "render_text",
    "sample_report",
    "sample_reports",
    "table2_value_ids",
    "table3_labels",
    "table3_row_ids",
    "with_missing",
    "write_samples",
]

Number = Union[int, float]
Cell = Optional[Number]
IntCell = Optional[int]

# --------------------------------------------------------------------------------------------
# The templates (ids and labels of docs/template.md)
# --------------------------------------------------------------------------------------------

TEMPLATES: tuple[str, ...] = ("2021", "2019")
"""Template ids: ``"2021"`` (国办公开办函〔2021〕30号) and ``"2019"`` (〔2019〕60号)."""

COLUMN_IDS: tuple[str, ...] = (
    "natural_person",
    "commercial",
    "research",
    "social_welfare",
    "legal_services",
    "other_org",
    "total",
)
"""Table 3 column ids, in template order."""

COLUMN_LABELS: dict[str, str] = {
    "natural_person": "自然人",
    "commercial": "商业企业",
    "research": "科研机构",
    "social_welfare": "社会公益组织",
    "legal_services": "法律服务机构",
    "other_org": "其他",
    "total": "总计",
}
"""Table 3 column labels as rendered (the five organisation columns sit under 法人或其他组织)."""

TABLE4_BLOCK_IDS: tuple[str, ...] = (
    "reconsideration",
    "litigation_direct",
    "litigation_after_reconsideration",
)
"""Table 4 block ids, in template order."""

TABLE4_VALUE_IDS: tuple[str, ...] = ("upheld", "corrected", "other", "pending", "total")
"""Table 4 value ids within a block, in template order."""

MISSING_MARKERS: tuple[str, ...] = ("", "/", "-", "—", "无")
"""What a cell that holds no number may print (``None`` in the data)."""

_GROUP_RESULTS = "三、本年度办理结果"
_GROUP_DENIED = "（三）不予公开"
_GROUP_UNAVAILABLE = "（四）无法提供"
_GROUP_REJECTED = "（五）不予处理"
_GROUP_OTHER = "（六）其他处理"
_BALANCE_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

# (row id, group label or None, row label). Rows 1, 2 and 25 span the three label columns;
# rows with group None span the two inner label columns; all others sit under their group.
_T3_HEAD: list[tuple[str, str | None, str]] = [
    ("new", None, "一、本年新收政府信息公开申请数量"),
    ("carried_over", None, "二、上年结转政府信息公开申请数量"),
]
_T3_RESULTS_COMMON: list[tuple[str, str | None, str]] = [
    ("granted", None, "（一）予以公开"),
    ("partially_granted", None, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ("denied_state_secret", _GROUP_DENIED, "1.属于国家秘密"),
    ("denied_prohibited_by_law", _GROUP_DENIED, "2.其他法律行政法规禁止公开"),
    ("denied_security_stability", _GROUP_DENIED, "3.危及“三安全一稳定”"),
    ("denied_third_party", _GROUP_DENIED, "4.保护第三方合法权益"),
    ("denied_internal_affairs", _GROUP_DENIED, "5.属于三类内部事务信息"),
    ("denied_process_information", _GROUP_DENIED, "6.属于四类过程性信息"),
    ("denied_enforcement_file", _GROUP_DENIED, "7.属于行政执法案卷"),
    ("denied_administrative_query", _GROUP_DENIED, "8.属于行政查询事项"),
    ("unavailable_not_held", _GROUP_UNAVAILABLE, "1.本机关不掌握相关政府信息"),
    ("unavailable_needs_creation", _GROUP_UNAVAILABLE, "2.没有现成信息需要另行制作"),
    ("unavailable_unclear", _GROUP_UNAVAILABLE, "3.补正后申请内容仍不明确"),
    ("rejected_petition", _GROUP_REJECTED, "1.信访举报投诉类申请"),
    ("rejected_duplicate", _GROUP_REJECTED, "2.重复申请"),
    ("rejected_publication", _GROUP_REJECTED, "3.要求提供公开出版物"),
    ("rejected_excessive", _GROUP_REJECTED, "4.无正当理由大量反复申请"),
    ("rejected_confirmation", _GROUP_REJECTED, "5.要求行政机关确认或重新出具已获取信息"),
]
_T3_OTHER_2021: list[tuple[str, str | None, str]] = [
    (
        "other_no_correction",
        _GROUP_OTHER,
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    ),
    (
        "other_unpaid_fee",
        _GROUP_OTHER,
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    ),
    ("other_misc", _GROUP_OTHER, "3.其他"),
]
_T3_OTHER_2019: list[tuple[str, str | None, str]] = [("other", None, _GROUP_OTHER)]
_T3_TAIL: list[tuple[str, str | None, str]] = [("total_processed", None, "（七）总计")]
_T3_LAST: list[tuple[str, str | None, str]] = [
    ("carried_forward", None, "四、结转下年度继续办理"),
]


def _t3_result_rows(template: str) -> list[tuple[str, str | None, str]]:
    other = _T3_OTHER_2021 if template == "2021" else _T3_OTHER_2019
    return _T3_RESULTS_COMMON + other + _T3_TAIL


def table3_labels(template: str) -> list[tuple[str, str | None, str]]:
    """Table 3 rows of ``template`` as ``(row id, group label or None, row label)``.

    The group label is the merged cell to the left of the row label (``（三）不予公开`` ...);
    rows 3 to 24 also sit under the merged ``三、本年度办理结果`` cell.
    """
    _check_template(template)
    return _T3_HEAD + _t3_result_rows(template) + _T3_LAST


def table3_row_ids(template: str) -> list[str]:
    """Table 3 row ids of ``template`` in template order (25 rows for 2021, 23 for 2019)."""
    return [r[0] for r in table3_labels(template)]


_RESULT_IDS_2021 = [r[0] for r in _t3_result_rows("2021")][:-1]
_RESULT_IDS_2019 = [r[0] for r in _t3_result_rows("2019")][:-1]

# Table 2: list of groups; each group is (article label, header labels, value-column layout,
# rows) where rows are (row id, label, value ids) and the layout lists the colspan of each value
# column in the 3 value columns of the 4-column grid.
_T2Row = tuple[str, str, tuple[str, ...]]
_T2Group = tuple[str, tuple[str, ...], tuple[int, ...], list[_T2Row]]

_T2_2021: list[_T2Group] = [
    (
        "第二十条第（一）项",
        ("本年制发件数", "本年废止件数", "现行有效件数"),
        (1, 1, 1),
        [
            ("regulations", "规章", ("issued", "repealed", "in_force")),
            ("normative_documents", "行政规范性文件", ("issued", "repealed", "in_force")),
        ],
    ),
    (
        "第二十条第（五）项",
        ("本年处理决定数量",),
        (3,),
        [("licensing", "行政许可", ("decisions",))],
    ),
    (
        "第二十条第（六）项",
        ("本年处理决定数量",),
        (3,),
        [("penalty", "行政处罚", ("decisions",)), ("coercion", "行政强制", ("decisions",))],
    ),
    (
        "第二十条第（八）项",
        ("本年收费金额（单位：万元）",),
        (3,),
        [("fees", "行政事业性收费", ("amount",))],
    ),
]

_ITEMS3 = ("previous_items", "change", "decisions")
_T2_2019: list[_T2Group] = [
    (
        "第二十条第（一）项",
        ("本年新制作数量", "本年新公开数量", "对外公开总数量"),
        (1, 1, 1),
        [
            ("regulations", "规章", ("made", "published", "total_published")),
            ("normative_documents", "规范性文件", ("made", "published", "total_published")),
        ],
    ),
    (
        "第二十条第（五）项",
        ("上一年项目数量", "本年增/减", "处理决定数量"),
        (1, 1, 1),
        [("licensing", "行政许可", _ITEMS3), ("other_services", "其他对外管理服务事项", _ITEMS3)],
    ),
    (
        "第二十条第（六）项",
        ("上一年项目数量", "本年增/减", "处理决定数量"),
        (1, 1, 1),
        [("penalty", "行政处罚", _ITEMS3), ("coercion", "行政强制", _ITEMS3)],
    ),
    (
        "第二十条第（八）项",
        ("上一年项目数量", "本年增/减"),
        (1, 2),
        [("fees", "行政事业性收费", ("previous_items", "change"))],
    ),
    (
        "第二十条第（九）项",
        ("采购项目数量", "采购总金额"),
        (1, 2),
        [("procurement", "政府集中采购", ("projects", "amount"))],
    ),
]


def _t2_groups(template: str) -> list[_T2Group]:
    return _T2_2021 if template == "2021" else _T2_2019


def table2_value_ids(template: str) -> dict[str, tuple[str, ...]]:
    """Table 2 of ``template`` as ``{row id: value ids}`` in template order."""
    _check_template(template)
    return {rid: vids for _, _, _, rows in _t2_groups(template) for rid, _, vids in rows}


# Value kinds decide how a table-2 number may be printed (units, sign, decimals).
_AMOUNT_IDS = {("fees", "amount"), ("procurement", "amount")}
_DOC_ROWS = {"regulations", "normative_documents"}

_T4_HEAD = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")


def _check_template(template: str) -> None:
    if template not in TEMPLATES:
        raise ValueError(f"unknown template {template!r}; expected one of {TEMPLATES}")


# --------------------------------------------------------------------------------------------
# The data
# --------------------------------------------------------------------------------------------


@dataclass
class ReportData:
    """The numbers and facts of one report: what a correct parser must recover.

    ``table2`` maps row id -> value id -> value (an ``int`` count, a ``float`` amount in 万元,
    or ``None`` for a cell printed without a number). ``table3`` maps row id -> the 7 values in
    the column order of :data:`COLUMN_IDS`; ``table4`` maps block id -> ``[upheld, corrected,
    other, pending, total]``. Ids are those of ``docs/template.md``; template ``"2019"`` has its
    own table 2 and the single table-3 row ``other`` instead of the three 其他处理 rows.

    The remaining fields feed the narrative: ``info_items`` (主动公开政府信息N条),
    ``fee_yuan`` (信息处理费 of section 六, in yuan) and ``published`` (ISO date the report was
    published; empty to let the renderer pick one in January of the next year).

    ``printed`` makes table cells print given text instead of their value, exactly as given
    (no variation applies): ``{"table3/new/total": "约5", "table2/licensing/decisions": "2.5"}``
    — the mistakes of real reports, for tests of the checks. The narrative still states the
    values, and :func:`expected_dict` does not know about it.
    """

    agency: str
    year: int
    template: str
    table2: dict[str, dict[str, Cell]]
    table3: dict[str, list[IntCell]]
    table4: dict[str, list[IntCell]]
    info_items: int = 0
    fee_yuan: float = 0.0
    published: str = ""
    printed: dict[str, str] = field(default_factory=dict)


def expected_dict(data: ReportData) -> dict[str, Any]:
    """The truth of ``data`` in the JSON form of ``docs/report-json.md``.

    Keys ``agency``, ``year``, ``template``, ``table2``, ``table3`` and ``table4``, rows in
    template order, ``None`` for cells printed without a number (``null`` once dumped). Counts
    are ``int``, amounts in 万元 are ``float``; compare amounts with a tolerance of 1e-6 when
    the rendering may have printed them in 元.
    """
    _check_template(data.template)
    t2: dict[str, dict[str, Cell]] = {}
    for rid, vids in table2_value_ids(data.template).items():
        row = data.table2.get(rid, {})
        t2[rid] = {}
        for vid in vids:
            v = row.get(vid)
            if v is not None and (rid, vid) in _AMOUNT_IDS:
                v = float(v)
            elif v is not None:
                v = int(v)
            t2[rid][vid] = v
    t3 = {
        rid: [None if v is None else int(v) for v in data.table3[rid]]
        for rid in table3_row_ids(data.template)
    }
    t4 = {bid: [None if v is None else int(v) for v in data.table4[bid]] for bid in TABLE4_BLOCK_IDS}
    return {
        "agency": data.agency,
        "year": int(data.year),
        "template": data.template,
        "table2": t2,
        "table3": t3,
        "table4": t4,
    }


def _z(v: Number | None) -> Number:
    return 0 if v is None else v


def identity_errors(data: ReportData) -> list[str]:
    """The identities of ``docs/template.md`` that ``data`` breaks, ``None`` counted as 0.

    Checks, for every table-3 column, balance (new + carried_over = total_processed +
    carried_forward) and results (total_processed = sum of the result rows); for every table-3
    row, total = sum of the six applicant columns; for every table-4 block, total = sum of its
    four values. Returns one message per broken identity (empty when all hold).
    """
    errors: list[str] = []
    t3 = data.table3
    result_ids = _RESULT_IDS_2021 if data.template == "2021" else _RESULT_IDS_2019
    for c, col in enumerate(COLUMN_IDS):
        new, co = _z(t3["new"][c]), _z(t3["carried_over"][c])
        tp, cf = _z(t3["total_processed"][c]), _z(t3["carried_forward"][c])
        if new + co != tp + cf:
            errors.append(f"table3.balance {col}: {new}+{co} != {tp}+{cf}")
        s = sum(_z(t3[r][c]) for r in result_ids)
        if s != tp:
            errors.append(f"table3.results {col}: sum {s} != total_processed {tp}")
    for rid in table3_row_ids(data.template):
        row = t3[rid]
        s = sum(_z(v) for v in row[:6])
        if s != _z(row[6]):
            errors.append(f"table3.columns {rid}: sum {s} != total {row[6]}")
    for bid in TABLE4_BLOCK_IDS:
        b = data.table4[bid]
        if sum(_z(v) for v in b[:4]) != _z(b[4]):
            errors.append(f"table4.total {bid}: {b}")
    return errors


# --------------------------------------------------------------------------------------------
# Random agencies and numbers
# --------------------------------------------------------------------------------------------

# Characters for invented place names, with a pinyin for the site domain.
_PY: dict[str, str] = {
    "云": "yun",
    "安": "an",
    "平": "ping",
    "清": "qing",
    "青": "qing",
    "长": "chang",
    "永": "yong",
    "东": "dong",
    "西": "xi",
    "南": "nan",
    "北": "bei",
    "宁": "ning",
    "丰": "feng",
    "兴": "xing",
    "新": "xin",
    "福": "fu",
    "嘉": "jia",
    "泰": "tai",
    "广": "guang",
    "龙": "long",
    "凤": "feng",
    "金": "jin",
    "玉": "yu",
    "石": "shi",
    "白": "bai",
    "桃": "tao",
    "柳": "liu",
    "松": "song",
    "梅": "mei",
    "临": "lin",
    "高": "gao",
    "大": "da",
    "山": "shan",
    "水": "shui",
    "河": "he",
    "湖": "hu",
    "汉": "han",
    "宣": "xuan",
    "仁": "ren",
    "德": "de",
    "崇": "chong",
    "昌": "chang",
    "鹿": "lu",
    "乐": "le",
    "华": "hua",
    "庆": "qing",
    "和": "he",
    "阳": "yang",
    "武": "wu",
    "文": "wen",
    "江": "jiang",
    "城": "cheng",
    "川": "chuan",
    "溪": "xi",
    "源": "yuan",
    "州": "zhou",
    "泉": "quan",
    "林": "lin",
    "原": "yuan",
    "化": "hua",
    "陵": "ling",
    "谷": "gu",
    "峰": "feng",
    "桥": "qiao",
    "口": "kou",
    "亭": "ting",
    "坪": "ping",
    "湾": "wan",
    "庄": "zhuang",
    "集": "ji",
    "店": "dian",
    "营": "ying",
    "铺": "pu",
    "寨": "zhai",
    "屯": "tun",
    "坝": "ba",
    "岗": "gang",
    "塘": "tang",
    "桑": "sang",
    "柏": "bai",
    "槐": "huai",
    "杏": "xing",
    "枣": "zao",
    "荷": "he",
}
_PLACE_FIRST = "云安平清青长永东西南北宁丰兴新福嘉泰广龙凤金玉石白桃柳松梅临高大汉宣仁德崇昌鹿乐华庆和武文"
_COUNTY_SECOND = "阳平安宁城川山水溪河源丰兴州江泉林原昌化德陵谷峰"
_TOWN_SECOND = "庄集店营桥口亭坪湾铺寨屯坝岗塘山河溪林"
_TOWN_FIRST = _PLACE_FIRST + "桑柏槐杏枣荷"

_PROVINCES: list[tuple[str, str]] = [
    ("河北省", "冀"),
    ("河南省", "豫"),
    ("湖南省", "湘"),
    ("湖北省", "鄂"),
    ("江苏省", "苏"),
    ("浙江省", "浙"),
    ("安徽省", "皖"),
    ("福建省", "闽"),
    ("江西省", "赣"),
    ("山东省", "鲁"),
    ("四川省", "川"),
    ("广东省", "粤"),
    ("山西省", "晋"),
    ("陕西省", "陕"),
    ("贵州省", "黔"),
]

_DEPARTMENTS: list[str] = [
    "自然资源局",
    "自然资源和规划局",
    "公安局",
    "教育局",
    "教育和体育局",
    "卫生健康局",
    "人力资源和社会保障局",
    "住房和城乡建设局",
    "交通运输局",
    "农业农村局",
    "水利局",
    "市场监督管理局",
    "财政局",
    "民政局",
    "司法局",
    "应急管理局",
    "文化和旅游局",
    "文化广电和旅游局",
    "医疗保障局",
    "退役军人事务局",
    "统计局",
    "审计局",
    "发展和改革局",
    "行政审批局",
    "城市管理局",
    "综合行政执法局",
    "商务局",
    "林业局",
    "科学技术局",
    "工业和信息化局",
    "人民政府办公室",
    "民族宗教事务局",
    "数据资源管理局",
]
_CITY_DEPARTMENTS: list[str] = [
    "自然资源和规划局",
    "公安局",
    "教育局",
    "卫生健康委员会",
    "人力资源和社会保障局",
    "住房和城乡建设局",
    "交通运输局",
    "农业农村局",
    "水利局",
    "市场监督管理局",
    "财政局",
    "民政局",
    "司法局",
    "生态环境局",
    "应急管理局",
    "文化广电和旅游局",
    "医疗保障局",
    "发展和改革委员会",
    "人民政府办公室",
    "城市管理局",
    "商务局",
    "数据局",
]

_KINDS = ("township", "county_dept", "county_gov", "city_dept", "city_gov")
_KIND_WEIGHTS = (0.30, 0.30, 0.20, 0.13, 0.07)


def _pick(rng: np.random.Generator, seq: Sequence[str]) -> str:
    return seq[int(rng.integers(len(seq)))]


def _place(rng: np.random.Generator, first: str, second: str) -> str:
    while True:
        a, b = _pick(rng, first), _pick(rng, second)
        if a != b:
            return a + b


def _random_agency(rng: np.random.Generator, kind: str) -> str:
    county_suffix = _pick(rng, "县县县县区区市")
    county = _place(rng, _PLACE_FIRST, _COUNTY_SECOND) + county_suffix
    city = _place(rng, _PLACE_FIRST, _COUNTY_SECOND) + "市"
    if kind == "township":
        r = rng.random()
        town = _place(rng, _TOWN_FIRST, _TOWN_SECOND)
        if r < 0.6:
            return f"{county}{town}镇人民政府"
        if r < 0.85:
            return f"{county}{town}乡人民政府"
        return f"{county}{town}街道办事处"
    if kind == "county_dept":
        if rng.random() < 0.08:
            return f"{city}生态环境局{county}分局"
        return county + _pick(rng, _DEPARTMENTS)
    if kind == "county_gov":
        if county_suffix == "区" and rng.random() < 0.5:
            return f"{city}{county}人民政府"
        return f"{county}人民政府"
    if kind == "city_dept":
        return city + _pick(rng, _CITY_DEPARTMENTS)
    return f"{city}人民政府"


def _guess_kind(agency: str) -> str:
    if agency.endswith(("镇人民政府", "乡人民政府", "街道办事处")):
        return "township"
    if agency.endswith("市人民政府") and agency.count("市") == 1:
        return "city_gov"
    if agency.endswith("人民政府"):
        return "county_gov"
    if "县" in agency or "区" in agency:
        return "county_dept"
    return "city_dept"


def _lognormal(rng: np.random.Generator, median: float, sigma: float) -> int:
    return max(0, round(median * math.exp(sigma * float(rng.standard_normal()))))


def _count(rng: np.random.Generator, zero_p: float, median: float, sigma: float) -> int:
    if rng.random() < zero_p:
        return 0
    return _lognormal(rng, median, sigma)


def _amount(rng: np.random.Generator, zero_p: float, median: float, sigma: float) -> float:
    if rng.random() < zero_p:
        return 0.0
    x = median * math.exp(sigma * float(rng.standard_normal()))
    decimals = int(rng.integers(2, 7))
    return max(0.01, round(x, decimals))


# Per kind: (zero probability, median, sigma) of new applications; table-2 scales.
_APPS = {
    "township": (0.6, 2.0, 0.8),
    "county_dept": (0.35, 5.0, 1.0),
    "county_gov": (0.03, 45.0, 0.8),
    "city_dept": (0.1, 30.0, 1.0),
    "city_gov": (0.0, 700.0, 0.8),
}
_SCALE = {  # licensing, penalty, coercion, fee (万元), normative docs, info items
    "township": (20.0, 8.0, 1.0, 5.0, 1.0, 150.0),
    "county_dept": (300.0, 100.0, 6.0, 150.0, 2.0, 200.0),
    "county_gov": (5000.0, 2000.0, 60.0, 8000.0, 12.0, 3000.0),
    "city_dept": (2000.0, 600.0, 30.0, 1500.0, 6.0, 800.0),
    "city_gov": (90000.0, 30000.0, 900.0, 60000.0, 35.0, 15000.0),
}
_ZERO_P = {
    "township": 0.6,
    "county_dept": 0.45,
    "county_gov": 0.05,
    "city_dept": 0.3,
    "city_gov": 0.0,
}

# Base shares of the result rows (2021 order of _RESULT_IDS_2021).
_RESULT_BASE = [
    0.36,
    0.10,
    0.003,
    0.005,
    0.003,
    0.02,
    0.02,
    0.03,
    0.01,
    0.02,
    0.22,
    0.03,
    0.03,
    0.04,
    0.02,
    0.005,
    0.01,
    0.01,
    0.03,
    0.002,
    0.057,
]
_APPLICANT_BASE = [0.88, 0.055, 0.004, 0.006, 0.02, 0.035]


def _table3(rng: np.random.Generator, template: str, kind: str) -> dict[str, list[IntCell]]:
    zp, med, sig = _APPS[kind]
    n_new = _count(rng, zp, med, sig)
    shares = rng.dirichlet(np.array(_APPLICANT_BASE) * 40.0)
    new = [int(x) for x in rng.multinomial(n_new, shares)]
    q_in = 0.0 if rng.random() < 0.55 else float(rng.uniform(0.01, 0.12))
    q_out = 0.0 if rng.random() < 0.5 else float(rng.uniform(0.01, 0.12))
    co = [int(rng.binomial(n, q_in)) for n in new]
    cf = [int(rng.binomial(n + c, q_out)) for n, c in zip(new, co)]
    processed = [n + c - f for n, c, f in zip(new, co, cf)]
    base = np.array(_RESULT_BASE)
    if template == "2019":
        base = np.concatenate([base[:18], [base[18:].sum()]])
    probs = rng.dirichlet(base * 60.0 + 1e-3)
    result_ids = _RESULT_IDS_2021 if template == "2021" else _RESULT_IDS_2019
    results: dict[str, list[int]] = {rid: [] for rid in result_ids}
    for p in processed:
        draw = rng.multinomial(p, probs)
        for rid, x in zip(result_ids, draw):
            results[rid].append(int(x))
    rows: dict[str, list[int]] = {"new": new, "carried_over": co}
    rows.update(results)
    rows["total_processed"] = processed
    rows["carried_forward"] = cf
    out: dict[str, list[IntCell]] = {}
    for rid in table3_row_ids(template):
        vals = rows[rid]
        out[rid] = [*vals, sum(vals)]
    return out


def _table4(rng: np.random.Generator, kind: str, n_new: int) -> dict[str, list[IntCell]]:
    gov = kind in ("county_gov", "city_gov")
    lams = (
        0.04 * n_new + (0.3 if gov else 0.05),
        0.015 * n_new + (0.15 if gov else 0.02),
        0.01 * n_new + (0.1 if gov else 0.01),
    )
    out: dict[str, list[IntCell]] = {}
    for bid, lam in zip(TABLE4_BLOCK_IDS, lams):
        total = int(rng.poisson(lam))
        parts = [int(x) for x in rng.multinomial(total, rng.dirichlet([3.0, 0.8, 1.2, 0.8]))]
        out[bid] = [*parts, total]
    return out


def _table2_2021(rng: np.random.Generator, kind: str) -> dict[str, dict[str, Cell]]:
    lic, pen, coe, fee, docs, _ = _SCALE[kind]
    zp = _ZERO_P[kind]
    t2: dict[str, dict[str, Cell]] = {}
    if kind == "city_gov" and rng.random() < 0.8:
        issued = _count(rng, 0.3, 2.0, 0.6)
        t2["regulations"] = {
            "issued": issued,
            "repealed": _count(rng, 0.5, 1.5, 0.6),
            "in_force": issued + _lognormal(rng, 60.0, 0.6),
        }
    else:
        t2["regulations"] = {"issued": 0, "repealed": 0, "in_force": 0}
    issued = _count(rng, zp, docs, 0.7)
    repealed = _count(rng, max(zp, 0.4), max(1.0, docs / 3), 0.8)
    in_force = issued + _count(rng, zp * 0.7, docs * 9, 0.6)
    t2["normative_documents"] = {"issued": issued, "repealed": repealed, "in_force": in_force}
    t2["licensing"] = {"decisions": _count(rng, zp, lic, 1.2)}
    t2["penalty"] = {"decisions": _count(rng, zp, pen, 1.2)}
    t2["coercion"] = {"decisions": _count(rng, max(zp, 0.3), coe, 1.0)}
    t2["fees"] = {"amount": _amount(rng, max(zp, 0.2), fee, 1.0)}
    return t2


def _items(
    rng: np.random.Generator,
    zp: float,
    prev_med: float,
    dec_med: float,
    with_decisions: bool = True,
) -> dict[str, Cell]:
    prev = _count(rng, zp, prev_med, 0.8)
    change = 0 if rng.random() < 0.5 else int(rng.integers(-min(prev, 20), 25))
    d: dict[str, Cell] = {"previous_items": prev, "change": change}
    if with_decisions:
        d["decisions"] = _count(rng, zp, dec_med, 1.2)
    return d


def _table2_2019(rng: np.random.Generator, kind: str) -> dict[str, dict[str, Cell]]:
    lic, pen, coe, _fee, docs, _ = _SCALE[kind]
    zp = _ZERO_P[kind]
    t2: dict[str, dict[str, Cell]] = {}
    for rid, med, allowed in (
        ("regulations", 2.0, kind == "city_gov"),
        ("normative_documents", docs, True),
    ):
        if not allowed:
            t2[rid] = {"made": 0, "published": 0, "total_published": 0}
            continue
        made = _count(rng, zp, med, 0.7)
        published = made if rng.random() < 0.8 else int(rng.integers(0, made + 1))
        t2[rid] = {
            "made": made,
            "published": published,
            "total_published": published + _count(rng, zp * 0.7, med * 8, 0.6),
        }
    t2["licensing"] = _items(rng, zp, 80.0 if kind != "township" else 5.0, lic)
    t2["other_services"] = _items(rng, max(zp, 0.4), 10.0, lic / 10)
    t2["penalty"] = _items(rng, zp, 300.0 if kind != "township" else 3.0, pen)
    t2["coercion"] = _items(rng, max(zp, 0.3), 20.0, coe)
    t2["fees"] = _items(rng, max(zp, 0.3), 12.0, 0.0, with_decisions=False)
    projects = _count(rng, max(zp, 0.3), 20.0 if kind != "city_gov" else 300.0, 1.0)
    amount = 0.0
    if projects:
        yuan = round(projects * _lognormal(rng, 150000.0, 1.0) + float(rng.random()), 2)
        amount = round(yuan / 10000.0, 6)
    t2["procurement"] = {"projects": projects, "amount": amount}
    return t2


def random_report(
    rng: np.random.Generator,
    template: str = "2021",
    *,
    agency: str | None = None,
    year: int | None = None,
    kind: str | None = None,
    missing_rate: float = 0.0,
) -> ReportData:
    """A random report with realistic, internally consistent numbers.

    Every identity of ``docs/template.md`` holds (see :func:`identity_errors`). Magnitudes
    follow the agency's kind — ``"township"`` (镇/乡/街道), ``"county_dept"`` (县级部门),
    ``"county_gov"`` (县/区/县级市人民政府), ``"city_dept"`` and ``"city_gov"`` (occasionally
    thousands of applications) — chosen at random, or guessed from ``agency`` when given.
    ``year`` defaults to 2021-2025 for template 2021 and 2019-2020 for template 2019.
    ``missing_rate`` > 0 applies :func:`with_missing` to zero cells at that rate.
    """
    _check_template(template)
    if kind is None:
        kind = _guess_kind(agency) if agency else str(rng.choice(_KINDS, p=_KIND_WEIGHTS))
    if kind not in _KINDS:
        raise ValueError(f"unknown kind {kind!r}; expected one of {_KINDS}")
    if agency is None:
        agency = _random_agency(rng, kind)
    if year is None:
        year = int(rng.integers(2021, 2026)) if template == "2021" else int(rng.integers(2019, 2021))
    t3 = _table3(rng, template, kind)
    new_total = int(_z(t3["new"][6]))
    t4 = _table4(rng, kind, new_total)
    t2 = _table2_2021(rng, kind) if template == "2021" else _table2_2019(rng, kind)
    info = _lognormal(rng, _SCALE[kind][5], 0.7) + int(rng.integers(5, 40))
    fee = 0.0
    if template == "2021" and rng.random() < 0.08:
        fee = float(int(rng.integers(1, 80)) * 50)
    month, day = (
        (1, int(rng.integers(5, 32)))
        if rng.random() < 0.8
        else (int(rng.integers(2, 4)), int(rng.integers(1, 29)))
    )
    data = ReportData(
        agency=agency,
        year=year,
        template=template,
        table2=t2,
        table3=t3,
        table4=t4,
        info_items=info,
        fee_yuan=fee,
        published=f"{year + 1}-{month:02d}-{day:02d}",
    )
    if missing_rate > 0:
        data = with_missing(data, rng, missing_rate)
    return data


def next_year(data: ReportData, rng: np.random.Generator, *, template: str | None = None) -> ReportData:
    """The same agency's report for the year after ``data``'s: random, but chained to it.

    Table 3's carried-over applications are ``data``'s carried forward, column by column
    (carried_over(t+1) = carried_forward(t)); with template 2021 in both years the documents in
    force follow on (in_force(t+1) = in_force(t) + issued(t+1) - repealed(t+1), regulations
    and normative documents); with template 2019 in both, last year's items are ``data``'s
    items plus its change, and the documents published in total grow by those published.
    Every identity within the new report holds. ``template`` defaults to ``data``'s up to
    report year 2020 and to ``"2021"`` after. Cells of ``data`` without a number count as 0.
    """
    year = data.year + 1
    if template is None:
        template = data.template if year <= 2020 else "2021"
    out = random_report(rng, template, agency=data.agency, year=year)
    t3 = out.table3
    carried = [int(_z(v)) for v in data.table3["carried_forward"][:6]]
    result_ids = _RESULT_IDS_2021 if template == "2021" else _RESULT_IDS_2019
    base = np.array(_RESULT_BASE)
    if template == "2019":
        base = np.concatenate([base[:18], [base[18:].sum()]])
    probs = rng.dirichlet(base * 60.0 + 1e-3)
    for c in range(6):
        new = int(_z(t3["new"][c]))
        forward = min(int(_z(t3["carried_forward"][c])), new + carried[c])
        processed = new + carried[c] - forward
        t3["carried_over"][c] = carried[c]
        t3["carried_forward"][c] = forward
        t3["total_processed"][c] = processed
        for rid, x in zip(result_ids, rng.multinomial(processed, probs)):
            t3[rid][c] = int(x)
    for row in t3.values():
        row[6] = sum(int(_z(v)) for v in row[:6])
    t2, before = out.table2, data.table2
    if template == "2021" and data.template == "2021":
        for rid in ("regulations", "normative_documents"):
            stock = int(_z(before[rid].get("in_force")))
            issued = int(_z(t2[rid]["issued"]))
            repealed = min(int(_z(t2[rid]["repealed"])), stock + issued)
            t2[rid].update(repealed=repealed, in_force=stock + issued - repealed)
    elif template == "2019" and data.template == "2019":
        for rid in ("regulations", "normative_documents"):
            total = int(_z(before[rid].get("total_published"))) + int(_z(t2[rid]["published"]))
            t2[rid]["total_published"] = total
        for rid, values in t2.items():
            if "previous_items" in values:
                prev = before.get(rid, {})
                items = int(_z(prev.get("previous_items"))) + int(_z(prev.get("change")))
                values["previous_items"] = items
                values["change"] = max(int(_z(values["change"])), -items)
    return out


def with_missing(
    data: ReportData,
    rng: np.random.Generator,
    rate: float = 0.3,
    *,
    zeros_only: bool = True,
    by_row: bool = False,
) -> ReportData:
    """A copy of ``data`` with some cells set to ``None`` (printed as a missing marker).

    Each candidate cell of tables 2, 3 and 4 becomes ``None`` with probability ``rate``.
    Candidates are the cells holding 0 (real reports leave zeros blank or write "/"), or every
    cell when ``zeros_only`` is false. With ``by_row`` the draw is made once per row (and per
    table-4 block), blanking all its candidate cells together. With ``zeros_only`` the
    identities still hold when ``None`` is read as 0.
    """
    out = copy.deepcopy(data)

    def candidate(v: Number | None) -> bool:
        return v is not None and (not zeros_only or v == 0)

    def blank_list(values: list[IntCell]) -> None:
        if by_row:
            if rng.random() < rate:
                for i, v in enumerate(values):
                    if candidate(v):
                        values[i] = None
            return
        for i, v in enumerate(values):
            if candidate(v) and rng.random() < rate:
                values[i] = None

    for rid in table2_value_ids(out.template):
        row = out.table2[rid]
        hit = rng.random() < rate if by_row else False
        for vid in list(row):
            if candidate(row[vid]) and (hit if by_row else rng.random() < rate):
                row[vid] = None
    for rid in table3_row_ids(out.template):
        blank_list(out.table3[rid])
    for bid in TABLE4_BLOCK_IDS:
        blank_list(out.table4[bid])
    return out


# --------------------------------------------------------------------------------------------
# Variations
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Variations:
    """Deviations of real reports that a renderer may apply; none of them changes a value.

    Attributes:
        missing_markers: what a ``None`` cell prints, chosen per cell among these
            (a subset of :data:`MISSING_MARKERS`).
        fullwidth_digits: share of numbers printed with full-width digits (０１２).
        thousands: share of numbers >= 1000 printed with separators ("1,234", "18,651.06").
        split_labels: header and long labels split over lines / ``<p>`` / ``<br/>``
            ("商业" + "企业", "三、本" + "年度办" + "理结果"); joined they give the label.
            In .docx also text cut into several ``w:r`` runs at random places.
        nbsp: ``&nbsp;`` padding in HTML cells (text and .docx layouts: ignored).
        units: units after table-2 numbers where the header implies them ("3件" in the
            第（一）项 rows, "18651.06万元" for fees, "73802895.90元" for procurement, i.e. an
            amount in 元 that the parser must divide by 10000). Never in tables 3 and 4.
        extra_spaces: spaces around cell text and after enumerators ("（三） 不予公开", " 0").
        halfwidth_parens: label parentheses printed half-width ("(一)予以公开").
        repeat_header: table 3 split into two tables at a group boundary, the second
            repeating the three header rows and the 三、本年度办理结果 label.
        bookmark: a "[bookmark: _GoBack]" artefact before a narrative line (text layout; in
            .docx a ``_GoBack`` bookmark).
        word_markup: Word-export markup in HTML (MsoNormal paragraphs, styled cells, spans);
            in .docx Word's fonts, sizes, cell borders and paragraph ids.
        page_chrome: wrap the HTML in a government site's page (head, menus, footer).
        encoding: intended encoding of the HTML page ("utf-8", "gbk", "gb2312"); render_html
            writes the matching ``<meta>``; pass it to :func:`encode_html` for the bytes.
    """

    missing_markers: tuple[str, ...] = ("",)
    fullwidth_digits: float = 0.0
    thousands: float = 0.0
    split_labels: bool = False
    nbsp: bool = False
    units: bool = False
    extra_spaces: bool = False
    halfwidth_parens: bool = False
    repeat_header: bool = False
    bookmark: bool = False
    word_markup: bool = False
    page_chrome: bool = False
    encoding: str = "utf-8"

    def __post_init__(self) -> None:
        if not self.missing_markers:
            raise ValueError("missing_markers must not be empty")
        for m in self.missing_markers:
            if m not in MISSING_MARKERS:
                raise ValueError(f"unknown missing marker {m!r}; expected {MISSING_MARKERS}")
        if self.encoding.lower() not in ("utf-8", "gbk", "gb2312", "gb18030"):
            raise ValueError(f"unsupported encoding {self.encoding!r}")

    @classmethod
    def random(cls, rng: np.random.Generator) -> Variations:
        """Variations drawn at random, in proportions loosely following real reports."""
        k = 1 if rng.random() < 0.7 else 2
        markers = tuple(
            str(m) for m in rng.choice(MISSING_MARKERS, size=k, replace=False, p=[0.4, 0.25, 0.15, 0.1, 0.1])
        )
        fw = 0.0 if rng.random() < 0.8 else (1.0 if rng.random() < 0.5 else 0.5)
        r = rng.random()
        th = 0.0 if r < 0.6 else (1.0 if r < 0.9 else 0.5)
        r = rng.random()
        enc = "utf-8" if r < 0.7 else ("gbk" if r < 0.95 else "gb2312")
        return cls(
            missing_markers=markers,
            fullwidth_digits=fw,
            thousands=th,
            split_labels=bool(rng.random() < 0.6),
            nbsp=bool(rng.random() < 0.4),
            units=bool(rng.random() < 0.15),
            extra_spaces=bool(rng.random() < 0.3),
            halfwidth_parens=bool(rng.random() < 0.15),
            repeat_header=bool(rng.random() < 0.1),
            bookmark=bool(rng.random() < 0.2),
            word_markup=bool(rng.random() < 0.4),
            page_chrome=bool(rng.random() < 0.5),
            encoding=enc,
        )


# --------------------------------------------------------------------------------------------
# Table model shared by the text and HTML layouts
# --------------------------------------------------------------------------------------------


@dataclass
class _Cell:
    parts: list[str]
    rowspan: int = 1
    colspan: int = 1
    value: bool = False
    missing: bool = False


@dataclass
class _Table:
    rows: list[list[_Cell]]
    ncols: int
    kind: str = ""


@dataclass
class _Para:
    text: str
    heading: bool = False


_Block = Union[_Para, _Table]

_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")

# Splits real reports show (joined without separator they give the label).
_SPLITS: dict[str, list[list[str]]] = {
    "商业企业": [["商业", "企业"]],
    "科研机构": [["科研", "机构"]],
    "社会公益组织": [["社会", "公益", "组织"], ["社会公益", "组织"]],
    "法律服务机构": [["法律", "服务", "机构"], ["法律服务", "机构"]],
    "三、本年度办理结果": [["三、本", "年度办", "理结果"], ["三、本年度", "办理结果"]],
    "结果维持": [["结果", "维持"]],
    "结果纠正": [["结果", "纠正"]],
    "其他结果": [["其他", "结果"]],
    "尚未审结": [["尚未", "审结"]],
    "本年新制作数量": [["本年新", "制作数量"]],
    "本年新公开数量": [["本年新", "公开数量"]],
    "其他对外管理服务事项": [["其他对外管理", "服务事项"]],
    "本年收费金额（单位：万元）": [["本年收费金额", "（单位：万元）"]],
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请": [
        ["1.申请人无正当理由逾期不补正、行政机关", "不再处理其政府信息公开申请"]
    ],
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请": [
        ["2.申请人逾期未按收费通知要求缴纳费用、", "行政机关不再处理其政府信息公开申请"]
    ],
}
_ENUM_RE = re.compile(r"^(（[一二三四五六七]）|[0-9]\.|[一二三四]、)")


class _Builder:
    """Turns data + variations into paragraphs and tables, drawing every choice from rng."""

    def __init__(self, data: ReportData, rng: np.random.Generator, v: Variations) -> None:
        _check_template(data.template)
        self.d = data
        self.rng = rng
        self.v = v

    # ---- cells ----------------------------------------------------------------------------

    def label(self, text: str, rowspan: int = 1, colspan: int = 1) -> _Cell:
        parts = [text]
        if self.v.split_labels and text in _SPLITS and self.rng.random() < 0.75:
            options = _SPLITS[text]
            parts = list(options[int(self.rng.integers(len(options)))])
        if self.v.extra_spaces and self.rng.random() < 0.3:
            m = _ENUM_RE.match(parts[0])
            if m and m.end() < len(parts[0]):
                parts[0] = parts[0][: m.end()] + " " + parts[0][m.end() :]
        if self.v.halfwidth_parens:
            parts = [p.replace("（", "(").replace("）", ")") for p in parts]
        return _Cell(parts, rowspan, colspan)

    def value(self, v: Number | None, unit_kind: str = "", colspan: int = 1, name: str = "") -> _Cell:
        if name in self.d.printed:
            return _Cell([self.d.printed[name]], 1, colspan, value=True)
        if v is None:
            markers = self.v.missing_markers
            m = markers[int(self.rng.integers(len(markers)))]
            return _Cell([m], 1, colspan, value=True, missing=True)
        return _Cell([self.number(v, unit_kind)], 1, colspan, value=True)

    def number(self, v: Number, unit_kind: str = "") -> str:
        unit = ""
        if unit_kind in ("wan", "proc"):
            x = float(v)
            if self.v.units and unit_kind == "proc" and x and self.rng.random() < 0.5:
                s, unit = f"{round(x * 10000.0, 2):.2f}", "元"
            else:
                s = _amount_str(x)
                if self.v.units and self.rng.random() < 0.5:
                    unit = "万元"
        else:
            s = str(int(v))
            if self.v.units and unit_kind == "doc" and self.rng.random() < 0.5:
                unit = "件"
        if (
            self.v.thousands > 0
            and abs(float(v)) >= 1000
            and unit != "元"
            and self.rng.random() < self.v.thousands
        ):
            s = _group_thousands(s)
        if self.v.fullwidth_digits > 0 and self.rng.random() < self.v.fullwidth_digits:
            s = s.translate(_FULLWIDTH)
        return s + unit

    # ---- tables ---------------------------------------------------------------------------

    def table2(self) -> _Table:
        rows: list[list[_Cell]] = []
        for article, heads, spans, items in _t2_groups(self.d.template):
            rows.append([self.label(article, colspan=4)])
            rows.append([self.label("信息内容")] + [self.label(h, colspan=s) for h, s in zip(heads, spans)])
            for rid, lab, vids in items:
                cells = [self.label(lab)]
                vals = self.d.table2.get(rid, {})
                for vid, s in zip(vids, spans):
                    if (rid, vid) in _AMOUNT_IDS:
                        kind = "proc" if rid == "procurement" else "wan"
                    elif rid in _DOC_ROWS:
                        kind = "doc"
                    else:
                        kind = ""
                    cells.append(self.value(vals.get(vid), kind, colspan=s, name=f"table2/{rid}/{vid}"))
                rows.append(cells)
        return _Table(rows, 4, "table2")

    def table3_header(self) -> list[list[_Cell]]:
        return [
            [self.label(_BALANCE_NOTE, rowspan=3, colspan=3), self.label("申请人情况", colspan=7)],
            [
                self.label("自然人", rowspan=2),
                self.label("法人或其他组织", colspan=5),
                self.label("总计", rowspan=2),
            ],
            [self.label(COLUMN_LABELS[c]) for c in COLUMN_IDS[1:6]],
        ]

    def table3_row(self, rid: str) -> list[_Cell]:
        return [self.value(v, name=f"table3/{rid}/{c}") for c, v in zip(COLUMN_IDS, self.d.table3[rid])]

    def table3(self) -> list[_Table]:
        t = self.d.template
        results = _t3_result_rows(t)
        split_at: int | None = None
        if self.v.repeat_header:
            starts = [
                i for i, (_, g, lab) in enumerate(results) if g is not None and lab.startswith("1.") and i > 0
            ]
            split_at = starts[int(self.rng.integers(len(starts)))]
        chunks = [results] if split_at is None else [results[:split_at], results[split_at:]]
        tables: list[_Table] = []
        for k, chunk in enumerate(chunks):
            rows = self.table3_header()
            if k == 0:
                for rid, _, lab in _T3_HEAD:
                    rows.append([self.label(lab, colspan=3)] + self.table3_row(rid))
            first = True
            i = 0
            while i < len(chunk):
                rid, group, lab = chunk[i]
                row: list[_Cell] = []
                if first:
                    row.append(self.label(_GROUP_RESULTS, rowspan=len(chunk)))
                    first = False
                if group is None:
                    row.append(self.label(lab, colspan=2))
                    rows.append(row + self.table3_row(rid))
                    i += 1
                    continue
                n = 0
                while i + n < len(chunk) and chunk[i + n][1] == group:
                    n += 1
                row.append(self.label(group, rowspan=n))
                for j in range(n):
                    rid_j, _, lab_j = chunk[i + j]
                    cells = row if j == 0 else []
                    rows.append(cells + [self.label(lab_j)] + self.table3_row(rid_j))
                i += n
            if k == len(chunks) - 1:
                for rid, _, lab in _T3_LAST:
                    rows.append([self.label(lab, colspan=3)] + self.table3_row(rid))
            tables.append(_Table(rows, 10, "table3"))
        return tables

    def table4(self) -> _Table:
        rows = [
            [self.label("行政复议", colspan=5), self.label("行政诉讼", colspan=10)],
            [self.label(h, rowspan=2) for h in _T4_HEAD]
            + [self.label("未经复议直接起诉", colspan=5), self.label("复议后起诉", colspan=5)],
            [self.label(h) for h in _T4_HEAD] + [self.label(h) for h in _T4_HEAD],
            [
                self.value(v, name=f"table4/{bid}/{vid}")
                for bid in TABLE4_BLOCK_IDS
                for vid, v in zip(TABLE4_VALUE_IDS, self.d.table4[bid])
            ],
        ]
        return _Table(rows, 15, "table4")

    # ---- document -------------------------------------------------------------------------

    def document(self) -> list[_Block]:
        n = _Narrative(self.d, self.rng)
        blocks: list[_Block] = [_Para(p) for p in n.preamble()]
        blocks.append(_Para("一、总体情况", heading=True))
        blocks += [_Para(p) for p in n.overview()]
        blocks.append(_Para("二、主动公开政府信息情况", heading=True))
        blocks.append(self.table2())
        blocks.append(_Para("三、收到和处理政府信息公开申请情况", heading=True))
        blocks += self.table3()
        blocks.append(_Para("四、政府信息公开行政复议、行政诉讼情况", heading=True))
        blocks.append(self.table4())
        blocks.append(_Para("五、存在的主要问题及改进情况", heading=True))
        blocks += [_Para(p) for p in n.problems()]
        blocks.append(_Para("六、其他需要报告的事项", heading=True))
        blocks += [_Para(p) for p in n.other()]
        blocks += [_Para(p) for p in n.signature()]
        return blocks


def _amount_str(x: float) -> str:
    if x == 0:
        return "0"
    s = f"{x:.6f}".rstrip("0")
    if s.endswith("."):
        return s[:-1]
    if len(s.split(".")[1]) == 1:
        s += "0"
    return s


def _group_thousands(s: str) -> str:
    sign = "-" if s.startswith("-") else ""
    body = s.lstrip("-")
    whole, dot, frac = body.partition(".")
    grouped = f"{int(whole):,}"
    return sign + grouped + dot + frac


def _grid(table: _Table) -> list[list[tuple[bool, _Cell]]]:
    """Per row, the cells in column order; ``(True, origin)`` marks a rowspan continuation.

    A vertically merged cell continues, once per merged block, in every row it covers after
    its first; that is how text extracted from a .docx shows it (a TAB alone).
    """
    active: dict[int, tuple[int, _Cell]] = {}  # start column -> (rows left, origin)
    out: list[list[tuple[bool, _Cell]]] = []
    for row in table.rows:
        seq: list[tuple[bool, _Cell]] = []
        cells = iter(row)
        c = 0
        while c < table.ncols:
            if c in active:
                left, origin = active[c]
                seq.append((True, origin))
                if left <= 1:
                    del active[c]
                else:
                    active[c] = (left - 1, origin)
                c += origin.colspan
                continue
            cell = next(cells, None)
            if cell is None:
                raise AssertionError("table row shorter than its grid")
            seq.append((False, cell))
            if cell.rowspan > 1:
                active[c] = (cell.rowspan - 1, cell)
            c += cell.colspan
        if next(cells, None) is not None:
            raise AssertionError("table row longer than its grid")
        out.append(seq)
    return out


# --------------------------------------------------------------------------------------------
# Narrative (invented wording; numbers taken from the data)
# --------------------------------------------------------------------------------------------


def _self_ref(agency: str) -> str:
    for suffix, ref in (
        ("镇人民政府", "我镇"),
        ("乡人民政府", "我乡"),
        ("街道办事处", "本街道"),
        ("县人民政府", "我县"),
        ("区人民政府", "我区"),
        ("市人民政府", "我市"),
        ("分局", "我分局"),
        ("局", "我局"),
        ("委员会", "我委"),
        ("办公室", "我办"),
    ):
        if agency.endswith(suffix):
            return ref
    return "我单位"


def _place_prefix(agency: str) -> str:
    """The leading 县/区/市 name of an agency ("云溪县", "安平市"), or the agency itself."""
    m = re.match(r"^(.{2,4}?[县区市])", agency)
    return m.group(1) if m else agency


class _Narrative:
    def __init__(self, data: ReportData, rng: np.random.Generator) -> None:
        self.d = data
        self.rng = rng
        self.me = _self_ref(data.agency)
        self.place = _place_prefix(data.agency)

    def one(self, options: Sequence[str]) -> str:
        return options[int(self.rng.integers(len(options)))]

    def period(self) -> str:
        y = self.d.year
        return f"{y}年1月1日至{y}年12月31日"

    def preamble(self) -> list[str]:
        y, p = self.d.year, self.period()
        phone = f"0{int(self.rng.integers(310, 999))}-{int(self.rng.integers(2000000, 8999999))}"
        superior = "上级政务公开主管部门" if self.place == self.d.agency else f"{self.place}政务公开办公室"
        office = self.d.agency + ("政务公开科" if self.d.agency.endswith("办公室") else "办公室")
        return [
            self.one(
                [
                    (
                        f"本报告依照《中华人民共和国政府信息公开条例》和政府信息公开工作年度报告格式的要求编写，"
                        f"分为总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和"
                        f"行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项六个部分。本报告所列数据的统计期限为{p}。"
                    ),
                    (
                        f"按照{superior}关于做好年度报告编制工作的部署，{self.d.agency}编制了本报告。"
                        f"本报告中所列数据统计期限为{p}。如对本报告有疑问，请与{office}联系"
                        f"（联系电话：{phone}）。"
                    ),
                    f"现将{self.me}{y}年度政府信息公开工作情况报告如下。报告所使用数据的统计期限为{p}。",
                    (
                        f"依据《中华人民共和国政府信息公开条例》第五十条的规定，{self.me}对{y}年政府信息公开工作"
                        f"进行了梳理总结，形成本报告。本报告所列数据统计期限为{p}，电子版可在门户网站“政府信息公开”"
                        f"专栏查阅。"
                    ),
                ]
            )
        ]

    def overview(self) -> list[str]:
        d, me, y = self.d, self.me, self.d.year
        t2, t3, t4 = d.table2, d.table3, d.table4
        out = [
            self.one(
                [
                    (
                        f"{y}年，{me}坚持以公开为常态、不公开为例外，围绕中心工作持续完善政务公开工作机制，"
                        f"推动公开工作规范化、标准化，切实保障群众的知情权、参与权、表达权和监督权。"
                    ),
                    (
                        f"{y}年，{me}在上级部门的指导下，认真贯彻落实政府信息公开条例，把政务公开作为转变作风、"
                        f"服务群众的重要抓手，扎实推进各项公开任务落地见效。"
                    ),
                    (
                        f"{y}年，{me}对照年度政务公开工作要点，在公开内容、公开渠道和公开质量上持续用力，"
                        f"政府信息公开工作总体平稳有序。"
                    ),
                ]
            )
        ]
        extra = ""
        nd = t2.get("normative_documents", {})
        issued = nd.get("issued") if d.template == "2021" else nd.get("made")
        if issued and self.rng.random() < 0.6:
            word = "行政规范性文件" if d.template == "2021" else "规范性文件"
            extra = f"本年制发{word}{int(issued)}件，均按要求向社会公开。"
        out.append(
            self.one(
                [
                    (
                        f"（一）主动公开。坚持应公开尽公开，全年主动公开政府信息{d.info_items}条，重点做好财政"
                        f"预决算、重大建设项目、民生保障和安全生产等领域信息的发布工作。{extra}"
                    ),
                    (
                        f"（一）主动公开情况。依托门户网站、政务新媒体和村（社区）公开栏及时发布各类信息，"
                        f"全年共主动公开政府信息{d.info_items}条。{extra}"
                    ),
                    (
                        f"（一）主动公开方面。围绕群众关注的热点事项细化公开目录，主动公开政府信息{d.info_items}条，"
                        f"做到依法、及时、准确公开。{extra}"
                    ),
                ]
            )
        )
        new, co = t3["new"][6], t3["carried_over"][6]
        tp, cf = t3["total_processed"][6], t3["carried_forward"][6]
        if new is not None:
            tail = ""
            if co is not None and tp is not None and cf is not None:
                tail = self.one(
                    [
                        f"加上年结转{co}件，本年办结{tp}件，结转下年度继续办理{cf}件",
                        f"办结{tp}件，结转下年度{cf}件",
                        "",
                    ]
                )
            got = f"全年共收到政府信息公开申请{new}件"
            apply = self.one(
                [
                    f"（二）依申请公开。严格执行申请受理、审查、答复等程序，{got}",
                    f"（二）依申请公开情况。进一步规范依申请公开办理流程，加强与申请人的沟通，{got}",
                ]
            ) + (f"，{tail}。" if tail else "。")
        else:
            apply = "（二）依申请公开。畅通申请渠道，规范办理流程，确保在法定期限内答复。"
        rec = t4["reconsideration"][4]
        lit1, lit2 = t4["litigation_direct"][4], t4["litigation_after_reconsideration"][4]
        if rec is not None and lit1 is not None and lit2 is not None and self.rng.random() < 0.7:
            if rec == 0 and lit1 == 0 and lit2 == 0:
                apply += "本年度未发生因政府信息公开引起的行政复议、行政诉讼。"
            else:
                apply += f"全年涉及政府信息公开的行政复议{rec}件、行政诉讼{lit1 + lit2}件。"
        out.append(apply)
        out.append(
            self.one(
                [
                    (
                        "（三）政府信息管理。落实公开前保密审查制度，坚持先审查、后公开，动态调整主动公开基本目录，"
                        "及时清理过时失效信息。"
                    ),
                    (
                        "（三）政府信息管理方面。建立信息发布登记台账，实行拟稿、审核、签发三级把关，"
                        "防止出现错误信息和泄密问题。"
                    ),
                ]
            )
        )
        out.append(
            self.one(
                [
                    (
                        "（四）平台建设。加强政府网站信息公开专栏的日常维护，优化栏目设置，提升检索和"
                        "互动功能，政务新媒体与网站协同发布。"
                    ),
                    (
                        "（四）政府信息公开平台建设。持续做好门户网站、政务公开栏和便民服务窗口建设，"
                        "为群众查阅信息提供便利。"
                    ),
                ]
            )
        )
        out.append(
            self.one(
                [
                    (
                        "（五）监督保障。明确分管领导和专职工作人员，把政务公开纳入年度目标考核，"
                        "开展业务培训，确保各项工作落到实处。"
                    ),
                    "（五）监督保障方面。定期开展自查，对发现的问题及时整改，并主动接受社会监督。",
                ]
            )
        )
        return out

    def problems(self) -> list[str]:
        y = self.d.year
        return [
            self.one(
                [
                    (
                        f"{y}年政府信息公开工作虽取得一定成效，但仍存在公开内容不够全面、政策解读形式较为单一、"
                        f"工作人员业务水平有待提高等问题。下一步，{self.me}将进一步拓展公开深度和广度，丰富解读形式，"
                        f"加强业务培训，推动政务公开工作再上新台阶。"
                    ),
                    (
                        "一是部分信息更新不够及时；二是依申请公开答复的规范性仍需加强。改进措施：健全信息发布"
                        "工作机制，加强对依申请公开答复文书的审核，定期组织学习培训。"
                    ),
                    (
                        f"存在的问题主要是主动公开的时效性有待提升，公开平台的互动功能利用不够充分。{y + 1}年，"
                        f"{self.me}将围绕群众关切加强公开，完善平台功能，持续提升政务公开质量。"
                    ),
                ]
            )
        ]

    def other(self) -> list[str]:
        out: list[str] = []
        if self.d.template == "2021":
            fee = self.d.fee_yuan
            if fee:
                amount = f"{int(fee)}" if float(fee).is_integer() else f"{fee:.2f}"
                out.append(f"依据《政府信息公开信息处理费管理办法》，本年度共收取信息处理费{amount}元。")
            else:
                out.append(
                    self.one(
                        [
                            "本年度未收取信息处理费。",
                            f"{self.d.year}年，{self.me}未收取政府信息公开信息处理费。",
                            "依据《政府信息公开信息处理费管理办法》，本年度未产生信息处理费。",
                        ]
                    )
                )
        if self.rng.random() < 0.3:
            a, b = int(self.rng.integers(0, 30)), int(self.rng.integers(0, 30))
            out.append(f"本年度共办理人大代表建议{a}件、政协委员提案{b}件，均已按期办结。")
        if not out or self.rng.random() < 0.4:
            out.append("无其他需要报告的事项。")
        return out

    def signature(self) -> list[str]:
        if self.rng.random() < 0.5:
            return []
        pub = self.d.published or f"{self.d.year + 1}-01-20"
        y, m, dd = (int(x) for x in pub.split("-"))
        return [self.d.agency, f"{y}年{m}月{dd}日"]


# --------------------------------------------------------------------------------------------
# Text layout (text extracted from .docx)
# --------------------------------------------------------------------------------------------


def _default_rng(data: ReportData) -> np.random.Generator:
    key = f"{data.agency}|{data.year}|{data.template}".encode()
    return np.random.default_rng(zlib.crc32(key))


def render_text(
    data: ReportData,
    *,
    rng: np.random.Generator | None = None,
    variations: Variations | None = None,
) -> str:
    """The report as text extracted from a .docx, like ``corpus/reports/julu_*.txt``.

    Title lines (agency, then "YYYY年政府信息公开工作年度报告"), a preamble stating the
    统计期限, sections 一 to 六 as unindented lines, and the three tables one cell per line:
    each cell starts with a TAB, a label split over lines continues without a TAB, a vertically
    merged cell shows a TAB alone in the rows it covers, a horizontally merged cell appears
    once, and a blank line ends each row (one more ends the table). ``rng`` decides the wording
    and per-cell choices (default: seeded from agency, year and template); ``variations``
    defaults to none. Returns text with a final newline.
    """
    rng = _default_rng(data) if rng is None else rng
    v = Variations() if variations is None else variations
    blocks = _Builder(data, rng, v).document()
    lines = [data.agency, f"{data.year}年政府信息公开工作年度报告", ""]
    para_idx = [i for i, b in enumerate(blocks) if isinstance(b, _Para) and not b.heading]
    bookmark_at = para_idx[int(rng.integers(len(para_idx)))] if v.bookmark and para_idx else -1
    for i, block in enumerate(blocks):
        if isinstance(block, _Para):
            lines.append(("[bookmark: _GoBack]" if i == bookmark_at else "") + block.text)
            continue
        for seq in _grid(block):
            for cont, cell in seq:
                if cont:
                    lines.append("\t")
                    continue
                parts = [_pad_text(p, cell, rng, v) for p in cell.parts]
                lines.append("\t" + parts[0])
                lines.extend(parts[1:])
            lines.append("")
        lines.append("")
    return "\n".join(lines) + "\n"


def _pad_text(part: str, cell: _Cell, rng: np.random.Generator, v: Variations) -> str:
    if v.extra_spaces and cell.value and part and rng.random() < 0.25:
        return _pick(rng, (" ", "  ", "")) + part + _pick(rng, (" ", ""))
    return part


# --------------------------------------------------------------------------------------------
# HTML layout
# --------------------------------------------------------------------------------------------

_NBSP_RUN = " &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp;"


class _Html:
    def __init__(self, data: ReportData, rng: np.random.Generator, v: Variations) -> None:
        self.d = data
        self.rng = rng
        self.v = v

    def esc(self, s: str) -> str:
        return _html.escape(s, quote=False)

    def cell_text(self, part: str, cell: _Cell, last: bool) -> str:
        t = self.esc(part)
        if self.v.extra_spaces and self.rng.random() < 0.2:
            t = " " + t + " "
        if self.v.nbsp:
            if cell.value:
                if not part:
                    t = "&nbsp;"
                elif self.rng.random() < 0.25:
                    t = _pick(self.rng, ("&nbsp;" + t, t + "&nbsp;", "&nbsp;" + t + "&nbsp;"))
            elif not last or self.rng.random() < 0.15:
                t += "\n" + _NBSP_RUN
        return t

    def td(self, cell: _Cell, first_in_row: bool) -> str:
        attrs = ""
        if cell.colspan > 1:
            attrs += f' colspan="{cell.colspan}"'
        if cell.rowspan > 1:
            attrs += f' rowspan="{cell.rowspan}"'
        n = len(cell.parts)
        texts = [self.cell_text(p, cell, i == n - 1) for i, p in enumerate(cell.parts)]
        if self.v.word_markup:
            left = "1px solid windowtext" if first_in_row else "none"
            attrs += (
                f' style="padding:0 4px 0 4px;border-left:{left};border-right:1px solid '
                'windowtext;border-top:none;border-bottom:1px solid windowtext" '
                'valign="center"'
            )
            span = (
                '<span lang="EN-US" style="font-size:10.5pt;font-family:\'Times New Roman\'">'
                if cell.value
                else '<span style="font-size:10.5pt;font-family:宋体">'
            )
            inner = "".join(
                f'<p class="MsoNormal" align="center" style="text-align:center">{span}{t}'
                f"{'<o:p></o:p>' if cell.value else ''}</span></p>"
                for t in texts
            )
        elif n > 1 and self.rng.random() < 0.35:
            inner = "<p>" + "<br/>".join(texts) + "</p>"
        elif cell.value and not cell.parts[0] and not self.v.nbsp and self.rng.random() < 0.5:
            inner = ""
        else:
            inner = "".join(f"<p>{t}</p>" for t in texts)
        return f"<td{attrs}>{inner}</td>"

    def table(self, table: _Table) -> str:
        if self.v.word_markup:
            open_tag = (
                '<table class="MsoNormalTable" border="1" cellspacing="0" cellpadding="0" '
                'align="center" style="border-collapse:collapse;border:none">'
            )
        else:
            open_tag = '<table cellspacing="0" align="center" border="1">'
        rows = []
        for r, row in enumerate(table.rows):
            tr = '<tr class="firstRow">' if r == 0 and self.v.word_markup else "<tr>"
            rows.append(tr + "".join(self.td(c, i == 0) for i, c in enumerate(row)) + "</tr>")
        return open_tag + "<tbody>" + "".join(rows) + "</tbody></table>"

    def para(self, p: _Para) -> str:
        t = self.esc(p.text)
        if self.v.word_markup:
            font = "黑体" if p.heading else "仿宋_GB2312"
            return (
                f'<p class="MsoNormal" style="text-indent:32.0pt;line-height:28.0pt">'
                f'<span style="font-size:16.0pt;font-family:{font}">{t}</span></p>'
            )
        if p.heading:
            return f'<p style="text-indent: 2em;"><strong>{t}</strong></p>'
        return f'<p style="text-indent: 2em;">{t}</p>'

    def body(self, blocks: list[_Block]) -> str:
        out = []
        for b in blocks:
            out.append(self.table(b) if isinstance(b, _Table) else self.para(b))
        if self.v.nbsp:
            out.append('<p style="text-indent: 2em;">&nbsp;</p>')
        return "\n".join(out)


def _meta_charset(encoding: str) -> str:
    enc = encoding.lower()
    if enc == "utf-8":
        return '<meta charset="utf-8">'
    return f'<meta http-equiv="Content-Type" content="text/html; charset={enc}">'


def render_html(
    data: ReportData,
    *,
    rng: np.random.Generator | None = None,
    variations: Variations | None = None,
    page_chrome: bool = False,
) -> str:
    """The report as an HTML page whose tables are laid out like a Word-to-HTML export.

    Table 2 groups are ``colspan="4"`` rows; 本年处理决定数量 headers and values span 3
    columns. Table 3 has the 3-row header (the 勾稽关系 note ``rowspan=3 colspan=3``,
    申请人情况 ``colspan=7``, 自然人/总计 ``rowspan=2``, 法人或其他组织 ``colspan=5``), rows
    一/二/四 with ``colspan=3``, 三、本年度办理结果 with ``rowspan=22`` (20 for template 2019),
    and the groups （三）不予公开 ``rowspan=8``, （四） ``rowspan=3``, （五） ``rowspan=5``,
    （六） ``rowspan=3``. Table 4 has the 3-row header of the template then 15 values.
    With ``page_chrome`` (or ``variations.page_chrome``) the article sits in a government
    site's page: head with ``<title>`` and meta tags (ArticleTitle, PubDate, ContentSource...),
    styles, scripts, menus, a layout ``<table>`` of article metadata, breadcrumb and footer.
    The ``<meta>`` charset follows ``variations.encoding``; see :func:`encode_html`.
    """
    rng = _default_rng(data) if rng is None else rng
    v = Variations() if variations is None else variations
    blocks = _Builder(data, rng, v).document()
    h = _Html(data, rng, v)
    nian = "年度" if rng.random() < 0.4 else "年"
    title = f"{data.agency}{data.year}{nian}政府信息公开工作年度报告"
    content = h.body(blocks)
    if page_chrome or v.page_chrome:
        return _chrome(data, rng, v, title, content)
    editor = "WordSection1" if v.word_markup else "TRS_Editor"
    return (
        "<html><head>" + _meta_charset(v.encoding) + f"<title>{h.esc(title)}</title></head><body>\n"
        f'<h1>{h.esc(title)}</h1>\n<div class="{editor}">\n{content}\n</div>\n</body></html>\n'
    )


def _domain(agency: str) -> str:
    place = _place_prefix(agency)
    py = "".join(_PY.get(ch, "") for ch in place[:-1])
    return f"www.{py or 'xxgk'}.gov.cn"


def _chrome(data: ReportData, rng: np.random.Generator, v: Variations, title: str, content: str) -> str:
    esc = _html.escape
    place = _place_prefix(data.agency)
    site = f"{place}人民政府" if place != data.agency else data.agency
    domain = _domain(data.agency)
    pub = data.published or f"{data.year + 1}-01-20"
    hm = f"{int(rng.integers(8, 18)):02d}:{int(rng.integers(0, 60)):02d}"
    prov, abbr = _PROVINCES[int(rng.integers(len(_PROVINCES)))]
    site_code = f"{int(rng.integers(1000000000, 9999999999))}"
    icp = f"{abbr}ICP备{int(rng.integers(10000000, 99999999))}号"
    doc_id = int(rng.integers(10000, 999999))
    index_no = f"{int(rng.integers(100000000, 999999999))}/{data.year + 1}-{doc_id % 100000:05d}"
    url = f"https://{domain}/zwgk/xxgknb/{pub[:7].replace('-', '')}/t{pub.replace('-', '')}_{doc_id}.html"
    nav = ["首页", "政务公开", "政务服务", "互动交流", f"走进{place}"]
    sidebar = [
        "政府信息公开指南",
        "政府信息公开制度",
        "法定主动公开内容",
        "政府信息公开年报",
        "依申请公开",
        "政务公开目录",
    ]
    menu = "\n".join(
        f'        <li><a href="/{i}/" target="_blank">{esc(n)}</a></li>' for i, n in enumerate(nav)
    )
    side = "\n".join(f'          <li><a href="/zwgk/{i}/">{esc(n)}</a></li>' for i, n in enumerate(sidebar))
    phone = f"0{int(rng.integers(310, 999))}-{int(rng.integers(2000000, 8999999))}"
    return f"""<!DOCTYPE html>
<html>
<head>
{_meta_charset(v.encoding)}
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<meta name="SiteName" content="{esc(site)}">
<meta name="SiteDomain" content="{domain}">
<meta name="SiteIDCode" content="{site_code}">
<meta name="ColumnName" content="政府信息公开年报">
<meta name="ColumnType" content="政府信息公开年报">
<meta name="ArticleTitle" content="{esc(title)}">
<meta name="PubDate" content="{pub} {hm}">
<meta name="ContentSource" content="{esc(data.agency)}">
<meta name="Keywords" content="政府信息公开,年度报告">
<meta name="Url" content="{url}">
<title>{esc(title)}_政府信息公开年报_{esc(site)}</title>
<link rel="stylesheet" type="text/css" href="/images/common.css">
<link rel="stylesheet" type="text/css" href="/images/xxgk_detail.css">
<style type="text/css">
  body {{ margin: 0; font-family: "Microsoft YaHei", "微软雅黑", sans-serif; }}
  .header .nav li {{ float: left; list-style: none; padding: 0 18px; }}
  .article_content table td {{ border: 1px solid #333; padding: 4px; }}
  .footer p > span + span:before {{ content: " | "; }}
</style>
<script type="text/javascript">
  var SiteInfo = {{ siteId: {int(rng.integers(1, 200))}, columnId: {int(rng.integers(100, 9000))},
    docId: {doc_id}, searchUrl: "/search/index.html?siteCode={site_code}" }};
  function fontZoom(size) {{ document.getElementById("zoom").style.fontSize = size + "px"; }}
</script>
</head>
<body>
<div class="top_bar"><div class="wrap">
  <span class="welcome">欢迎访问{esc(site)}门户网站</span>
  <a href="https://www.gov.cn/" target="_blank">中国政府网</a>
  <a href="/" target="_blank">{esc(prov)}人民政府</a>
  <a href="javascript:void(0);" id="barrierFree">无障碍浏览</a>
</div></div>
<div class="header">
  <div class="logo"><a href="/"><img src="/images/logo.png" alt="{esc(site)}"></a></div>
  <div class="search"><form action="/search/index.html" method="get" target="_blank">
    <input type="hidden" name="siteCode" value="{site_code}">
    <input type="text" name="q" placeholder="请输入搜索内容"><button type="submit">搜索</button>
  </form></div>
  <div class="nav">
      <ul>
{menu}
      </ul>
  </div>
</div>
<div class="main wrap">
  <div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/xxgk/">政府信息公开</a> &gt; <a href="/zwgk/xxgknb/">政府信息公开年报</a></div>
  <div class="left_menu">
    <h3>政府信息公开</h3>
    <ul>
{side}
    </ul>
  </div>
  <div class="right_content">
    <table class="xxgk_table" width="100%" border="0" cellspacing="0" cellpadding="0">
      <tr><td class="t1">索&nbsp;引&nbsp;号：</td><td>{index_no}</td><td class="t1">主题分类：</td><td><a href="/zwgk/xxgknb/">政府信息公开年报</a></td></tr>
      <tr><td class="t1">发布机构：</td><td>{esc(data.agency)}</td><td class="t1">发文日期：</td><td>{pub}</td></tr>
      <tr><td class="t1">名&nbsp;&nbsp;&nbsp;&nbsp;称：</td><td colspan="3">{esc(title)}</td></tr>
    </table>
    <div class="article">
      <div class="article_title">{esc(title)}</div>
      <div class="article_info">发布时间：{pub} {hm}&nbsp;&nbsp;来源：{esc(data.agency)}&nbsp;&nbsp;浏览次数：<span id="hits"></span>&nbsp;&nbsp;字号：[<a href="javascript:fontZoom(16)">大</a> <a href="javascript:fontZoom(14)">中</a> <a href="javascript:fontZoom(12)">小</a>]</div>
      <div class="article_content" id="zoom">
<div class="{"WordSection1" if v.word_markup else "TRS_Editor"}">
{content}
</div>
      </div>
      <div class="article_tools"><a href="javascript:window.print();">【打印本页】</a> <a href="javascript:window.close();">【关闭窗口】</a></div>
    </div>
  </div>
</div>
<div class="footer">
  <div class="links"><select onchange="if(this.value) window.open(this.value);"><option value="">—— 政府网站 ——</option><option value="https://www.gov.cn/">中国政府网</option><option value="/">{esc(prov)}人民政府</option></select></div>
  <p><span>主办单位：{esc(site)}办公室</span><span>联系电话：{phone}</span></p>
  <p><span>网站标识码：{site_code}</span><span><a href="https://beian.miit.gov.cn" target="_blank">{icp}</a></span></p>
  <p>版权所有：{esc(site)}　建议使用1920×1080分辨率浏览</p>
</div>
<script type="text/javascript" src="/images/jquery.min.js"></script>
<script type="text/javascript">
  $(function () {{
    var html = "";
    $.getJSON("/interface/hits?docId={doc_id}", function (r) {{ $("#hits").text(r.count); }});
    if (window.innerWidth < 768) {{ html += "<div class='m-tip'>" + document.title + "</div>"; }}
  }});
</script>
</body>
</html>
"""


def encode_html(html: str, encoding: str) -> bytes:
    """``html`` as bytes in ``encoding``, its ``<meta>`` charset rewritten to match.

    ``encoding`` is ``"utf-8"``, ``"gbk"``, ``"gb2312"`` (encoded as GBK, as real GB2312 pages
    are) or ``"gb18030"``. A page without a charset declaration gets ``<meta charset>`` at the
    start of its ``<head>`` (or of the document). Characters the encoding lacks become
    numeric character references.
    """
    enc = encoding.lower()
    if enc not in ("utf-8", "gbk", "gb2312", "gb18030"):
        raise ValueError(f"unsupported encoding {encoding!r}")
    pat = re.compile(r"<meta\b[^>]*\bcharset\s*=\s*[\"']?[\w-]+[\"']?[^>]*>", re.IGNORECASE)
    meta = _meta_charset(enc)
    if pat.search(html):
        html = pat.sub(lambda _: meta, html, count=1)
    else:
        m = re.search(r"<head[^>]*>", html, re.IGNORECASE)
        html = html[: m.end()] + meta + html[m.end() :] if m else meta + html
    codec = "gbk" if enc == "gb2312" else enc
    return html.encode(codec, errors="xmlcharrefreplace")


# --------------------------------------------------------------------------------------------
# .docx layout
# --------------------------------------------------------------------------------------------

_DOCX_NS = (
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
    'mc:Ignorable="w14"'
)
_XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'

# Grid column widths in twips (the page's text width is about 9000), per table kind.
_DOCX_GRID: dict[str, list[int]] = {
    "table2": [2250, 2250, 2250, 2250],
    "table3": [700, 950, 3200] + [700] * 7,
    "table4": [600] * 15,
}

_DOCX_BORDERS = (
    "<w:tcBorders>"
    + "".join(
        f'<w:{side} w:val="single" w:color="auto" w:sz="4" w:space="0"/>'
        for side in ("top", "left", "bottom", "right")
    )
    + "</w:tcBorders>"
)
_TBL_BORDERS = (
    "<w:tblBorders>"
    + "".join(
        f'<w:{side} w:val="single" w:color="auto" w:sz="4" w:space="0"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    + "</w:tblBorders>"
)


class _Docx:
    """Writes word/document.xml the way Word (or WPS) does: one ``w:p`` per paragraph, text in
    ``w:r`` runs, tables with a ``w:tblGrid``, ``w:gridSpan`` for horizontal merges and
    ``w:vMerge`` restart / continue for vertical ones."""

    def __init__(self, data: ReportData, rng: np.random.Generator, v: Variations) -> None:
        self.d = data
        self.rng = rng
        self.v = v
        self.para_id = int(rng.integers(0x10000000, 0x70000000))
        # Word writes a continued cell as <w:vMerge/>; WPS as <w:vMerge w:val="continue"/>.
        self.vcont = '<w:vMerge w:val="continue"/>' if rng.random() < 0.4 else "<w:vMerge/>"

    # ---- runs and paragraphs ---------------------------------------------------------------

    def t(self, text: str) -> str:
        esc = _html.escape(text, quote=False)
        if text != text.strip(" "):
            return f'<w:t xml:space="preserve">{esc}</w:t>'
        return f"<w:t>{esc}</w:t>"

    def rpr(self, bold: bool = False, size: int = 0, font: str = "") -> str:
        parts = []
        if self.v.word_markup or font:
            f = font or "仿宋_GB2312"
            parts.append(f'<w:rFonts w:hint="eastAsia" w:ascii="{f}" w:hAnsi="{f}" w:eastAsia="{f}"/>')
        if bold:
            parts.append("<w:b/><w:bCs/>")
        if self.v.word_markup and not size:
            size = 32
        if size:
            parts.append(f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>')
        return f"<w:rPr>{''.join(parts)}</w:rPr>" if parts else ""

    def pieces(self, text: str, p: float) -> list[str]:
        """``text`` cut at random places into runs, with probability ``p`` (Word splits runs
        wherever an edit, a spell check or a formatting change happened)."""
        if len(text) < 2 or self.rng.random() >= p:
            return [text]
        k = int(self.rng.integers(1, min(3, len(text) - 1) + 1))
        cuts = sorted({int(x) for x in self.rng.integers(1, len(text), size=k)})
        bounds = [0, *cuts, len(text)]
        return [text[a:b] for a, b in zip(bounds, bounds[1:])]

    def runs(
        self, text: str, *, split: float = 0.0, bold: bool = False, size: int = 0, font: str = ""
    ) -> str:
        out = []
        rpr = self.rpr(bold, size, font)
        for i, piece in enumerate(self.pieces(text, split)):
            if i > 0 and self.v.word_markup and self.rng.random() < 0.2:
                out.append('<w:proofErr w:type="gramStart"/>')
            out.append(f"<w:r>{rpr}{self.t(piece)}</w:r>")
        return "".join(out)

    def p_open(self, *, center: bool = False, indent: bool = False) -> str:
        attrs = ""
        if self.v.word_markup:
            self.para_id += 1
            attrs = f' w14:paraId="{self.para_id:08X}"'
        pr = []
        if self.v.word_markup:
            pr.append('<w:spacing w:line="560" w:lineRule="exact"/>')
        if indent:
            pr.append('<w:ind w:firstLine="640"/>')
        if center:
            pr.append('<w:jc w:val="center"/>')
        return f"<w:p{attrs}>" + (f"<w:pPr>{''.join(pr)}</w:pPr>" if pr else "")

    def empty_p(self, center: bool = False) -> str:
        return self.p_open(center=center) + "</w:p>"

    def para(self, p: _Para, bookmark: bool) -> str:
        mark = '<w:bookmarkStart w:id="0" w:name="_GoBack"/><w:bookmarkEnd w:id="0"/>' if bookmark else ""
        split = 0.5 if self.v.split_labels else 0.0
        if p.heading:
            body = self.runs(p.text, split=split, bold=True, font="黑体")
        else:
            m = _ENUM_RE.match(p.text)
            head = p.text.find("。") + 1 if m and m.group(0).startswith("（") else 0
            if 0 < head < 20:  # "（一）主动公开。..." with the lead-in in bold, as reports do
                body = self.runs(p.text[:head], bold=True) + self.runs(p.text[head:], split=split)
            else:
                body = self.runs(p.text, split=split)
        return self.p_open(indent=True) + mark + body + "</w:p>"

    # ---- tables ----------------------------------------------------------------------------

    def cell_body(self, cell: _Cell) -> str:
        texts = [_pad_text(part, cell, self.rng, self.v) for part in cell.parts]
        size = 21 if self.v.word_markup else 0
        split = (0.15 if cell.value else 0.5) if self.v.split_labels else 0.0
        if len(texts) == 1:
            if not texts[0]:
                return self.empty_p(center=True)
            return self.p_open(center=True) + self.runs(texts[0], split=split, size=size) + "</w:p>"
        r = self.rng.random()
        if r < 0.5:  # one paragraph a line, as in the blank template ("商业" / "企业")
            return "".join(
                self.p_open(center=True) + self.runs(t, size=size) + "</w:p>" if t else self.empty_p(True)
                for t in texts
            )
        rpr = self.rpr(size=size)
        if r < 0.75:  # one paragraph, lines separated by <w:br/>
            inner = "<w:r>" + rpr + f"<w:br/></w:r><w:r>{rpr}".join(self.t(t) for t in texts) + "</w:r>"
        else:  # one paragraph, one run a piece
            inner = "".join(f"<w:r>{rpr}{self.t(t)}</w:r>" for t in texts)
        return self.p_open(center=True) + inner + "</w:p>"

    def tc(self, cell: _Cell, width: int, cont: bool) -> str:
        pr = [f'<w:tcW w:w="{width}" w:type="dxa"/>']
        if cell.colspan > 1:
            pr.append(f'<w:gridSpan w:val="{cell.colspan}"/>')
        if cont:
            pr.append(self.vcont)
        elif cell.rowspan > 1:
            pr.append('<w:vMerge w:val="restart"/>')
        if self.v.word_markup:
            pr.append(_DOCX_BORDERS + '<w:vAlign w:val="center"/>')
        body = self.empty_p(center=True) if cont else self.cell_body(cell)
        return f"<w:tc><w:tcPr>{''.join(pr)}</w:tcPr>{body}</w:tc>"

    def table(self, table: _Table) -> str:
        widths = _DOCX_GRID.get(table.kind) or [9000 // table.ncols] * table.ncols
        grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
        look = '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0"/>'
        head = (
            f'<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
            f'<w:jc w:val="center"/>{_TBL_BORDERS}<w:tblLayout w:type="fixed"/>{look}</w:tblPr>'
            f"<w:tblGrid>{grid}</w:tblGrid>"
        )
        out = [head]
        for seq in _grid(table):
            trpr = '<w:trPr><w:jc w:val="center"/></w:trPr>' if self.v.word_markup else ""
            cells = []
            c = 0
            for cont, cell in seq:
                cells.append(self.tc(cell, sum(widths[c : c + cell.colspan]), cont))
                c += cell.colspan
            out.append(f"<w:tr>{trpr}{''.join(cells)}</w:tr>")
        out.append("</w:tbl>")
        return "".join(out)

    # ---- document --------------------------------------------------------------------------

    def title(self) -> list[str]:
        size = 44
        if self.rng.random() < 0.5:
            lines = [self.d.agency, f"{self.d.year}年政府信息公开工作年度报告"]
        else:
            nian = "年度" if self.rng.random() < 0.4 else "年"
            lines = [f"{self.d.agency}{self.d.year}{nian}政府信息公开工作年度报告"]
        split = 0.5 if self.v.split_labels else 0.0
        return [
            self.p_open(center=True)
            + self.runs(t, split=split, bold=True, size=size, font="方正小标宋简体")
            + "</w:p>"
            for t in lines
        ]

    def document(self, blocks: list[_Block]) -> str:
        body = self.title()
        if self.rng.random() < 0.5:
            body.append(self.empty_p())
        para_idx = [i for i, b in enumerate(blocks) if isinstance(b, _Para) and not b.heading]
        bookmark_at = para_idx[int(self.rng.integers(len(para_idx)))] if self.v.bookmark and para_idx else -1
        for i, block in enumerate(blocks):
            if isinstance(block, _Table):
                body.append(self.table(block))
                following = blocks[i + 1] if i + 1 < len(blocks) else None
                # Two tables in a row need a paragraph between them, or Word joins them.
                if isinstance(following, _Table) or following is None or self.rng.random() < 0.3:
                    body.append(self.empty_p())
                continue
            if block.heading and self.rng.random() < 0.15:
                body.append(self.empty_p())
            body.append(self.para(block, i == bookmark_at))
        sect = (
            '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" '
            'w:bottom="1984" w:left="1588" w:header="851" w:footer="992" w:gutter="0"/>'
            '<w:cols w:space="425"/><w:docGrid w:type="lines" w:linePitch="312"/></w:sectPr>'
        )
        return f"{_XML_DECL}<w:document {_DOCX_NS}><w:body>{''.join(body)}{sect}</w:body></w:document>"


_DOCX_CONTENT_TYPES = _XML_DECL + (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    "</Types>"
)
_DOCX_PACKAGE_RELS = _XML_DECL + (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)
_DOCX_DOCUMENT_RELS = _XML_DECL + (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
    'Target="styles.xml"/></Relationships>'
)
_DOCX_STYLES = _XML_DECL + (
    '<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:docDefaults><w:rPrDefault><w:rPr>"
    '<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="宋体" w:cs="Times New Roman"/>'
    '<w:kern w:val="2"/><w:sz w:val="21"/><w:szCs w:val="24"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/>'
    "</w:rPr></w:rPrDefault><w:pPrDefault/></w:docDefaults>"
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>'
    '<w:pPr><w:widowControl w:val="0"/><w:jc w:val="both"/></w:pPr></w:style>'
    '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
    '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>'
    '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
    '<w:semiHidden/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>'
    '<w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
    '<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
    '<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/>'
    f'<w:basedOn w:val="TableNormal"/><w:tblPr>{_TBL_BORDERS}</w:tblPr></w:style></w:styles>'
)


def _zip_parts(parts: list[tuple[str, str]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, text in parts:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))  # as Word writes them
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text.encode("utf-8"))
    return buf.getvalue()


def render_docx_xml(
    data: ReportData,
    *,
    rng: np.random.Generator | None = None,
    variations: Variations | None = None,
) -> str:
    """The ``word/document.xml`` of :func:`render_docx` (same arguments, same draws)."""
    rng = _default_rng(data) if rng is None else rng
    v = Variations() if variations is None else variations
    blocks = _Builder(data, rng, v).document()
    return _Docx(data, rng, v).document(blocks)


def render_docx(
    data: ReportData,
    *,
    rng: np.random.Generator | None = None,
    variations: Variations | None = None,
) -> bytes:
    """The report as a .docx file: a minimal but valid WordprocessingML package.

    The zip holds ``[Content_Types].xml``, ``_rels/.rels``, ``word/document.xml``,
    ``word/_rels/document.xml.rels`` and ``word/styles.xml``. The document has the narrative and
    tables of :func:`render_text` / :func:`render_html` (the same for the same ``rng`` state),
    after one or two centred title paragraphs (agency and "YYYY年政府信息公开工作年度报告").
    Tables are written as Word writes them: a ``w:tblGrid`` of 4, 10 or 15 columns, merged
    cells as ``w:gridSpan`` (horizontal) and ``w:vMerge`` restart / continue (vertical: the
    table-3 勾稽关系 note, 自然人, 总计, 三、本年度办理结果 and the groups （三） to （六）, the
    table-4 headers), one ``w:tc`` per merged block in every row it covers. Cells whose value
    is ``None`` print a missing marker of ``variations`` as the other layouts do (an empty
    paragraph for ""). With ``variations.split_labels`` text is cut into several ``w:r`` runs
    at random places ("商业" + "企业") and split labels are written as paragraphs, ``w:br``
    lines or runs; ``word_markup`` adds Word's formatting (fonts, sizes, borders, paragraph
    ids); ``bookmark`` adds a ``_GoBack`` bookmark. Deterministic for a given ``rng``.
    """
    xml = render_docx_xml(data, rng=rng, variations=variations)
    return _zip_parts(
        [
            ("[Content_Types].xml", _DOCX_CONTENT_TYPES),
            ("_rels/.rels", _DOCX_PACKAGE_RELS),
            ("word/document.xml", xml),
            ("word/_rels/document.xml.rels", _DOCX_DOCUMENT_RELS),
            ("word/styles.xml", _DOCX_STYLES),
        ]
    )


# --------------------------------------------------------------------------------------------
# Bundled samples and command line
# --------------------------------------------------------------------------------------------

SAMPLE_SEED = 20250120
"""Seed of the bundled samples ``gongkai/data/sample_2024.{txt,html}``."""


def sample_report() -> ReportData:
    """The data behind the bundled samples: a county government's 2024 report."""
    rng = np.random.default_rng(SAMPLE_SEED)
    return random_report(rng, "2021", year=2024, kind="county_gov")


def sample_reports() -> dict[str, str]:
    """The bundled samples, freshly rendered: ``{file name: content}``.

    ``sample_2024.txt`` is the text layout with split header labels ("商业" / "企业");
    ``sample_2024.html`` is the same report as an HTML page with page chrome, split labels and
    ``&nbsp;`` padding. Both hold the numbers of :func:`sample_report`.
    """
    data = sample_report()
    # One seed for both, so that they carry the same narrative and the same label splits.
    text = render_text(
        data, rng=np.random.default_rng(SAMPLE_SEED + 1), variations=Variations(split_labels=True)
    )
    page = render_html(
        data,
        rng=np.random.default_rng(SAMPLE_SEED + 1),
        variations=Variations(split_labels=True, nbsp=True),
        page_chrome=True,
    )
    return {"sample_2024.txt": text, "sample_2024.html": page}


def write_samples(directory: str | Path) -> list[Path]:
    """Write :func:`sample_reports` into ``directory`` (UTF-8, LF) and return the paths."""
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, content in sample_reports().items():
        p = out / name
        p.write_bytes(content.encode("utf-8"))
        paths.append(p)
    return paths


def main(argv: list[str] | None = None) -> int:
    """Command line: ``--write-samples DIR``, or print one random report.

    ``render.py --seed N [--template 2021|2019] [--format text|html|docx|json]
    [--random-variations] [--missing RATE]`` prints a report to stdout (``json`` prints
    :func:`expected_dict`; ``docx`` writes the .docx bytes).
    """
    ap = argparse.ArgumentParser(prog="gongkai.render", description=(__doc__ or "").split("\n")[0])
    ap.add_argument("--write-samples", metavar="DIR", help="write the bundled samples to DIR")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--template", choices=TEMPLATES, default="2021")
    ap.add_argument("--format", choices=("text", "html", "docx", "json"), default="text")
    ap.add_argument("--random-variations", action="store_true")
    ap.add_argument("--missing", type=float, default=0.0, metavar="RATE")
    args = ap.parse_args(argv)
    if args.write_samples:
        for p in write_samples(args.write_samples):
            print(p)
        return 0
    rng = np.random.default_rng(args.seed)
    data = random_report(rng, args.template, missing_rate=args.missing)
    var = Variations.random(rng) if args.random_variations else Variations()
    if args.format == "json":
        out = json.dumps(expected_dict(data), ensure_ascii=False, indent=1) + "\n"
    elif args.format == "html":
        out = render_html(data, rng=rng, variations=var)
    elif args.format == "docx":
        sys.stdout.buffer.write(render_docx(data, rng=rng, variations=var))
        return 0
    else:
        out = render_text(data, rng=rng, variations=var)
    sys.stdout.write(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
