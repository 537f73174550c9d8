"""A report laid out as paragraphs and tables, shared by every output form: the deviations of
real reports a rendering may apply (:class:`Variations`), the table model with its merged cells,
and the builder that draws every choice from the random generator."""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from typing import Union

import numpy as np

from .model import (
    _AMOUNT_IDS,
    _BALANCE_NOTE,
    _DOC_ROWS,
    _GROUP_DENIED,
    _GROUP_OTHER,
    _GROUP_REJECTED,
    _GROUP_RESULTS,
    _GROUP_UNAVAILABLE,
    _T3_HEAD,
    _T3_LAST,
    _T4_HEAD,
    COLUMN_IDS,
    COLUMN_LABELS,
    MISSING_MARKERS,
    TABLE4_BLOCK_IDS,
    TABLE4_VALUE_IDS,
    Number,
    ReportData,
    _check_template,
    _pick,
    _t2_groups,
    _t3_result_rows,
)
from .narrative import _Narrative

MERGEABLE_GROUPS: tuple[str, ...] = (_GROUP_DENIED, _GROUP_UNAVAILABLE, _GROUP_REJECTED, _GROUP_OTHER)
"""The table-3 groups whose sub-rows :attr:`Variations.merged_values` may merge."""

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
        count_units: every table-2 count printed with its unit ("3件" for documents and
            处理决定数量, "1个" for 上一年项目数量 and 采购项目数量; 本年增/减 stays bare), so
            that glued text reads "政府集中采购1个246900元".
        yuan: every table-2 amount printed in 元 with its unit ("246900元" for 24.69 万元,
            two decimals only where the amount has fen), also the 行政事业性收费 of template
            2021 whose header says 万元: the parser must divide by 10000.
        merged_values: table-3 groups (their labels, among （三）不予公开, （四）无法提供,
            （五）不予处理 and （六）其他处理) whose sub-rows share one merged value cell
            (rowspan over the group) in every column where all the sub-rows hold the same
            value, as real reports merge the three rows of （六）其他处理; each sub-row holds
            that value (the truth does not change).
        traditional: the whole report in traditional characters (繁體), as converted flipbooks
            give it (see :mod:`.traditional`); digits and markup stay as they are.
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
    count_units: bool = False
    yuan: bool = False
    merged_values: tuple[str, ...] = ()
    traditional: bool = False

    def __post_init__(self) -> None:
        if not self.missing_markers:
            raise ValueError("missing_markers must not be empty")
        for m in self.missing_markers:
            if m not in MISSING_MARKERS:
                raise ValueError(f"unknown missing marker {m!r}; expected {MISSING_MARKERS}")
        if self.encoding.lower() not in ("utf-8", "gbk", "gb2312", "gb18030"):
            raise ValueError(f"unsupported encoding {self.encoding!r}")
        for g in self.merged_values:
            if g not in MERGEABLE_GROUPS:
                raise ValueError(f"unknown group {g!r} in merged_values; expected {MERGEABLE_GROUPS}")

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


def _default_rng(data: ReportData) -> np.random.Generator:
    key = f"{data.agency}|{data.year}|{data.template}".encode()
    return np.random.default_rng(zlib.crc32(key))


def _pad_text(part: str, cell: _Cell, rng: np.random.Generator, v: Variations) -> str:
    if v.extra_spaces and cell.value and part and rng.random() < 0.25:
        return _pick(rng, (" ", "  ", "")) + part + _pick(rng, (" ", ""))
    return part


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
            if self.v.yuan:
                s, unit = _yuan_str(x), "元"
            elif self.v.units and unit_kind == "proc" and x and self.rng.random() < 0.5:
                s, unit = f"{round(x * 10000.0, 2):.2f}", "元"
            else:
                s = _amount_str(x)
                if self.v.units and self.rng.random() < 0.5:
                    unit = "万元"
        else:
            s = str(int(v))
            if self.v.count_units and unit_kind in _COUNT_UNITS:
                unit = _COUNT_UNITS[unit_kind]
            elif self.v.units and unit_kind == "doc" and self.rng.random() < 0.5:
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
                    elif vid in ("decisions", "previous_items", "projects"):
                        kind = vid
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

    def table3_row(
        self, rid: str, merged: dict[int, int] | None = None, skip: frozenset[int] = frozenset()
    ) -> list[_Cell]:
        """The value cells of row ``rid``; ``merged`` maps a column to the rowspan of a merged
        value cell starting here, ``skip`` lists the columns a merged cell above covers."""
        cells = []
        for k, (c, v) in enumerate(zip(COLUMN_IDS, self.d.table3[rid])):
            if k in skip:
                continue
            cell = self.value(v, name=f"table3/{rid}/{c}")
            if merged and k in merged:
                cell.rowspan = merged[k]
            cells.append(cell)
        return cells

    def merged_columns(self, rids: list[str]) -> frozenset[int]:
        """The columns where every row of ``rids`` holds the same value (none printed as given)."""
        cols = []
        for k, c in enumerate(COLUMN_IDS):
            values = {self.d.table3[r][k] for r in rids}
            if len(values) == 1 and not any(f"table3/{r}/{c}" in self.d.printed for r in rids):
                cols.append(k)
        return frozenset(cols)

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
                merge: frozenset[int] = frozenset()
                if group in self.v.merged_values and n > 1:
                    merge = self.merged_columns([chunk[i + j][0] for j in range(n)])
                for j in range(n):
                    rid_j, _, lab_j = chunk[i + j]
                    cells = row if j == 0 else []
                    values = (
                        self.table3_row(rid_j, merged={k: n for k in merge})
                        if j == 0
                        else self.table3_row(rid_j, skip=merge)
                    )
                    rows.append(cells + [self.label(lab_j)] + values)
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


_COUNT_UNITS = {"doc": "件", "decisions": "件", "previous_items": "个", "projects": "个"}


def _yuan_str(wan: float) -> str:
    """An amount in 万元 printed in 元: whole yuan without decimals, else two."""
    fen = round(wan * 1000000.0)
    if fen % 100 == 0:
        return str(fen // 100)
    return f"{fen // 100}.{fen % 100:02d}"


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
