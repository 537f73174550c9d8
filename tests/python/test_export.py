"""Export of reports, findings and indicators to CSV, Parquet, Excel and JSON: round trips
against the corpus, the CLI commands compare and export, and the missing optional dependency."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import gongkai
from gongkai import export as ex
from gongkai import render
from gongkai.corpus import Corpus


def _reports() -> list[gongkai.Report]:
    """Three agencies over three years, templates 2019 to 2021; one report with a broken total
    (so that there are findings), one with blank cells."""
    rng = np.random.default_rng(11)
    out = []
    for a in range(3):
        d = render.random_report(rng, "2019", year=2019, agency=f"测试{a}县人民政府")
        for y in range(3):
            if a == 0 and y == 1:
                d.table3["granted"][6] = int(d.table3["granted"][6] or 0) + 7  # breaks identities
            if a == 1 and y == 2:
                d = render.with_missing(d, rng, 0.2)
            out.append(gongkai.parse(render.render_text(d, rng=rng).encode(), name=f"a{a}_{d.year}.txt"))
            d = render.next_year(d, rng)
    return out


@pytest.fixture(scope="module")
def reports() -> list[gongkai.Report]:
    return _reports()


def _findings(reports: list[gongkai.Report]) -> list[tuple[str, str, str]]:
    from gongkai.check import check_all

    return sorted(
        (r.source, f.rule, ";".join(f.cells))
        for r, found in zip(reports, check_all(reports))
        for f in [*r.findings, *found]
    )


def _check_tables(reports: list[gongkai.Report], tables: dict[str, pd.DataFrame]) -> None:
    corpus = Corpus.from_reports(reports, one_form=False)
    rep = tables["reports"]
    assert list(rep["source"]) == [r.source for r in reports]
    assert list(rep["year"]) == [r.year for r in reports]
    # Every cell of the report's JSON form is its column; missing cells are empty.
    for i, r in enumerate(reports):
        d = r.to_dict()
        for row, values in d["table3"].items():
            for col, v in zip(gongkai.template.TABLE3_COLUMNS, values):
                got = rep.loc[i, f"table3/{row}/{col.id}"]
                assert pd.isna(got) if v is None else got == v, (r.source, row, col.id)
        for block, values in d["table4"].items():
            for val, v in zip(gongkai.template.TABLE4_VALUES, values):
                got = rep.loc[i, f"table4/{block}/{val.id}"]
                assert pd.isna(got) if v is None else got == v, (r.source, block, val.id)
        for row, cells in d["table2"].items():
            for name, v in cells.items():
                got = rep.loc[i, f"table2/{row}/{name}"]
                assert pd.isna(got) if v is None else got == v, (r.source, row, name)
    assert rep.filter(like="table3/").isna().to_numpy().any()  # the blank cells stayed blank
    assert list(rep["report"]) == list(corpus.meta.index)
    ind = tables["indicators"].set_index("report")
    expected = corpus.indicators()
    assert list(ind.index) == list(expected.index)
    assert np.allclose(
        ind[expected.columns].to_numpy(float), expected.to_numpy(float, na_value=np.nan), equal_nan=True
    )
    fnd = tables["findings"]
    got = sorted(zip(fnd["source"], fnd["rule"], fnd["cells"].fillna("")))
    assert got == _findings(reports)
    assert len(got) > 0 and fnd["severity"].isin(["error", "warning", "info"]).all()


def test_csv_folder_round_trip(reports: list[gongkai.Report], tmp_path: Path) -> None:
    written = ex.export(reports, tmp_path / "out")
    assert [p.name for p in written] == ["reports.csv", "findings.csv", "indicators.csv"]
    tables = {name: pd.read_csv(tmp_path / "out" / f"{name}.csv") for name in ex.TABLES}
    _check_tables(reports, tables)


def test_parquet_round_trip(reports: list[gongkai.Report], tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    ex.export(reports, tmp_path / "out.parquet")
    tables = {name: pd.read_parquet(tmp_path / "out.parquet" / f"{name}.parquet") for name in ex.TABLES}
    _check_tables(reports, tables)


def test_excel_round_trip(reports: list[gongkai.Report], tmp_path: Path) -> None:
    pytest.importorskip("openpyxl")
    ex.export(reports, tmp_path / "out.xlsx")
    tables = pd.read_excel(tmp_path / "out.xlsx", sheet_name=None)
    assert list(tables) == list(ex.TABLES)
    _check_tables(reports, tables)


def test_json_holds_the_report_objects_with_every_finding(
    reports: list[gongkai.Report], tmp_path: Path
) -> None:
    from gongkai.check import check_all

    ex.export(reports, tmp_path / "out.json", failures=[("gone.txt", "OSError: no such file")])
    docs = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert len(docs) == len(reports) + 1
    for r, found, doc in zip(reports, check_all(reports), docs):
        assert doc == json.loads(json.dumps(r.to_dict(extra_findings=found), ensure_ascii=False))
    assert docs[-1]["error"] == {"type": "OSError", "message": "no such file"}
    got = sorted((d["source"], f["rule"], ";".join(f["cells"])) for d in docs[:-1] for f in d["findings"])
    assert got == _findings(reports)


def test_a_corpus_exports_numbers_findings_and_its_unreadable_inputs(
    reports: list[gongkai.Report], tmp_path: Path
) -> None:
    folder = _folder(tmp_path, reports)
    (folder / "bad.txt").write_bytes(b"\x00" * 50)
    broken = render.random_report(np.random.default_rng(8), "2021", year=2022, agency="测试9县人民政府")
    broken.printed = {"table3/granted/total": str(int(broken.table3["granted"][6] or 0) + 7)}
    (folder / "broken.txt").write_text(render.render_text(broken), encoding="utf-8")
    corpus = gongkai.read(folder, progress=False)
    ex.export(corpus, tmp_path / "c", format="csv")
    rep = pd.read_csv(tmp_path / "c" / "reports.csv")
    assert len(rep) == 7 and list(rep["report"]) == list(corpus.meta.index)
    counts = rep[[c for c in rep.columns if c.startswith(("table3/", "table4/"))]]
    assert all(str(t) == "int64" or str(t) == "float64" for t in counts.dtypes)
    fnd = pd.read_csv(tmp_path / "c" / "findings.csv")
    assert len(fnd) == len(corpus.findings) > 1
    bad = fnd[fnd["rule"] == ex.UNREADABLE_RULE]
    assert list(bad["source"]) == [str(folder / "bad.txt")] and list(bad["severity"]) == ["error"]
    assert set(fnd["report"].dropna()) <= set(corpus.meta.index)
    assert "table3.results" in set(fnd[fnd["source"] == str(folder / "broken.txt")]["rule"])
    with pytest.raises(ValueError, match="JSON"):
        ex.export(corpus, tmp_path / "c.json")


def test_counts_are_integers_in_the_tables(reports: list[gongkai.Report]) -> None:
    corpus = Corpus.from_reports(reports, one_form=False)
    table = ex.reports_table(corpus)
    assert str(table["year"].dtype) == "Int64"
    assert str(table["table3/new/total"].dtype) == "Int64"
    assert str(table["table4/reconsideration/total"].dtype) == "Int64"
    assert str(table["table2/fees/amount"].dtype) == "float64"  # 万元, a decimal
    blank = table.filter(like="table3/").isna().to_numpy().sum()
    assert blank > 0  # blank cells are <NA>, not 0
    assert "2023.0" not in table.to_csv(index=False)


def test_format_from_option_or_suffix(reports: list[gongkai.Report], tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="format"):
        ex.export(reports, tmp_path / "out.txt")
    with pytest.raises(ValueError, match="unknown export format"):
        ex.export(reports, tmp_path / "out", format="feather")
    written = ex.export(reports[:1], tmp_path / "any.csv", format="json")
    assert json.loads(written[0].read_text(encoding="utf-8"))[0]["source"] == reports[0].source


@pytest.mark.parametrize(("suffix", "module"), [(".parquet", "pyarrow"), (".xlsx", "openpyxl")])
def test_missing_optional_dependency_names_the_extra(
    reports: list[gongkai.Report], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str, module: str
) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # import fails
    with pytest.raises(ModuleNotFoundError, match=r"gongkai\[export\]") as e:
        ex.export(reports, tmp_path / f"out{suffix}")
    assert module in str(e.value)
    assert not (tmp_path / f"out{suffix}").exists()


# ---- CLI


def _folder(tmp_path: Path, reports: list[gongkai.Report]) -> Path:
    rng = np.random.default_rng(5)
    folder = tmp_path / "reports"
    folder.mkdir()
    for c in range(3):
        for a in range(2):
            d = render.random_report(rng, "2021", year=2022, agency=f"测试{c}{a}县人民政府")
            (folder / f"c{c}_a{a}.txt").write_text(render.render_text(d, rng=rng), encoding="utf-8")
    return folder


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gongkai.cli", *args], capture_output=True, text=True, timeout=300, check=False
    )


def test_cli_compare_prints_groups_side_by_side(reports: list[gongkai.Report], tmp_path: Path) -> None:
    folder = _folder(tmp_path, reports)
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(
        "file,county\n" + "".join(f"c{c}_a{a}.txt,county{c}\n" for c in range(3) for a in range(2)),
        encoding="utf-8",
    )
    out = _run("compare", str(folder), "--by", "county", "--indicators", "grant_rate,applications_new",
               "--csv", "--manifest", str(manifest))  # fmt: skip
    assert out.returncode == 0, out.stderr
    first = out.stdout.splitlines()[0]
    assert first == "county,indicator,unit,value,rank,percentile,robust_z,outlier,reports,small_base"
    table = pd.read_csv(pd.io.common.StringIO(out.stdout))
    corpus = Corpus.read(folder, manifest=gongkai.places.read_manifest(manifest))
    expected = corpus.compare(by="county", indicators=["grant_rate", "applications_new"], tidy=True)
    assert list(table["county"]) == list(expected["county"])
    assert sorted(set(table["indicator"])) == ["applications_new", "grant_rate"]
    assert np.allclose(table["value"].to_numpy(float), expected["value"].to_numpy(float), equal_nan=True)
    text = _run("compare", str(folder), "--by", "county", "--indicators", "grant_rate",
                "--manifest", str(manifest))  # fmt: skip
    assert text.returncode == 0 and "county0" in text.stdout and "rank" in text.stdout
    (folder / "broken.txt").write_bytes(b"\x00" * 50)
    assert _run("compare", str(folder), "--by", "county", "--manifest", str(manifest)).returncode == 2


def test_cli_export_writes_every_format(reports: list[gongkai.Report], tmp_path: Path) -> None:
    folder = _folder(tmp_path, reports)
    out = _run("export", str(folder), "--to", str(tmp_path / "out.xlsx"))
    assert out.returncode == 0, out.stderr
    sheets = pd.read_excel(tmp_path / "out.xlsx", sheet_name=None)
    assert len(sheets["reports"]) == 6 and len(sheets["indicators"]) == 6
    out = _run("export", str(folder), "--to", str(tmp_path / "csv"), "--format", "csv")
    assert out.returncode == 0, out.stderr
    assert sorted(p.name for p in (tmp_path / "csv").iterdir()) == [
        "findings.csv",
        "indicators.csv",
        "reports.csv",
    ]
    (folder / "broken.txt").write_bytes(b"\x00" * 50)
    out = _run("export", str(folder), "--to", str(tmp_path / "all.json"))
    assert out.returncode == 2
    docs = json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))
    assert len(docs) == 7 and sum("error" in d for d in docs) == 1
    assert "could not be read" in out.stderr
