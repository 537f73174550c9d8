"""The gongkai command line, as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np

from gongkai import render


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gongkai.cli", *args], check=False, capture_output=True, text=True, timeout=120
    )


def write_reports(folder: Path, n: int) -> list[render.ReportData]:
    datas = []
    for i in range(n):
        rng = np.random.default_rng(100 + i)
        d = render.random_report(rng)
        datas.append(d)
        if i % 2:
            (folder / f"r{i}.html").write_text(
                render.render_html(d, rng=rng, page_chrome=True), encoding="utf-8"
            )
        else:
            (folder / f"r{i}.txt").write_text(render.render_text(d, rng=rng), encoding="utf-8")
    return datas


def test_parse_json_prints_the_json_form(tmp_path: Path) -> None:
    datas = write_reports(tmp_path, 1)
    out = run("parse", str(tmp_path / "r0.txt"), "--json")
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert doc["schema"] == "gongkai.report/1"
    assert doc["source"] == str(tmp_path / "r0.txt")
    assert doc["table3"] == render.expected_dict(datas[0])["table3"]


def test_parse_a_folder_accounts_for_every_file(tmp_path: Path) -> None:
    write_reports(tmp_path, 4)
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.html").write_bytes(b"\x00\x01\x02")
    out = run("parse", str(tmp_path), "--json")
    assert out.returncode == 2
    docs = json.loads(out.stdout)
    assert len(docs) == 6
    failed = {Path(d["source"]).name: d["error"]["type"] for d in docs if "error" in d}
    assert failed == {"empty.txt": "ParseError", "binary.html": "EncodingError"}
    assert "2 of 6 inputs could not be read" in out.stderr


def test_parse_prints_tables_for_a_person(tmp_path: Path) -> None:
    datas = write_reports(tmp_path, 2)
    out = run("parse", str(tmp_path / "r1.html"))
    assert out.returncode == 0, out.stderr
    assert datas[1].agency in out.stdout
    assert "表三" in out.stdout and "carried_forward" in out.stdout


def test_demo_runs_the_whole_workflow_and_says_where_its_outputs_are(tmp_path: Path) -> None:
    out = run("demo", "--out", str(tmp_path / "demo"))
    assert out.returncode == 0, out.stderr
    assert str((tmp_path / "demo").resolve()) in out.stdout
    for name in (
        "index.html",
        "summary.json",
        "tables/findings.csv",
        "tables/indicators_by_county.csv",
        "tables/year_over_year.csv",
        "tables/accounting.csv",
    ):
        assert (tmp_path / "demo" / name).exists(), name


def test_missing_file_is_an_error_not_a_crash(tmp_path: Path) -> None:
    out = run("parse", str(tmp_path / "absent.txt"))
    assert out.returncode == 2
    assert "absent.txt" in out.stdout
