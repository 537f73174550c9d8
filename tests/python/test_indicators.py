"""Indicators over a corpus, checked against a direct computation from the rendered numbers:
single reports, pooled groups, year over year, templates 2019 and 2021 in one panel."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import gongkai
from gongkai import render
from gongkai.corpus import Corpus

DENIED = [
    "denied_state_secret",
    "denied_prohibited_by_law",
    "denied_security_stability",
    "denied_third_party",
    "denied_internal_affairs",
    "denied_process_information",
    "denied_enforcement_file",
    "denied_administrative_query",
]
UNAVAILABLE = ["unavailable_not_held", "unavailable_needs_creation", "unavailable_unclear"]
REJECTED = [
    "rejected_petition",
    "rejected_duplicate",
    "rejected_publication",
    "rejected_excessive",
    "rejected_confirmation",
]
NaN = float("nan")


def direct(d: render.ReportData) -> dict[str, tuple[float, float]]:
    """(numerator, denominator) of every indicator of docs/indicators.md, from the rendered data."""

    def v(x: Any) -> float:
        return NaN if x is None else float(x)

    def t3(row: str, col: int = 6) -> float:
        return v(d.table3[row][col]) if row in d.table3 else NaN

    def t4(block: str, k: int) -> float:
        return v(d.table4[block][k])

    def t2(row: str, value: str) -> float:
        return v(d.table2.get(row, {}).get(value)) if value in d.table2.get(row, {}) else NaN

    processed = t3("total_processed")
    open_ = t3("new") + t3("carried_over")
    other = (
        sum(t3(r) for r in ("other_no_correction", "other_unpaid_fee", "other_misc"))
        if "other_misc" in d.table3
        else t3("other")
    )
    settled = [
        t4(b, 4) - t4(b, 3)
        for b in ("reconsideration", "litigation_direct", "litigation_after_reconsideration")
    ]
    dec = "decisions"
    return {
        "applications_new": (t3("new"), 1),
        "applications_open": (open_, 1),
        "applications_processed": (processed, 1),
        "legal_person_share": (sum(t3("new", c) for c in range(1, 6)), t3("new")),
        "grant_rate": (t3("granted"), processed),
        "disclosure_rate": (t3("granted") + t3("partially_granted"), processed),
        "denial_rate": (sum(t3(r) for r in DENIED), processed),
        "unavailable_rate": (sum(t3(r) for r in UNAVAILABLE), processed),
        "not_held_rate": (t3("unavailable_not_held"), processed),
        "rejection_rate": (sum(t3(r) for r in REJECTED), processed),
        "other_handling_rate": (other, processed),
        "completion_rate": (processed, open_),
        "carry_forward_rate": (t3("carried_forward"), open_),
        "reconsiderations": (t4("reconsideration", 4), 1),
        "lawsuits": (t4("litigation_direct", 4) + t4("litigation_after_reconsideration", 4), 1),
        "dispute_rate": (
            sum(
                t4(b, 4) for b in ("reconsideration", "litigation_direct", "litigation_after_reconsideration")
            ),
            processed,
        ),
        "reconsideration_correction_rate": (t4("reconsideration", 1), settled[0]),
        "litigation_correction_rate": (
            t4("litigation_direct", 1) + t4("litigation_after_reconsideration", 1),
            settled[1] + settled[2],
        ),
        "correction_rate": (
            sum(
                t4(b, 1) for b in ("reconsideration", "litigation_direct", "litigation_after_reconsideration")
            ),
            sum(settled),
        ),
        "regulations_in_force": (t2("regulations", "in_force"), 1),
        "normative_documents_in_force": (t2("normative_documents", "in_force"), 1),
        "licensing_decisions": (t2("licensing", dec), 1),
        "penalty_decisions": (t2("penalty", dec), 1),
        "fee_income": (t2("fees", "amount") if d.template == "2021" else NaN, 1),
    }


def rendered(n: int, seed: int = 0) -> list[tuple[render.ReportData, gongkai.Report]]:
    out = []
    for i in range(n):
        rng = np.random.default_rng(seed + i)
        d = render.random_report(rng, "2019" if i % 3 == 0 else "2021")
        if i % 4 == 0:
            d = render.with_missing(d, rng, 0.1)
        out.append((d, gongkai.parse(render.render_text(d, rng=rng).encode(), name=f"r{i}.txt")))
    return out


def close(a: Any, b: Any) -> bool:
    a, b = (NaN if pd.isna(x) else float(x) for x in (a, b))
    return (math.isnan(a) and math.isnan(b)) or math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)


def test_every_indicator_of_every_report_matches_the_direct_computation() -> None:
    pairs = rendered(300)
    corpus = Corpus.from_reports([r for _, r in pairs], one_form=False)
    d = corpus.indicators(details=True)
    assert len(corpus) == 300
    for i, (data, _) in enumerate(pairs):
        for ind, (num, den) in direct(data).items():
            value = num / den if den and not math.isnan(num) and not math.isnan(den) else NaN
            got = d[(ind, "value")].iloc[i]
            assert close(got, value), (i, ind, got, value, data.template)
            if not math.isnan(value):
                assert close(d[(ind, "numerator")].iloc[i], num) and close(
                    d[(ind, "denominator")].iloc[i], den
                )
                assert d[(ind, "reason")].iloc[i] == ""
            elif den == 0 and not math.isnan(num):
                assert d[(ind, "reason")].iloc[i] == "zero denominator"
    # template 2019 reports lack the 2021 table-2 fields: NaN with that reason
    first_2019 = 0
    assert pairs[first_2019][0].template == "2019"
    assert d[("regulations_in_force", "reason")].iloc[first_2019] == "not in the template"


def test_pooled_groups_are_sums_of_numerators_over_sums_of_denominators() -> None:
    pairs = rendered(240, seed=1000)
    corpus = Corpus.from_reports([r for _, r in pairs], one_form=False)
    corpus.meta["county"] = [f"c{i % 7}" for i in range(len(pairs))]
    pooled = corpus.indicators(by="county", details=True)
    for g in range(7):
        members = [direct(data) for i, (data, _) in enumerate(pairs) if i % 7 == g]
        for ind in (
            "grant_rate",
            "dispute_rate",
            "applications_new",
            "correction_rate",
            "licensing_decisions",
        ):
            valid = [(n, d) for n, d in (m[ind] for m in members) if not math.isnan(n) and not math.isnan(d)]
            num, den = sum(n for n, _ in valid), sum(d for _, d in valid)
            rate = ind.endswith("rate")
            # a rate pooled is Σ numerators / Σ denominators; a count pooled is the group's total
            want = (num / den if den else NaN) if rate else num
            assert close(pooled.loc[f"c{g}", (ind, "value")], want), (g, ind)
            assert pooled.loc[f"c{g}", (ind, "reports")] == len(valid)
            assert pooled.loc[f"c{g}", (ind, "small_base")] == (rate and den < 30)
            if not rate:
                assert close(pooled.loc[f"c{g}", (ind, "mean_per_report")], num / len(valid))


def test_year_over_year_lines_up_2019_and_2021_reports() -> None:
    reports, datas = [], []
    for a in range(20):
        rng = np.random.default_rng(500 + a)
        d = render.random_report(rng, "2019", year=2019, agency=f"测试{a}县人民政府")
        for _ in range(4):  # 2019, 2020 (template 2019), 2021, 2022 (template 2021)
            datas.append(d)
            reports.append(gongkai.parse(render.render_text(d, rng=rng).encode(), name=f"{a}_{d.year}.txt"))
            d = render.next_year(d, rng)
    corpus = Corpus.from_reports(reports)
    y = corpus.yoy()
    assert len(y) == 20 * 3
    assert y.index.name == "report" and set(y.index) <= set(corpus.meta.index)
    for report, row in y.iterrows():
        year, agency = int(corpus.meta.loc[report, "year"]), corpus.meta.loc[report, "agency"]
        assert report == f"{corpus.meta.loc[report, 'key']}/{year}"
        now = next(d for d in datas if d.year == year and d.agency == agency)
        before = next(d for d in datas if d.year == year - 1 and d.agency == now.agency)
        for ind in ("applications_new", "grant_rate", "other_handling_rate"):
            (n1, d1), (n0, d0) = direct(now)[ind], direct(before)[ind]
            x1, x0 = (n1 / d1 if d1 else NaN), (n0 / d0 if d0 else NaN)
            rate = ind.endswith("rate")
            assert close(row[(ind, "change")], (x1 - x0) * (100 if rate else 1)), (report, ind)
            if not rate:
                assert close(row[(ind, "relative")], x1 / x0 - 1 if x0 else NaN)
    # 2019->2020 and the change of template
    assert {2020, 2021, 2022} == set(corpus.meta.loc[y.index, "year"])


def test_user_indicators_are_registered_from_python() -> None:
    pairs = rendered(50, seed=7)
    corpus = Corpus.from_reports([r for _, r in pairs], one_form=False)
    corpus.register(
        "fee_non_payment_rate",
        ["table3/other_unpaid_fee/total"],
        ["table3/total_processed/total"],
        zh="逾期未缴费率",
    )
    corpus.register("pending_reconsiderations", ["table4/reconsideration/pending"])
    v = corpus.indicators()
    for i, (data, _) in enumerate(pairs):
        t3 = data.table3
        if "other_unpaid_fee" in t3 and t3["other_unpaid_fee"][6] is not None and t3["total_processed"][6]:
            assert close(
                v["fee_non_payment_rate"].iloc[i], t3["other_unpaid_fee"][6] / t3["total_processed"][6]
            )
    with pytest.raises(ValueError, match="exists already"):
        corpus.register("grant_rate", ["table3/granted/total"])
    with pytest.raises(ValueError, match="unknown cell 'table3/no_such_row/total'"):
        corpus.register("bad", ["table3/no_such_row/total"])


def test_compare_ranks_counties_and_flags_outliers() -> None:
    pairs = rendered(210, seed=3000)
    corpus = Corpus.from_reports([r for _, r in pairs], one_form=False)
    corpus.meta["county"] = [f"c{i % 10}" for i in range(len(pairs))]
    cmp = corpus.compare(by="county", indicators=["grant_rate", "applications_new"])
    assert list(cmp.index) == [f"c{i}" for i in range(10)]
    x = cmp[("grant_rate", "value")]
    assert (cmp[("grant_rate", "rank")] == x.rank(ascending=False, method="min")).all()
    z = cmp[("grant_rate", "robust_z")]
    mad = (x - x.median()).abs().median() * 1.4826
    assert np.allclose(z, (x - x.median()) / mad)


def test_cli_indicators_one_row_per_report_naming_its_source(tmp_path: Path) -> None:
    for i in range(4):
        rng = np.random.default_rng(40 + i)
        (tmp_path / f"r{i}.txt").write_text(
            render.render_text(render.random_report(rng), rng=rng), encoding="utf-8"
        )
    out = subprocess.run(
        [sys.executable, "-m", "gongkai.cli", "indicators", str(tmp_path), "--csv"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    table = pd.read_csv(pd.io.common.StringIO(out.stdout), index_col=0)
    assert table.index.name == "report"
    assert sorted(Path(s).name for s in table["source"]) == [f"r{i}.txt" for i in range(4)]
    assert "grant_rate" in table.columns and "fee_income" in table.columns


def test_ranks_within_groups_and_distributions() -> None:
    pairs = rendered(120, seed=4000)
    corpus = Corpus.from_reports([r for _, r in pairs], one_form=False)
    corpus.meta["county"] = [f"c{i % 4}" for i in range(len(pairs))]
    ranks = corpus.rank(within="county", indicators=["grant_rate"])
    values = corpus.indicators()["grant_rate"].to_numpy()
    for g in range(4):
        members = [i for i in range(len(pairs)) if i % 4 == g]
        vals = pd.Series(values[members])
        want = vals.rank(ascending=False, method="min").to_numpy()
        got = ranks[("grant_rate", "rank")].to_numpy()[members]
        assert np.array_equal(np.nan_to_num(got, nan=-1), np.nan_to_num(want, nan=-1))
    dist = corpus.distribution("grant_rate", by="county")
    assert list(dist.index) == ["c0", "c1", "c2", "c3"]
    c0 = pd.Series(values[[i for i in range(len(pairs)) if i % 4 == 0]]).dropna()
    assert dist.loc["c0", "count"] == len(c0)
    assert math.isclose(dist.loc["c0", "50%"], c0.median())
