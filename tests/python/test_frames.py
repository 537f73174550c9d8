"""The frames of a Corpus tell the truth: one index across them, pooled counts that are totals,
missing places that are <NA>, groupings that say what they leave out, tidy forms, nullable
integer counts, Chinese labels, forms of one report against files that conflict."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pytest

import gongkai
from gongkai import render
from gongkai.corpus import GroupingWarning
from gongkai.template import TABLE3_ROW_LABELS

COUNTIES = ["沭阳县", "泗阳县", "洪泽区"]


def _folder(root: Path) -> Path:
    """Three real counties x three agencies x three years, and two reports whose agency names
    no place: a corpus where most reports have a county and some do not."""
    rng = np.random.default_rng(3)
    root.mkdir(exist_ok=True)
    for county in COUNTIES:
        for dept in ("公安局", "教育局", "人民政府"):
            data = render.random_report(rng, "2021", year=2021, agency=county + dept)
            for _ in range(3):
                (root / f"{data.agency}_{data.year}.txt").write_text(
                    render.render_text(data, rng=rng), encoding="utf-8"
                )
                data = render.next_year(data, rng)
    for name in ("某某管理站", "某某服务中心"):
        data = render.random_report(rng, "2021", year=2023, agency=name)
        (root / f"{name}.html").write_text(render.render_html(data, rng=rng), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> gongkai.Corpus:
    return gongkai.read(_folder(tmp_path_factory.mktemp("frames")), progress=False)


def test_every_frame_of_reports_shares_one_index(corpus: gongkai.Corpus) -> None:
    assert len(corpus) == 29
    index = corpus.meta.index
    assert index.name == "report" and index.is_unique
    assert index[0] == f"{corpus.meta['key'].iloc[0]}/{corpus.meta['year'].iloc[0]}"
    assert "/公安局/2022" in " ".join(index)  # reads as agency and year, not as a temporary path
    assert corpus.indicators().index.equals(index)
    with pytest.warns(GroupingWarning, match="2 of 29 reports have no county"):
        assert corpus.rank().index.equals(index)
    assert corpus.frame().index.equals(index)
    assert set(corpus.yoy().index) <= set(index)
    # the join that gave two rows a report gives one
    joined = corpus.meta.join(corpus.indicators())
    assert len(joined) == len(corpus) == len(corpus.frame())
    assert list(corpus.frame().columns) == [*corpus.meta.columns, *corpus.indicator_ids]


def test_missing_places_are_na_not_empty(corpus: gongkai.Corpus) -> None:
    meta = corpus.meta
    assert not (meta[["province", "prefecture", "county", "level", "type"]] == "").any().any()
    nowhere = meta[meta["agency"].isin(["某某管理站", "某某服务中心"])]
    assert len(nowhere) == 2 and nowhere["county"].isna().all() and nowhere["province"].isna().all()
    assert str(meta["county"].dtype) == "string" and str(meta["year"].dtype) == "Int64"


def test_pooled_counts_are_totals(corpus: gongkai.Corpus) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", GroupingWarning)
        pooled = corpus.indicators(by="county", details=True)
    per_report = corpus.indicators()
    for county in COUNTIES:
        members = per_report[corpus.meta["county"].eq(county).fillna(False).to_numpy(bool)]
        for count in ("applications_new", "reconsiderations", "lawsuits"):
            assert pooled.loc[county, (count, "value")] == members[count].sum()
            n = pooled.loc[county, (count, "reports")]
            assert pooled.loc[county, (count, "mean_per_report")] == pytest.approx(members[count].sum() / n)
            assert not pooled.loc[county, (count, "small_base")]  # a count has no base
        rate = pooled.loc[county, ("grant_rate", "value")]
        details = corpus.indicators(details=True)[
            corpus.meta["county"].eq(county).fillna(False).to_numpy(bool)
        ]
        num = details[("grant_rate", "numerator")].sum()
        den = details[("grant_rate", "denominator")].sum()
        assert rate == pytest.approx(num / den)
    assert str(pooled[("applications_new", "value")].dtype) == "Int64"
    assert str(pooled[("grant_rate", "value")].dtype) == "float64"


def test_a_grouping_says_what_it_leaves_out(corpus: gongkai.Corpus) -> None:
    with pytest.warns(GroupingWarning, match=r"2 of 29 reports have no county and are left out"):
        pooled = corpus.indicators(by="county")
    assert pooled.attrs["left_out"] == 2 and list(pooled.index) == sorted(COUNTIES)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        kept = corpus.indicators(by="county", dropna=False)
    assert len(kept) == 4 and kept.index.isna().sum() == 1
    assert (
        kept.loc[kept.index.isna(), "applications_new"].iloc[0]
        == corpus.indicators().loc[corpus.meta["county"].isna().to_numpy(), "applications_new"].sum()
    )
    with pytest.warns(GroupingWarning):
        compared = corpus.compare(by="county")
    assert compared.attrs["left_out"] == 2
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        by_year = corpus.indicators(by="year")  # every report has a year: nothing to say
    assert list(by_year.index) == [2021, 2022, 2023]


def test_unknown_names_list_the_choices(corpus: gongkai.Corpus) -> None:
    with pytest.raises(KeyError, match=r"unknown column of meta 'countyy'; did you mean 'county'\?"):
        corpus.indicators(by="countyy")
    with pytest.raises(ValueError, match=r"unknown indicator 'grant_rat'; did you mean 'grant_rate'\?"):
        corpus.compare(indicators=["grant_rat"])
    with pytest.raises(KeyError, match="unknown column of meta 'provnce'"):
        corpus.rank(within="provnce")
    with pytest.raises(KeyError, match="unknown indicator 'nope'"):
        corpus.distribution("nope")
    with pytest.raises(ValueError, match="unknown labels 'fr'"):
        corpus.indicators(labels="fr")


def test_tidy_forms_have_a_row_per_report_or_group_and_indicator(corpus: gongkai.Corpus) -> None:
    wide = corpus.indicators(details=True)
    tidy = corpus.indicators(tidy=True)
    k = len(corpus.indicator_ids)
    assert len(tidy) == len(corpus) * k
    assert list(tidy.columns) == [
        "report", "indicator", "unit", "value", "numerator", "denominator", "reports", "small_base", "reason"
    ]  # fmt: skip
    row = tidy[(tidy["report"] == corpus.meta.index[0]) & (tidy["indicator"] == "grant_rate")].iloc[0]
    assert row["value"] == pytest.approx(wide[("grant_rate", "value")].iloc[0])
    assert row["numerator"] == wide[("grant_rate", "numerator")].iloc[0] and row["unit"] == "%"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", GroupingWarning)
        pooled = corpus.indicators(by=["county", "year"], tidy=True)
        compared = corpus.compare(by="county", indicators=["grant_rate"], tidy=True)
    assert list(pooled.columns[:3]) == ["county", "year", "indicator"]
    assert str(pooled["year"].dtype) == "Int64" and "2022.0" not in pooled.to_csv()
    assert len(compared) == 3 and list(compared.columns[:2]) == ["county", "indicator"]
    yoy = corpus.yoy(tidy=True)
    assert {"report", "indicator", "value", "previous", "change", "relative", "small_base"} <= set(
        yoy.columns
    )
    assert len(yoy) == len(corpus.yoy()) * k


def test_counts_are_nullable_integers_and_years_never_decimals(corpus: gongkai.Corpus) -> None:
    values = corpus.indicators()
    for count in ("applications_new", "applications_processed", "reconsiderations", "licensing_decisions"):
        assert str(values[count].dtype) == "Int64", count
    assert str(values["fee_income"].dtype) == "float64"  # 万元, an amount
    assert str(values["grant_rate"].dtype) == "float64"
    assert ".0," not in corpus.frame()[["year", "applications_new"]].to_csv()


def test_chinese_labels_on_the_corpus_frames(corpus: gongkai.Corpus) -> None:
    zh = corpus.indicators(labels="zh")
    assert zh.index.name == "报告" and "予以公开率" in zh.columns and "本年新收申请" in zh.columns
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", GroupingWarning)
        pooled = corpus.indicators(by="county", details=True, labels="zh")
    assert pooled.index.name == "县级" and ("予以公开率", "值") in pooled.columns
    frame = corpus.frame(labels="zh")
    assert {"机关", "年度", "县级", "予以公开率"} <= set(frame.columns)
    tidy = corpus.indicators(tidy=True, labels="zh")
    assert "予以公开率" in set(tidy["指标"]) and "分子" in tidy.columns
    assert TABLE3_ROW_LABELS["denied_prohibited_by_law"] == "（三）不予公开 / 2.其他法律行政法规禁止公开"


def test_year_over_year_carries_small_base(corpus: gongkai.Corpus) -> None:
    y = corpus.yoy()
    assert len(y) == 9 * 2  # nine agencies, three consecutive years each
    for report, row in y.iterrows():
        later = corpus.indicators(details=True).loc[report]
        key, year = corpus.meta.loc[report, "key"], int(corpus.meta.loc[report, "year"])
        before = corpus.indicators(details=True).loc[f"{key}/{year - 1}"]
        small = later[("grant_rate", "denominator")] < 30 or before[("grant_rate", "denominator")] < 30
        assert row[("grant_rate", "small_base")] == small
        assert not row[("applications_new", "small_base")]
        assert row[("applications_new", "change")] == (
            later[("applications_new", "value")] - before[("applications_new", "value")]
        )


def test_a_corpus_shows_itself(corpus: gongkai.Corpus) -> None:
    text = repr(corpus)
    assert text.startswith("<gongkai.Corpus 29 reports, 11 agencies, 3 counties, years 2021-2023; 0 failed")
    card = corpus._repr_html_()
    for part in ("29", "11", "洪泽区", "2021 (9)", "2023 (11)", "duplicate forms", "in conflict", "findings"):
        assert part in card, part
    assert "parsed 29" in card


def test_findings_are_kept_through_read(corpus: gongkai.Corpus, tmp_path: Path) -> None:
    f = corpus.findings
    assert list(f.columns) == list(gongkai.findings.FINDING_COLUMNS)
    assert set(f["report"].dropna()) <= set(corpus.meta.index)
    data = render.random_report(np.random.default_rng(1), "2021", year=2024, agency="沭阳县审计局")
    data.printed = {"table3/carried_forward/total": "999"}
    (tmp_path / "broken.txt").write_text(render.render_text(data), encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    c = gongkai.read(tmp_path, progress=False)
    balance = c.findings[c.findings["rule"] == "table3.balance"]
    assert len(balance) == 1 and balance["report"].iloc[0] == c.meta.index[0]
    assert balance["actual"].iloc[0] != balance["expected"].iloc[0] and balance["line"].iloc[0] > 0
    assert (
        c.accounting.set_index("source").loc[str(tmp_path / "broken.txt"), "status"] == "parsed_with_findings"
    )
    unreadable = c.findings[c.findings["rule"] == "input.unreadable"]
    assert list(unreadable["source"]) == [str(tmp_path / "empty.txt")]


def _colliding(root: Path, n: int, names: int, seed: int) -> list[render.ReportData]:
    """n rendered reports of one year whose agencies are drawn from ``names`` names that place
    nowhere: collisions of unrelated agencies, and a third of them also published as HTML."""
    rng = np.random.default_rng(seed)
    datas = []
    for i in range(n):
        data = render.random_report(rng, "2021", year=2023, agency=f"第{int(rng.integers(names))}管理站")
        datas.append(data)
        (root / f"r{i:04d}.txt").write_text(render.render_text(data, rng=rng), encoding="utf-8")
        if i % 3 == 0:
            (root / f"r{i:04d}.html").write_text(render.render_html(data, rng=rng), encoding="utf-8")
    return datas


def test_files_that_claim_one_agency_and_year_with_other_numbers_are_both_kept(tmp_path: Path) -> None:
    datas = _colliding(tmp_path, 60, 12, seed=9)
    corpus = gongkai.read(tmp_path, progress=False, workers=2)
    status = corpus.accounting["status"].value_counts().to_dict()
    # every rendered report is kept once; only its HTML form is a duplicate form
    assert len(corpus) == 60 and status == {"parsed": 60, "duplicate_form": 20}
    conflicts = corpus.findings[corpus.findings["rule"] == "corpus.conflict"]
    assert len(conflicts) > 0 and (conflicts["severity"] == "warning").all()
    first = conflicts.iloc[0]
    assert "other files claim the same agency and year with different numbers" in first["message"]
    assert conflicts["source"].is_unique  # one finding a file in conflict, naming the others
    assert all(c.startswith(("table2/", "table3/", "table4/")) for c in first["cells"].split(";"))
    # ids stay unique: the second file of an agency and year is .../2023#2
    assert corpus.meta.index.is_unique and any(i.endswith("/2023#2") for i in corpus.meta.index)
    # the same through Corpus.from_reports, and check_all names the conflicts
    reports = [gongkai.parse(p) for p in sorted(tmp_path.iterdir())]
    again = gongkai.Corpus.from_reports(reports)
    assert list(again.meta["source"]) == list(corpus.meta["source"])
    assert corpus.meta.index.equals(again.meta.index)
    from gongkai.check import check_all

    kept = set(corpus.meta["source"])
    named = [
        (r.source, f.cells)
        for r, fs in zip(reports, check_all(reports))
        for f in fs
        if f.rule == "corpus.conflict" and r.source in kept
    ]
    assert sorted(named) == sorted(zip(conflicts["source"], conflicts["cells"].str.split(";")))
    # the numbers of every kept file are its own rendered report's
    for data, (_, row) in zip(datas, corpus.frame().sort_values("source").iterrows()):
        assert row["applications_new"] == data.table3["new"][6]


def test_conflicting_agency_years_are_not_compared_across_years(tmp_path: Path) -> None:
    rng = np.random.default_rng(2)
    a = render.random_report(rng, "2021", year=2022, agency="沭阳县公安局")
    b = render.next_year(a, rng)
    c = render.random_report(rng, "2021", year=2023, agency="沭阳县公安局")  # another file for 2023
    for i, d in enumerate((a, b, c)):
        (tmp_path / f"{i}.txt").write_text(render.render_text(d, rng=rng), encoding="utf-8")
    corpus = gongkai.read(tmp_path, progress=False)
    assert len(corpus) == 3 and len(corpus.yoy()) == 0
    assert (corpus.findings["rule"] == "corpus.conflict").sum() == 2


def test_part_of_a_corpus_is_a_corpus(corpus: gongkai.Corpus) -> None:
    county = corpus.meta["county"] == "洪泽区"
    part = corpus[county]
    assert len(part) == 9 and (part.meta["county"] == "洪泽区").all()
    assert part.meta.index.equals(corpus.meta.index[county.fillna(False).to_numpy(bool)])
    assert part.indicators().equals(corpus.indicators().loc[part.meta.index])
    with pytest.warns(GroupingWarning):
        whole = corpus.indicators(by="county")
    assert part.indicators(by="county").loc["洪泽区"].equals(whole.loc["洪泽区"])
    by_id = corpus.select(list(part.meta.index[:2]))
    assert list(by_id.meta.index) == list(part.meta.index[:2])
    assert set(part.findings["report"]) <= set(part.meta.index)
    with pytest.raises(KeyError, match="unknown report"):
        corpus.select(["no/such/2024"])
    with pytest.raises(ValueError, match="a mask over the reports has 29 values, not 3"):
        corpus.select([True, False, True])


def test_series_rules_run_through_read_as_through_check_all(tmp_path: Path) -> None:
    rng = np.random.default_rng(12)
    first = render.random_report(rng, "2021", year=2022, agency="沭阳县审计局")
    second = render.next_year(first, rng)
    forward = int(first.table3["carried_forward"][0] or 0)
    second.printed = {"table3/carried_over/natural_person": str(forward + 2)}
    for d in (first, second):
        (tmp_path / f"{d.year}.txt").write_text(render.render_text(d, rng=rng), encoding="utf-8")
    corpus = gongkai.read(tmp_path, progress=False)
    carry = corpus.findings[corpus.findings["rule"] == "series.carry_over"]
    assert list(carry["report"]) == [corpus.meta.index[1]]  # the later year
    assert list(carry["cells"]) == ["table3/carried_over/natural_person"]
    assert (carry["expected"].iloc[0], carry["actual"].iloc[0]) == (forward, forward + 2)
    again = gongkai.Corpus.from_reports([gongkai.parse(p) for p in sorted(tmp_path.iterdir())])
    same = again.findings[again.findings["rule"].str.startswith("series.")]
    assert list(same["message"]) == list(
        corpus.findings[corpus.findings["rule"].str.startswith("series.")]["message"]
    )
