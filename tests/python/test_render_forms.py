"""The messy forms real reports come in, rendered and read back.

For every form (crawled text with glued cells, merged sub-rows, units, blank cells, traditional
characters, page numbers inside table 3, full-width digits, markdown), several seeds of both
templates are rendered, parsed with ``gongkai.parse`` and scored cell by cell against
``expected_dict`` (gongkai.truth): no cell may be silently wrong or silently missing, and where
the form keeps every number, every cell must be right. Where gongkai does not read a form yet,
the case is an expected failure (strict) whose reason says what was read and what the truth is.

The second half checks that each form really is in what the renderer writes.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pytest

import gongkai
from gongkai import render
from gongkai.truth import score

TEMPLATES = ("2021", "2019")
SEEDS = range(10)
KINDS = ("county_gov", "city_dept", "county_dept", "city_gov", "township")

# the group whose sub-rows share one merged value cell: （六）其他处理 in template 2021; template
# 2019 has one 其他处理 row, so its （四）无法提供 merges instead
MERGED = {
    "2021": ("（六）其他处理", ("other_no_correction", "other_unpaid_fee", "other_misc")),
    "2019": ("（四）无法提供", ("unavailable_not_held", "unavailable_needs_creation", "unavailable_unclear")),
}

Source = str | bytes
Maker = Callable[[render.ReportData, np.random.Generator, str], tuple[render.ReportData, Source]]


def _data(seed: int, template: str) -> tuple[render.ReportData, np.random.Generator]:
    rng = np.random.default_rng(seed)
    return render.random_report(rng, template, kind=KINDS[seed % len(KINDS)]), rng


def share_group(data: render.ReportData, value: int) -> render.ReportData:
    """A copy whose merged group's sub-rows hold one value per column: ``value`` for natural
    persons where the results allow it, else 0; 予以公开 absorbs the difference, so every
    identity still holds."""
    d = copy.deepcopy(data)
    _, rids = MERGED[d.template]
    t3 = d.table3
    for c in range(6):
        pool = sum(int(t3[r][c] or 0) for r in rids) + int(t3["granted"][c] or 0)
        x = value if c == 0 and pool >= len(rids) * value else 0
        for r in rids:
            t3[r][c] = x
        t3["granted"][c] = pool - len(rids) * x
    for row in t3.values():
        row[6] = sum(int(v or 0) for v in row[:6])
    assert not render.identity_errors(d)
    return d


def blank_table2(data: render.ReportData, rng: np.random.Generator) -> render.ReportData:
    """A copy where the middle cell of some three-value table-2 rows is printed empty."""
    d = copy.deepcopy(data)
    rows = [rid for rid, values in d.table2.items() if len(values) == 3]
    hit = [rid for rid in rows if rng.random() < 0.6] or rows[:1]
    for rid in hit:
        d.table2[rid][list(d.table2[rid])[1]] = None
    return d


@dataclass(frozen=True)
class Case:
    id: str
    make: Maker
    keeps_all: bool
    """The form keeps every number: a correct parser reads every cell right."""


def _flat(**kw: object) -> Maker:
    variations = kw.pop("variations", None)

    def make(d: render.ReportData, rng: np.random.Generator, t: str) -> tuple[render.ReportData, Source]:
        return d, render.render_flat(d, rng=rng, variations=variations, **kw)  # type: ignore[arg-type]

    return make


def _merged(form: str) -> Maker:
    def make(d: render.ReportData, rng: np.random.Generator, t: str) -> tuple[render.ReportData, Source]:
        v = render.Variations(merged_values=(MERGED[t][0],))
        if form in ("html", "docx"):
            d = share_group(d, int(rng.integers(0, 3)))
            if form == "html":
                return d, render.render_html(d, rng=rng, variations=v)
            return d, render.render_docx(d, rng=rng, variations=v)
        # crawled text: the merged cell holds 0, as in real reports; with the results identity
        # (counts are not negative) the uncovered sub-rows can only be 0 as well
        d = share_group(d, 0)
        sep, at = form.split("-")
        return d, render.render_flat(d, rng=rng, variations=v, separator=sep, merged_at=at)

    return make


def _units(form: str) -> Maker:
    v = render.Variations(count_units=True, yuan=True)

    def make(d: render.ReportData, rng: np.random.Generator, t: str) -> tuple[render.ReportData, Source]:
        if form == "html":
            return d, render.render_html(d, rng=rng, variations=v)
        return d, render.render_flat(d, rng=rng, variations=v, separator=form)

    return make


def _blank_t2(sep: str) -> Maker:
    def make(d: render.ReportData, rng: np.random.Generator, t: str) -> tuple[render.ReportData, Source]:
        d = blank_table2(d, rng)
        return d, render.render_flat(d, rng=rng, separator=sep)

    return make


def _traditional(form: str) -> Maker:
    v = render.Variations(traditional=True)

    def make(d: render.ReportData, rng: np.random.Generator, t: str) -> tuple[render.ReportData, Source]:
        if form == "html":
            return d, render.render_html(d, rng=rng, variations=v)
        if form == "text":
            return d, render.render_text(d, rng=rng, variations=v)
        if form == "markdown":
            return d, render.render_markdown(d, rng=rng, variations=v)
        return d, render.render_flat(d, rng=rng, variations=v, separator=form)

    return make


def _blank_cells(form: str) -> Maker:
    def make(d: render.ReportData, rng: np.random.Generator, t: str) -> tuple[render.ReportData, Source]:
        d = render.with_missing(d, rng, 0.4)
        if form == "markdown":
            return d, render.render_markdown(d, rng=rng)
        if form == "text":
            return d, render.render_text(d, rng=rng)
        return d, render.render_flat(d, rng=rng, separator="space")

    return make


def _markdown(tables: str, merged: str = "blank") -> Maker:
    def make(d: render.ReportData, rng: np.random.Generator, t: str) -> tuple[render.ReportData, Source]:
        return d, render.render_markdown(d, rng=rng, tables=tables, merged=merged)

    return make


FULLWIDTH = render.Variations(fullwidth_digits=1.0)

CASES = [
    # 1. crawled text, cells glued / separated by single spaces / both
    Case("flat-glued", _flat(separator="glued"), False),
    Case("flat-space", _flat(separator="space"), True),
    Case("flat-mixed", _flat(separator="mixed"), False),
    # 2. sub-rows sharing one merged value cell
    Case("merged-html", _merged("html"), True),
    Case("merged-docx", _merged("docx"), True),
    Case("merged-flat-first", _merged("space-first"), True),
    Case("merged-flat-last", _merged("space-last"), True),
    Case("merged-flat-glued", _merged("glued-first"), False),
    # 3. numbers glued to their units in table 2
    Case("units-flat-glued", _units("glued"), False),
    Case("units-flat-space", _units("space"), True),
    Case("units-html", _units("html"), True),
    # 4. a table-2 cell printed empty between two numbers
    Case("blank-t2-flat-glued", _blank_t2("glued"), False),
    Case("blank-t2-flat-space", _blank_t2("space"), False),
    # 5. traditional characters
    Case("traditional-text", _traditional("text"), True),
    Case("traditional-html", _traditional("html"), True),
    Case("traditional-markdown", _traditional("markdown"), True),
    Case("traditional-flat-space", _traditional("space"), True),
    # 6. a page break inside table 3; a value on the neighbouring row's line
    Case("page-line-flat-space", _flat(separator="space", page_numbers="line"), True),
    Case("page-line-flat-glued", _flat(separator="glued", page_numbers="line"), False),
    Case("page-glued-flat-space", _flat(separator="space", page_numbers="glued"), False),
    Case("spill-flat-space", _flat(separator="space", spill=True), False),
    # 7. blank cells among the values
    Case("blank-markdown", _blank_cells("markdown"), True),
    Case("blank-docx-text", _blank_cells("text"), True),
    Case("blank-flat-space", _blank_cells("space"), False),
    # 8. full-width digits
    Case("fullwidth-flat-glued", _flat(separator="glued", variations=FULLWIDTH), False),
    Case("fullwidth-flat-space", _flat(separator="space", variations=FULLWIDTH), True),
    # 9. markdown: pipe tables, and tables kept as raw HTML
    Case("markdown-pipe", _markdown("pipe"), True),
    Case("markdown-pipe-repeat", _markdown("pipe", "repeat"), True),
    Case("markdown-html", _markdown("html"), True),
]

# What gongkai reads today where it fails a case: (case id, template) -> the failure.
XFAIL: dict[tuple[str, str], str] = {}


def _params() -> list[object]:
    out = []
    for case in CASES:
        for t in TEMPLATES:
            reason = XFAIL.get((case.id, t))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            out.append(pytest.param(case, t, id=f"{case.id}-{t}", marks=marks))
    return out


def read_back(case: Case, template: str, seed: int) -> tuple[render.ReportData, Source, list[str]]:
    """Renders one report in the case's form, parses it and says what is amiss (empty: all well)."""
    data, rng = _data(seed, template)
    data, source = case.make(data, rng, template)
    report = gongkai.parse(source)
    # a report in traditional characters gives its agency in simplified ones, as it is grouped
    s = score(report.to_dict(), render.expected_dict(data), fields=("agency", "year", "template"))
    problems = [f"silent: {p}" for p in s.silent]
    if case.keeps_all and not s.silent and s.right != s.total:
        problems += [p for p in s.problems] or [f"{s.lost} cells lost"]
    return data, source, problems


@pytest.mark.parametrize(("case", "template"), _params())
def test_form_reads_back(case: Case, template: str) -> None:
    failures = []
    for seed in SEEDS:
        _, _, problems = read_back(case, template, seed)
        if problems:
            failures.append(f"seed {seed}: {problems[:3]}")
    assert not failures, f"{len(failures)} of {len(SEEDS)}: " + "; ".join(failures[:2])


# ----------------------------------------------------------------------------------------------
# the forms are in the output
# ----------------------------------------------------------------------------------------------

_T3_ROW = "（一）予以公开"


def _line(text: str, label: str) -> str:
    """The line of a table row, from its label on (row 3 follows 三、本年度办理结果)."""
    line = next(line for line in text.split("\n") if label in line and not line.startswith(label + "（"))
    return line[line.index(label) :]


@pytest.mark.parametrize("template", TEMPLATES)
def test_flat_rows_glued_or_spaced(template: str) -> None:
    data, _ = _data(0, template)
    values = [str(v) for v in data.table3["granted"]]
    glued = render.render_flat(data, separator="glued")
    spaced = render.render_flat(data, separator="space")
    assert _line(glued, _T3_ROW) == _T3_ROW + "".join(values)
    assert _line(spaced, _T3_ROW) == _T3_ROW + " " + " ".join(values)
    # labels of one row stay glued; the narrative is one line a paragraph
    assert any(line.startswith("（三）不予公开1.属于国家秘密") for line in glued.split("\n"))
    assert "\t" not in glued and "|" not in glued
    mixed = [render.render_flat(data, rng=np.random.default_rng(s), separator="mixed") for s in range(4)]
    rows = [line for text in mixed for line in text.split("\n") if re.match(r"^\d\.", line)]
    assert any(re.search(r"\D\d+$", r) and " " not in r for r in rows)  # glued rows
    assert any(re.search(r"\d \d", r) for r in rows)  # spaced rows
    assert any(re.search(r"\d \d", r) and re.search(r"\d\d", r) for r in rows)  # both in one row


@pytest.mark.parametrize("template", TEMPLATES)
def test_merged_values_are_one_cell(template: str) -> None:
    group, rids = MERGED[template]
    data = share_group(_data(0, template)[0], 1)
    v = render.Variations(merged_values=(group,))
    page = render.render_html(data, variations=v)
    unmerged = 3 if template == "2021" else 2  # the 勾稽关系 note, the group labels （四） and （六）
    assert render.render_html(data).count('rowspan="3"') == unmerged
    assert page.count('rowspan="3"') == unmerged + 7  # the seven value cells
    # the merge is only where the sub-rows agree: a column where they differ stays three cells
    unequal = copy.deepcopy(data)
    unequal.table3[rids[0]][2] = int(unequal.table3[rids[0]][2] or 0) + 1
    assert render.render_html(unequal, variations=v).count('rowspan="3"') == unmerged + 6
    labels = [lab for rid, _, lab in render.table3_labels(template) if rid in rids]
    for at, carrier in (("first", labels[0]), ("last", labels[-1])):
        flat = render.render_flat(data, variations=v, separator="space", merged_at=at)
        lines = flat.split("\n")
        for lab in labels:
            (line,) = [ln for ln in lines if ln.endswith(lab) or lab + " " in ln]
            n_values = len(re.findall(r" \d+", line.split(lab, 1)[1]))
            assert n_values == (7 if lab == carrier else 0), (at, line)
    with pytest.raises(ValueError, match="merged_values"):
        render.Variations(merged_values=("（一）予以公开",))


def test_units_glued_to_numbers() -> None:
    v = render.Variations(count_units=True, yuan=True)
    d19, _ = _data(2, "2019")
    d19.table2["procurement"] = {"projects": 1, "amount": 24.69}
    flat = render.render_flat(d19, variations=v)
    assert "政府集中采购1个246900元" in flat
    assert re.search(r"行政许可\d+个-?\d+\d+件", flat)
    d21, _ = _data(2, "2021")
    d21.table2["fees"] = {"amount": 3194.57}
    assert "行政事业性收费31945700元" in render.render_flat(d21, variations=v)
    d21.table2["fees"] = {"amount": 0.123456}
    assert "行政事业性收费1234.56元" in render.render_flat(d21, variations=v)
    assert "元" not in _line(render.render_flat(d21), "行政事业性收费")


def test_blank_table2_cell_between_numbers() -> None:
    d, _ = _data(0, "2021")
    d.table2["normative_documents"] = {"issued": 3, "repealed": None, "in_force": 27}
    assert _line(render.render_flat(d), "行政规范性文件") == "行政规范性文件327"
    assert _line(render.render_flat(d, separator="space"), "行政规范性文件") == "行政规范性文件 3  27"


@pytest.mark.parametrize("template", TEMPLATES)
def test_traditional_characters(template: str) -> None:
    data, _ = _data(0, template)
    v = render.Variations(traditional=True)
    for text in (
        render.render_text(data, variations=v),
        render.render_html(data, variations=v, page_chrome=True),
        render.render_flat(data, variations=v),
        render.render_markdown(data, variations=v),
    ):
        assert "公开" not in text and "报告" not in text
        assert "政府信息公開工作年度報告" in text
        assert "本年新收政府信息公開申請數量" in text
    assert render.to_traditional("行政复议 答复 联系 关系 2021年") == "行政複議 答覆 聯繫 關係 2021年"
    assert render.render_text(data) == render.render_text(data, variations=render.Variations())


@pytest.mark.parametrize("template", TEMPLATES)
def test_page_numbers_and_spilled_values(template: str) -> None:
    data, _ = _data(0, template)

    def table3_lines(text: str) -> list[str]:
        return (
            text.split("三、收到和处理政府信息公开申请情况")[1]
            .split("四、政府信息公开行政复议")[0]
            .split("\n")
        )

    lines = table3_lines(render.render_flat(data, separator="space", page_numbers="line"))
    assert sum(bool(re.fullmatch(r"(- \d -|—\d—|\d)", ln)) for ln in lines) == 1
    counts = [
        len(re.findall(r" \d+", ln)) for ln in table3_lines(render.render_flat(data, separator="space"))
    ]
    assert set(counts) - {0} == {7}
    for kw, want in (({"page_numbers": "glued"}, {7, 8}), ({"spill": True}, {6, 7, 8})):
        lines = table3_lines(render.render_flat(data, separator="space", **kw))  # type: ignore[arg-type]
        assert {len(re.findall(r" \d+", ln)) for ln in lines} - {0} == want


def test_blank_cells_in_markdown_and_flat() -> None:
    d, _ = _data(0, "2021")
    d.table2["regulations"] = {"issued": 3, "repealed": None, "in_force": 27}
    assert "| 规章 | 3 |  | 27 |" in render.render_markdown(d)
    assert "规章 3  27" in render.render_flat(d, separator="space")


def test_fullwidth_digits_glued() -> None:
    d, _ = _data(0, "2021")
    d.table2["fees"] = {"amount": 3194.57}
    text = render.render_flat(d, variations=FULLWIDTH)
    assert _line(text, "行政事业性收费") == "行政事业性收费３１９４.５７"
    assert not re.search(r"[0-9]", _line(text, _T3_ROW))


@pytest.mark.parametrize("template", TEMPLATES)
def test_markdown_tables(template: str) -> None:
    data, _ = _data(0, template)
    pipe = render.render_markdown(data)
    assert pipe.startswith("# ") and "\n## 一、总体情况\n" in pipe
    rules = [ln for ln in pipe.split("\n") if ln.startswith("|---")]
    assert [ln.count("---") for ln in rules] == [4, 10, 15]  # one rule a table, after its first row
    assert "<table" not in pipe
    rows = [ln for ln in pipe.split("\n") if ln.startswith("| ")]
    assert {ln.count(" | ") + 1 for ln in rows} == {4, 10, 15}
    repeat = render.render_markdown(data, merged="repeat")
    assert "| 三、本年度办理结果 | （一）予以公开 | （一）予以公开 |" in repeat
    raw = render.render_markdown(data, tables="html")
    assert raw.count("<table>") == 3 and 'rowspan="3"' in raw and 'colspan="7"' in raw
    assert "|---" not in raw
    with pytest.raises(ValueError, match="tables"):
        render.render_markdown(data, tables="grid")


def test_new_options_off_by_default() -> None:
    v = render.Variations()
    assert not (v.count_units or v.yuan or v.traditional or v.merged_values)
    rng = np.random.default_rng(7)
    for _ in range(20):  # Variations.random draws what it drew before
        r = render.Variations.random(rng)
        assert not (r.count_units or r.yuan or r.traditional or r.merged_values)
