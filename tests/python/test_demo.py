"""The demo province: every file accounted for, the planted mistakes found, outputs written."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from gongkai import demo


def test_demo_province_is_read_checked_and_compared(tmp_path: Path) -> None:
    files = demo.make_province(tmp_path / "reports", seed=7, departments=3, towns=1)
    summary = demo.run(tmp_path / "out", files_root=tmp_path / "reports")
    assert summary["files"] == len(files) == 6 * 4 * 5 + 2
    assert summary["failed"] == 1  # the empty file
    accounting = pd.read_csv(tmp_path / "out" / "tables" / "accounting.csv")
    assert len(accounting) == len(files)  # every file accounted for, once
    assert set(accounting["source"]) == {str(f.path) for f in files}
    findings = pd.read_csv(tmp_path / "out" / "tables" / "findings.csv")
    for f in files:
        mine = findings[findings["source"] == str(f.path)]
        if f.mistake == "a total that does not add up":
            assert {"table3.row_total", "table3.balance"} <= set(mine["rule"]), f.path
        elif f.mistake == "a blank cell":
            assert "cell.missing" in set(mine["rule"]), f.path
        elif f.mistake == "a page cut short before table 4":
            assert "parse.table_missing" in set(mine["rule"]), f.path
        elif f.mistake == "a web page that is no report":
            row = accounting[accounting["source"] == str(f.path)].iloc[0]
            assert row["status"] == "not_a_report" and mine.empty
        elif f.mistake == "":
            assert not (mine["severity"] == "error").any(), (
                f.path,
                mine[mine["severity"] == "error"].to_dict("records"),
            )
    by_county = pd.read_csv(tmp_path / "out" / "tables" / "indicators_by_county.csv", index_col=0)
    assert set(by_county.index) == {c for cs in demo.PROVINCE.values() for c in cs}
    per_report = pd.read_csv(tmp_path / "out" / "tables" / "indicators_by_report.csv", index_col=0)
    assert len(per_report) == summary["reports"] == len(files) - 2
    totals = per_report.groupby("county")["applications_new"].sum()
    assert (by_county["applications_new"] == totals.reindex(by_county.index)).all()  # totals, not means
    yoy = pd.read_csv(tmp_path / "out" / "tables" / "year_over_year.csv", header=[0, 1], index_col=0)
    assert len(yoy) > 0 and set(yoy.index) <= set(per_report.index)
    assert json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))["counties"] == 6
    assert "<table" in (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
