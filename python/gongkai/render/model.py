"""The model of a synthetic report: the template's ids and labels, the numbers and facts of one
report (:class:`ReportData`), its truth in the JSON form (:func:`expected_dict`), the identities
it keeps (:func:`identity_errors`), and random agencies and numbers (:func:`random_report`,
:func:`next_year`, :func:`with_missing`)."""

from __future__ import annotations

import copy
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Optional, Union

import numpy as np

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
