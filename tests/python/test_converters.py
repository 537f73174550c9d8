"""Rendered reports through real converters (LibreOffice, pdftotext, pandoc, markitdown, a bare
get_text()), then parsed: no cell may be silently wrong or missing (``score(...).silent``).

Cells a converter destroys may be lost, as long as a finding names them. A chain that gongkai
does not read safely today is an expected failure naming what goes wrong; it turns into a
failure (strict) once the parser reads it, so that the mark is removed. The chains and the
reports are in ``converters.py`` (shared with ``benchmarks/bench_converters.py``).
"""

from __future__ import annotations

from typing import Callable

import pytest

import converters
import gongkai
from converters import Case, ChainResult

# 30 consecutive seeds, and reports that showed a failure class in the benchmark's first 300
# (benchmarks/bench_converters.py): 55 numbers wrapped in narrow PDF cells, 75 and 178 a
# table-2 row short of a blank cell (75 also a pandoc grid table), 80 an amount in 元, 225 a
# table-3 row short of a blank cell; in a page's bare text (html-text) 31 zero cells glued into
# "0000" among seven tokens and "3. 其他" spaced from its number, 114 a glued decimal run
# ("4012,700.374145"), 116 "/" marks glued to a label ("//（七）总计").
WRAPPED = 55
SEEDS = [*range(30), 31, 55, 75, 80, 114, 116, 178, 225]


class SilentCells(AssertionError):
    """Some report read through a chain has a silently wrong or missing cell."""


#: chains gongkai does not read safely yet, with what goes wrong (none today)
XFAIL: dict[str, str] = {}


def _chain_param(chain: str) -> object:
    if chain in XFAIL:
        return pytest.param(
            chain, marks=pytest.mark.xfail(strict=True, raises=SilentCells, reason=XFAIL[chain])
        )
    return chain


@pytest.fixture(scope="module")
def cases() -> list[Case]:
    cs = converters.make_cases(SEEDS)
    # the spread the assertions are about: both templates, missing cells, varied printing
    assert {c.data.template for c in cs} == {"2021", "2019"}
    return cs


@pytest.fixture(scope="module")
def pdf_results(cases: list[Case]) -> dict[str, ChainResult]:
    missing = sorted({m for chain in converters.PDF_CHAINS for m in converters.missing_tools(chain)})
    if missing:
        pytest.skip("needs " + "; ".join(missing))
    return converters.run_pdf_chains(cases)


def _check(result: ChainResult, n: int) -> None:
    assert len(result.outcomes) == n
    assert all(o.converted.strip() for o in result.outcomes), "a converter gave empty output"
    bad = result.silent()
    if bad:
        lines = "\n".join(converters.describe(o) for o, _ in bad[:5])
        raise SilentCells(f"{result.chain}: {len(bad)} of {n} reports have silent problems, e.g.\n{lines}")


@pytest.mark.parametrize("chain", [_chain_param(c) for c in converters.PDF_CHAINS])
def test_pdf_chain_has_no_silent_cell(
    chain: str, cases: list[Case], pdf_results: dict[str, ChainResult]
) -> None:
    _check(pdf_results[chain], len(cases))


@pytest.fixture(scope="module")
def html_results(cases: list[Case]) -> Callable[[str], ChainResult]:
    """The result of an HTML chain, run once per module."""
    done: dict[str, ChainResult] = {}

    def get(chain: str) -> ChainResult:
        missing = converters.missing_tools(chain)
        if missing:
            pytest.skip("needs " + "; ".join(missing))
        if chain not in done:
            done[chain] = converters.run_html_chain(chain, cases)
        return done[chain]

    return get


@pytest.mark.parametrize("chain", [_chain_param(c) for c in converters.HTML_CHAINS])
def test_html_chain_has_no_silent_cell(
    chain: str, cases: list[Case], html_results: Callable[[str], ChainResult]
) -> None:
    _check(html_results(chain), len(cases))


#: share of the cells a chain gets right, at least (measured over 300 reports: 0.90 for the PDF
#: chains and markitdown, 0.60 for the bare text, whose glued runs are often not cut at all)
MIN_RIGHT = {
    "pdf": 0.8,
    "pdftotext-layout": 0.8,
    "pdftotext-raw": 0.8,
    "pandoc-markdown": 0.9,
    "markitdown": 0.8,
    "html-text": 0.5,
}


@pytest.mark.parametrize("chain", list(MIN_RIGHT))
def test_chain_reads_its_tables(chain: str, request: pytest.FixtureRequest) -> None:
    """What the silent cells are failing on is not hiding a breakdown: every table of every
    report is found, and most cells come back right."""
    if chain in converters.PDF_CHAINS:
        result = request.getfixturevalue("pdf_results")[chain]
    else:
        result = request.getfixturevalue("html_results")(chain)
    unread = [
        f"{o.case.label}: {p}" for o in result.outcomes for p in o.score.problems if ": not read, the" in p
    ]
    assert not unread, f"{chain}: {len(unread)} tables not read, e.g. {unread[0]}"
    s = result.total
    assert s.right >= MIN_RIGHT[chain] * s.total, f"{chain}: {s.right} of {s.total} cells right"


def test_numbers_wrapped_in_narrow_pdf_cells_are_named(
    cases: list[Case], pdf_results: dict[str, ChainResult]
) -> None:
    """A number wrapped inside a narrow cell puts its digits on the lines above and below its
    row in pdftotext's text: the row's values are placed by order and must be confirmed by an
    identity beyond the row; where none can be checked, ``parse.unconfirmed`` names them."""
    (outcome,) = [o for o in pdf_results["pdftotext-layout"].outcomes if o.case.seed == WRAPPED]
    report = gongkai.parse(outcome.converted)
    placed = {report.origin(f"table3/total_processed/{c}").placement for c in ("natural_person", "total")}
    assert placed == {"order"}
    unconfirmed = [f for f in report.findings if f.rule == "parse.unconfirmed"]
    assert unconfirmed and "table3/total_processed/natural_person" in unconfirmed[0].cells


def test_numbers_wrapped_in_narrow_pdf_cells_come_back_whole(
    cases: list[Case], pdf_results: dict[str, ChainResult]
) -> None:
    """gongkai's own PDF reader sees the cell's ruling lines around the pieces and joins them:
    the same row reads right, by its place in the row, with nothing left to confirm."""
    (outcome,) = [o for o in pdf_results["pdf"].outcomes if o.case.seed == WRAPPED]
    report = gongkai.parse(outcome.converted)
    truth = outcome.case.truth["table3"]["total_processed"]
    for c in ("natural_person", "total"):
        origin = report.origin(f"table3/total_processed/{c}")
        assert origin.placement != "order"
        assert origin.state == "value"
    assert report.to_dict()["table3"]["total_processed"] == truth
    assert not [f for f in report.findings if f.rule == "parse.unconfirmed"]
