"""The rule catalogue as documentation, generated from the code.

``python -m gongkai.rules`` prints ``docs/rules.md``: every rule of the C++ core's catalogue
(:func:`catalogue`) and, for each, an example finding produced by actually running the checks
on reports rendered by :mod:`gongkai.render` with one deliberate mistake (fixed seeds, so the
page is stable). ``python -m gongkai.rules --write docs/rules.md`` rewrites the page; a test
regenerates it and compares, so the page cannot drift from the code.
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from . import _core
from . import render as R
from .check import check_all
from .report import finding_dict, parse

__all__ = ["EXAMPLES", "Example", "Rule", "catalogue", "example", "main", "markdown"]


class Rule(NamedTuple):
    """One rule of the catalogue."""

    id: str
    severity: str  # "error", "warning" or "info"
    scope: str  # "report", "series" (one agency across years) or "corpus" (across reports)
    zh: str
    en: str
    arithmetic: str


def catalogue() -> tuple[Rule, ...]:
    """Every validation rule of the core, in catalogue order (the parser's own ``parse.*``
    findings are listed in docs/parse-findings.md)."""
    return tuple(Rule(**r) for r in _core.rule_catalogue())


Inputs = list[tuple[str, bytes]]  # (source name, file content)


@dataclass(frozen=True)
class Example:
    """A finding of ``rule`` produced by checking rendered reports with one mistake."""

    rule: str
    mistake: str  # the mistake, in words
    sources: tuple[str, ...]  # the inputs checked together
    finding: dict[str, Any]  # in the JSON form of gongkai check --json


# ---- the reports the examples are made of (text layout, fixed seeds)

_SEED = 20240131


def _data(seed: int, template: str = "2021", year: int = 2024, kind: str = "county_gov") -> R.ReportData:
    return R.random_report(np.random.default_rng(_SEED + seed), template, year=year, kind=kind)


def _text(data: R.ReportData, seed: int = 0) -> str:
    return R.render_text(data, rng=np.random.default_rng(_SEED + 1000 + seed))


def _one(data: R.ReportData, seed: int = 0) -> Inputs:
    return [("report.txt", _text(data, seed).encode())]


def _printed(cell: str, text: str, what: str, seed: int = 1) -> tuple[str, Inputs]:
    data = _data(seed)
    data.printed = {cell: text}
    return f"`{cell}` printed `{text}` ({what})", _one(data)


def _z(v: float | None) -> int:
    return 0 if v is None else int(v)


def _value(data: R.ReportData, cell: str) -> Any:
    table, row, col = cell.split("/")
    if table == "table2":
        return data.table2[row][col]
    if table == "table3":
        return data.table3[row][R.COLUMN_IDS.index(col)]
    return data.table4[row][R.TABLE4_VALUE_IDS.index(col)]


def _plus(cell: str, delta: int, seed: int = 1) -> tuple[str, Inputs]:
    data = _data(seed)
    value = int(_value(data, cell))
    data.printed = {cell: str(value + delta)}
    return f"`{cell}` printed {value + delta} instead of {value}", _one(data)


def _narrative(phrase: Callable[[R.ReportData], int | None], word: str, delta: int) -> tuple[str, Inputs]:
    """The first seed whose narrative states ``word`` + N + 件, N changed by ``delta``."""
    for seed in range(1, 200):
        data = _data(seed)
        n = phrase(data)
        text = _text(data, seed)
        said = f"{word}{n}件"
        if n is None or said not in text:
            continue
        text = text.replace(said, f"{word}{n + delta}件", 1)
        return f"section 一 says 「{word}{n + delta}件」 where the table has {n}", [
            ("report.txt", text.encode())
        ]
    raise AssertionError(f"no rendered narrative states {word}N件")


def _t3(row: str) -> Callable[[R.ReportData], int | None]:
    return lambda d: d.table3[row][6]


def _report_year() -> tuple[str, Inputs]:
    data = _data(1)
    y = data.year
    text = _text(data)
    start, end = text.index("一、总体情况"), text.index("二、主动公开政府信息情况")
    section = text[start:end].replace(f"{y}年", f"{y - 1}年")
    section = section.replace("一、总体情况\n", f"一、总体情况\n{y - 1}年是政务公开工作提质增效的一年。\n", 1)
    return (
        f"a {y} report whose section 一 still speaks of {y - 1} (copied from the year before)",
        [("report.txt", (text[:start] + section + text[end:]).encode())],
    )


def _years(template: str = "2021") -> tuple[R.ReportData, R.ReportData]:
    rng = np.random.default_rng(_SEED + 500)
    first = R.random_report(rng, template, year=2023, kind="county_gov")
    return first, R.next_year(first, rng)


def _series(first: R.ReportData, second: R.ReportData) -> Inputs:
    return [("report_2023.txt", _text(first, 1).encode()), ("report_2024.txt", _text(second, 2).encode())]


def _carry_over() -> tuple[str, Inputs]:
    first, second = _years()
    for row in ("carried_over", "carried_forward"):  # the 2024 report still adds up
        for c in (0, 6):
            second.table3[row][c] = _z(second.table3[row][c]) + 2
    before = _z(first.table3["carried_forward"][0])
    mistake = (
        f"the 2024 report carries over {before + 2} applications of natural persons, "
        f"the 2023 report carried forward {before}"
    )
    return mistake, _series(first, second)


def _stock() -> tuple[str, Inputs]:
    first, second = _years()
    nd = second.table2["normative_documents"]
    right = _z(nd["in_force"])
    nd["in_force"] = right + 5
    mistake = (
        f"the 2024 report prints {right + 5} normative documents in force where 2023's stock, "
        f"2024's issued and repealed give {right}"
    )
    return mistake, _series(first, second)


def _copy_tables() -> tuple[str, Inputs]:
    a = _data(1)
    b = R.random_report(np.random.default_rng(_SEED + 7), "2021", year=2024, kind="county_gov")
    b.table3, b.table4 = copy.deepcopy(a.table3), copy.deepcopy(a.table4)
    return (
        "another county's report with tables 3 and 4 copied from the first",
        [("a_2024.txt", _text(a, 1).encode()), ("b_2024.txt", _text(b, 2).encode())],
    )


def _copy_narrative() -> tuple[str, Inputs]:
    a = _data(1)
    for seed in range(2, 200):
        other = _data(seed)
        b = copy.deepcopy(a)  # a's narrative and applications, another agency's name and tables 2 and 4
        b.agency, b.table2, b.table4 = other.agency, other.table2, other.table4
        inputs = [("a_2024.txt", _text(a, 1).encode()), ("b_2024.txt", _text(b, 1).encode())]
        reports = [parse(data, name=name) for name, data in inputs]
        if any(f.rule == "copy.narrative" for fs in check_all(reports) for f in fs):
            return "another county's report with the first one's narrative, its own name put in", inputs
    raise AssertionError("no copied narrative is near-identical")


def _conflict() -> tuple[str, Inputs]:
    first = _data(1)
    second = copy.deepcopy(first)  # the same agency and year, one more application granted
    for row in ("new", "granted", "total_processed"):
        for c in (0, 6):
            second.table3[row][c] = _z(second.table3[row][c]) + 1
    return (
        "the same agency's report for the same year published again with one more application granted",
        [
            ("report_2024.txt", _text(first, 1).encode()),
            ("report_2024_corrected.txt", _text(second, 1).encode()),
        ],
    )


def _items_2019() -> tuple[str, Inputs]:
    data = _data(1, template="2019", year=2020)
    data.table2["licensing"].update(previous_items=3, change=-8)
    return "template 2019: 行政许可 上一年项目数量 3, 本年增/减 -8", _one(data)


EXAMPLES: dict[str, Callable[[], tuple[str, Inputs]]] = {
    "table3.balance": lambda: _plus("table3/carried_forward/natural_person", 2),
    "table3.results": lambda: _plus("table3/granted/natural_person", 3),
    "table3.row_total": lambda: _plus("table3/partially_granted/total", 1),
    "table4.block_total": lambda: _plus("table4/reconsideration/total", 2),
    "counts.non_negative": lambda: _printed("table2/penalty/decisions", "-12", "a negative count"),
    "counts.whole": lambda: _printed("table2/licensing/decisions", "12.5", "a count with decimals"),
    "table2.items_2019": _items_2019,
    "cell.missing": lambda: _printed("table4/litigation_direct/pending", "/", "no number"),
    "cell.text": lambda: _printed("table3/granted/natural_person", "约5", "text in a number's place"),
    "cell.implausible": lambda: _printed(
        "table3/new/natural_person", "530000000", "530 million applications, a count no agency has"
    ),
    "narrative.applications": lambda: _narrative(_t3("new"), "收到政府信息公开申请", 7),
    "narrative.processed": lambda: _narrative(_t3("total_processed"), "办结", 3),
    "narrative.reconsideration": lambda: _narrative(lambda d: d.table4["reconsideration"][4], "行政复议", 1),
    "narrative.litigation": lambda: _narrative(
        lambda d: _z(d.table4["litigation_direct"][4]) + _z(d.table4["litigation_after_reconsideration"][4]),
        "行政诉讼",
        2,
    ),
    "report.year": _report_year,
    "series.carry_over": _carry_over,
    "series.stock": _stock,
    "copy.tables": _copy_tables,
    "copy.narrative": _copy_narrative,
    "corpus.conflict": _conflict,
}
"""Per rule: the mistake (in words) and the inputs that make the rule fire."""


def example(rule: str) -> Example:
    """Check the example inputs of ``rule`` together and return its first finding."""
    mistake, inputs = EXAMPLES[rule]()
    reports = [parse(data, name=name) for name, data in inputs]
    for report, found in zip(reports, check_all(reports)):
        for f in [*report.findings, *found]:  # cell.text/.implausible: reported by the parser as it reads
            if f.rule == rule:
                return Example(rule, mistake, tuple(name for name, _ in inputs), finding_dict(f))
    raise AssertionError(f"the example of {rule} gives no {rule} finding")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


_HEAD = """\
# Validation rules

<!-- Generated by `python -m gongkai.rules` from the rule catalogue of the C++ core; do not edit.
     Rewrite with `python -m gongkai.rules --write docs/rules.md`. A test regenerates this page
     and fails when it differs. -->

What `gongkai check` (and `gongkai.check.check_all`, `Report.check()`) reports about a report's
numbers, beyond what the parser says about reading it ([parse-findings.md](parse-findings.md),
rules `parse.*`). Ids of cells and rows are those of [template.md](template.md).

An **error** is a number that cannot be right as printed; a **warning** is something to look
at that can be legitimate (a blank cell, a reorganised agency, a narrative that counts
differently). Scope **report** rules look at one report; **series** rules at one agency's
reports of consecutive years (agencies are recognised by name, white space dropped and
full-width characters folded; several forms of one agency-year are the same report and are
not compared with each other); **corpus** rules at all the reports checked together.
"""

_FINDING = """\
## A finding

`gongkai check --json` prints the objects of `gongkai parse --json` ([report-json.md](report-json.md))
with the findings of every rule. A finding has `rule`, `severity`, `cells` (every cell it
involves), `message`, and where they apply: `line` and `column` of its first cell in the
decoded source; `expected` and `actual`, the two sides of the arithmetic that does not hold
(for the identities: `actual` is the left side of the rule's arithmetic as printed,
`expected` the right side); `suggestion`, `{"cell": ..., "value": ...}`, when changing that one
cell to that value would satisfy every identity the report breaks and break none that holds —
given only when exactly one cell can do it. A cell of table 3 lies on two or three identities
(its row's total, its column's results or balance), so a single wrong number there is pinned
down; a block of table 4 is one identity of five cells, and any of them could be the wrong
one unless the others cannot absorb the difference, so table 4 rarely has a suggestion.

`gongkai check --csv` writes one row per finding with the columns `source, agency, year, rule,
severity, cells` (joined with `;`), `message, expected, actual, suggested_cell,
suggested_value, line, column` (as `Report.findings_frame()` and `Corpus.findings`, which add
the report id), and one row of rule `input.unreadable` (severity error) per input that could
not be read. The exit code is 0 when no finding is an error, 1 when one is (parse findings included),
2 when an input could not be read.
"""


def markdown() -> str:
    """docs/rules.md."""
    rules = catalogue()
    out = [_HEAD, "| rule | severity | scope | 中文 | English | arithmetic |", "|---|---|---|---|---|---|"]
    for r in rules:
        out.append(
            f"| [`{r.id}`](#{r.id.replace('.', '')}) | {r.severity} | {r.scope} | {_cell(r.zh)} | "
            f"{_cell(r.en)} | `{_cell(r.arithmetic)}` |"
        )
    out += ["", _FINDING, "## Examples", ""]
    out.append(
        "Each example is a report rendered by `gongkai.render` (text layout, fixed seeds) with one "
        "mistake, parsed and checked together with the other inputs named; shown is the finding as "
        "`gongkai check --json` prints it."
    )
    for r in rules:
        ex = example(r.id)
        out += [
            "",
            f"### {r.id}",
            "",
            f"{r.zh} — {r.en} ({r.severity}, scope {r.scope})",
            "",
            f"Mistake: {ex.mistake}. Inputs: {', '.join(f'`{s}`' for s in ex.sources)}.",
            "",
            "```json",
            json.dumps(ex.finding, ensure_ascii=False, indent=1),
            "```",
        ]
    return "\n".join(out) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m gongkai.rules [--write PATH]``: print (or write) docs/rules.md."""
    parser = argparse.ArgumentParser(prog="python -m gongkai.rules", description=__doc__.splitlines()[0])
    parser.add_argument("--write", metavar="PATH", help="write the page to PATH instead of printing it")
    args = parser.parse_args(argv)
    page = markdown()
    if args.write:
        Path(args.write).write_text(page, encoding="utf-8", newline="\n")
    else:
        sys.stdout.write(page)
    return 0


if __name__ == "__main__":
    sys.exit(main())
