"""A straightforward pure-Python parser of the report layouts: the benchmark's baseline.

This is what a competent Python developer would write without gongkai's C++ core: decode the
bytes (UTF-8, else GB18030), turn the input into table rows of cell texts, then find the rows of
tables 2, 3 and 4 by their labels and read their numbers.

* HTML pages: the standard library's ``html.parser`` collects every ``<table>``; each table is
  expanded into a grid (``rowspan``/``colspan``), and each grid row is reduced to its distinct
  cells, a cell merged down from an earlier row showing as ``""`` (as in the text layout).
* Text extracted from .docx: one cell a line starting with a TAB, a line without a TAB
  continuing the cell above, a blank line ending a table row.
* .docx files: ``zipfile`` opens the package and ``xml.etree`` reads ``word/document.xml``; a
  table row is its ``w:tc`` cells in order, which already is the reduced form above (a cell
  merged across columns is one ``w:tc``, one continuing a vertical merge is an empty one).

It reads what :mod:`gongkai.render` writes (the benchmark asserts it agrees with gongkai on every
rendered report); it is not a general parser of real-world reports.
"""

from __future__ import annotations

import io
import math
import re
import xml.etree.ElementTree as ET
import zipfile
from html.parser import HTMLParser
from typing import Any

NAN = math.nan

# ---- table 3: row ids in gongkai's order, and the keyword that identifies each row label.
T3_ROWS_2021 = [
    "new",
    "carried_over",
    "granted",
    "partially_granted",
    "denied_state_secret",
    "denied_prohibited_by_law",
    "denied_security_stability",
    "denied_third_party",
    "denied_internal_affairs",
    "denied_process_information",
    "denied_enforcement_file",
    "denied_administrative_query",
    "unavailable_not_held",
    "unavailable_needs_creation",
    "unavailable_unclear",
    "rejected_petition",
    "rejected_duplicate",
    "rejected_publication",
    "rejected_excessive",
    "rejected_confirmation",
    "other_no_correction",
    "other_unpaid_fee",
    "other_misc",
    "total_processed",
    "carried_forward",
]
T3_ROWS_2019 = T3_ROWS_2021[:20] + ["other"] + T3_ROWS_2021[23:]

# Checked in order against the row's own label (its last label cell); the first match wins.
T3_KEYWORDS = [
    ("本年新收", "new"),
    ("上年结转", "carried_over"),
    ("结转下年", "carried_forward"),
    ("予以公开", "granted"),
    ("部分公开", "partially_granted"),
    ("国家秘密", "denied_state_secret"),
    ("禁止公开", "denied_prohibited_by_law"),
    ("三安全一稳定", "denied_security_stability"),
    ("第三方", "denied_third_party"),
    ("内部事务", "denied_internal_affairs"),
    ("过程性", "denied_process_information"),
    ("执法案卷", "denied_enforcement_file"),
    ("行政查询", "denied_administrative_query"),
    ("不掌握", "unavailable_not_held"),
    ("另行制作", "unavailable_needs_creation"),
    ("不明确", "unavailable_unclear"),
    ("信访", "rejected_petition"),
    ("重复申请", "rejected_duplicate"),
    ("出版物", "rejected_publication"),
    ("大量反复", "rejected_excessive"),
    ("重新出具", "rejected_confirmation"),
    ("逾期不补正", "other_no_correction"),
    ("缴纳费用", "other_unpaid_fee"),
    ("其他处理", "other"),
    ("其他", "other_misc"),
    ("总计", "total_processed"),
]

# ---- table 2: row label -> row id; value ids per template.
T2_LABELS = {
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
_DOCS_2021 = ("issued", "repealed", "in_force")
_DOCS_2019 = ("made", "published", "total_published")
_ITEMS = ("previous_items", "change", "decisions")
T2_FIELDS = {
    "2021": [
        ("regulations", _DOCS_2021),
        ("normative_documents", _DOCS_2021),
        ("licensing", ("decisions",)),
        ("penalty", ("decisions",)),
        ("coercion", ("decisions",)),
        ("fees", ("amount",)),
    ],
    "2019": [
        ("regulations", _DOCS_2019),
        ("normative_documents", _DOCS_2019),
        ("licensing", _ITEMS),
        ("other_services", _ITEMS),
        ("penalty", _ITEMS),
        ("coercion", _ITEMS),
        ("fees", ("previous_items", "change")),
        ("procurement", ("projects", "amount")),
    ],
}

MISSING = {"", "/", "-", "—", "－", "无"}
_FULLWIDTH = str.maketrans("０１２３４５６７８９．，－", "0123456789.,-")
_SPACE_RE = re.compile(r"\s+")  # str patterns: also NBSP and the ideographic space
_NUMBER_RE = re.compile(r"-?\d+(?:\.\d+)?")
_TITLE_RE = re.compile(
    r"([\u4e00-\u9fff（）]*?)(\d{4})年度?"
    r"政府信息公开工作年度报告"
)


def decode(data: bytes) -> str:
    """UTF-8 (a BOM dropped), else GB18030 (a superset of GBK and GB2312)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


def clean(s: str) -> str:
    """A cell's text without white space (incl. &nbsp;), with half-width digits."""
    return _SPACE_RE.sub("", s).translate(_FULLWIDTH)


def number(s: str) -> float | None:
    """The value of a cleaned cell: a float, NaN for a missing marker, None for no number."""
    if s in MISSING:
        return NAN
    scale = 1.0
    if s.endswith("万元"):
        s = s[:-2]
    elif s.endswith("元"):
        s, scale = s[:-1], 1e-4
    elif s.endswith("件"):
        s = s[:-1]
    s = s.replace(",", "")
    if not _NUMBER_RE.fullmatch(s):
        return None
    return float(s) * scale if scale != 1.0 else float(s)


# ---- HTML: tables -> grids -> rows of distinct cells


class _Cell:
    __slots__ = ("colspan", "parts", "rowspan", "text")

    def __init__(self, rowspan: int, colspan: int) -> None:
        self.parts: list[str] = []
        self.rowspan, self.colspan = rowspan, colspan
        self.text = ""


def _span(value: str | None) -> int:
    try:
        return max(1, int(value)) if value else 1
    except ValueError:
        return 1


class _TableCollector(HTMLParser):
    """Collects every <table> as a list of rows of _Cell (nested tables kept apart)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[_Cell]]] = []
        self._stack: list[list[list[_Cell]]] = []  # open tables
        self._cell: _Cell | None = None
        self._cells: list[_Cell | None] = []  # open cell of each open table
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._cells.append(self._cell)
            self._cell = None
            self._stack.append([])
        elif not self._stack:
            self._in_title = tag == "title" or (tag == "h1" and not self.title)
        elif tag == "tr":
            self._stack[-1].append([])
            self._cell = None
        elif tag in ("td", "th"):
            a = dict(attrs)
            self._cell = _Cell(_span(a.get("rowspan")), _span(a.get("colspan")))
            table = self._stack[-1]
            if not table:
                table.append([])
            table[-1].append(self._cell)

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self._stack:
            self.tables.append(self._stack.pop())
            self._cell = self._cells.pop()
        elif tag in ("td", "th"):
            self._cell = None
        elif tag in ("title", "h1"):
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.parts.append(data)
        elif self._in_title:
            self.title += data


def _grid_rows(table: list[list[_Cell]]) -> list[list[str]]:
    """Expands rowspan/colspan into a grid, then gives each row's distinct cells in column
    order; a cell that started in an earlier row (a rowspan) shows as ''."""
    for row in table:
        for c in row:
            c.text = clean("".join(c.parts))
    grid: list[list[_Cell | None]] = []
    for r, row in enumerate(table):
        while len(grid) <= r:
            grid.append([])
        line = grid[r]
        col = 0
        for cell in row:
            while col < len(line) and line[col] is not None:
                col += 1
            for dr in range(cell.rowspan):
                while len(grid) <= r + dr:
                    grid.append([])
                target = grid[r + dr]
                if len(target) < col + cell.colspan:
                    target.extend([None] * (col + cell.colspan - len(target)))
                for dc in range(cell.colspan):
                    target[col + dc] = cell
            col += cell.colspan
    out: list[list[str]] = []
    started: set[int] = set()
    for line in grid[: len(table)]:
        cells: list[str] = []
        prev = None
        for slot in line:
            if slot is None or slot is prev:
                continue
            prev = slot
            cells.append("" if id(slot) in started else slot.text)
        started.update(id(c) for c in line if c is not None)
        out.append(cells)
    return out


def html_rows(text: str) -> tuple[list[list[str]], str]:
    p = _TableCollector()
    p.feed(text)
    p.close()
    rows: list[list[str]] = []
    for table in p.tables:
        rows.extend(_grid_rows(table))
    return rows, p.title


# ---- text extracted from .docx


def text_rows(text: str) -> list[list[str]]:
    rows: list[list[str]] = []
    row: list[list[str]] = []  # cells, each a list of its lines
    cell: list[str] | None = None
    for line in text.split("\n"):
        if line.startswith("\t"):
            cell = [line[1:]]
            row.append(cell)
        elif not line.strip():
            if row:
                rows.append([clean("".join(c)) for c in row])
                row = []
            cell = None
        elif cell is not None:
            cell.append(line)  # a label wrapped onto the next line
    if row:
        rows.append([clean("".join(c)) for c in row])
    return rows


# ---- .docx


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _wtext(el: ET.Element) -> str:
    return "".join(t.text or "" for t in el.iter(_W + "t"))


def docx_rows(data: bytes) -> tuple[list[list[str]], str]:
    """Rows of cells of every table, and the body's paragraphs one a line."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        root = ET.fromstring(z.read("word/document.xml"))
    rows = [[clean(_wtext(tc)) for tc in tr.findall(_W + "tc")] for tr in root.iter(_W + "tr")]
    body = root.find(_W + "body")
    lines = [] if body is None else [_wtext(p) for p in body.findall(_W + "p")]
    return rows, "\n".join(lines)


# ---- template matching


def _values(cells: list[str]) -> list[float] | None:
    out = []
    for c in cells:
        v = number(c)
        if v is None:
            return None
        out.append(v)
    return out


def match(rows: list[list[str]]) -> dict[str, Any]:
    """Tables 2, 3 and 4 from the rows of cells of a report."""
    t3: dict[str, list[float]] = {}
    t2: dict[str, list[float]] = {}
    t4: list[float] | None = None
    after_t4_head = False
    for cells in rows:
        n = len(cells)
        if n >= 8:
            label = next((c for c in reversed(cells[:-7]) if c), "")
            if label:
                for key, rid in T3_KEYWORDS:
                    if key in label:
                        vals = _values(cells[-7:])
                        if vals is not None and rid not in t3:
                            t3[rid] = vals
                        break
        if 2 <= n <= 4 and cells[0] in T2_LABELS:
            vals = _values(cells[1:])
            if vals is not None:
                t2.setdefault(T2_LABELS[cells[0]], vals)
        if t4 is None:
            if "行政复议" in cells and "行政诉讼" in cells:
                after_t4_head = True
            elif after_t4_head and n >= 15:
                t4 = _values(cells[-15:])
    template = "2019" if "other" in t3 else "2021"
    row_ids = T3_ROWS_2019 if template == "2019" else T3_ROWS_2021
    table3 = [t3.get(rid, [NAN] * 7) for rid in row_ids]
    table2: list[float] = []
    for rid, vids in T2_FIELDS[template]:
        vals = t2.get(rid, [])
        table2.extend(vals[i] if i < len(vals) else NAN for i in range(len(vids)))
    table4 = [[NAN] * 5 for _ in range(3)] if t4 is None else [t4[0:5], t4[5:10], t4[10:15]]
    return {
        "template": template,
        "table2": table2,
        "table3_rows": row_ids,
        "table3": table3,
        "table4": table4,
    }


def parse(data: bytes) -> dict[str, Any]:
    """Parse one report given as bytes; returns template, agency, year and the three tables."""
    if data[:4] == b"PK\x03\x04":
        rows, text = docx_rows(data)
        title = ""  # the title is the first paragraph(s), as in the text layout
    else:
        text = decode(data)
        if text.lstrip()[:1] == "<":
            rows, title = html_rows(text)
        else:
            rows, title = text_rows(text), ""
    out = match(rows)
    m = _TITLE_RE.search(title) or _TITLE_RE.search(text)
    agency, year = ("", None) if m is None else (m.group(1), int(m.group(2)))
    if not agency and not title:  # text layout: the agency is the title's first line
        agency = next((ln.strip() for ln in text.split("\n", 3) if ln.strip()), "")
    out["agency"], out["year"] = agency or None, year
    return out
