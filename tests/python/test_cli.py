"""The gongkai command line, as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import gongkai
import gongkai.report
from gongkai import render


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    out = subprocess.run(
        [sys.executable, "-m", "gongkai.cli", *args],
        check=False,
        capture_output=True,
        input=stdin if stdin is not None else b"",
        timeout=120,
    )
    assert b"Traceback" not in out.stderr, out.stderr.decode("utf-8", "replace")
    return subprocess.CompletedProcess(
        out.args, out.returncode, out.stdout.decode("utf-8"), out.stderr.decode("utf-8")
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
    assert out.stderr.splitlines() == [
        f"gongkai parse: could not be read: {tmp_path / 'binary.html'}: EncodingError: "
        + docs[0]["error"]["message"].split(": ", 1)[1],
        f"gongkai parse: could not be read: {tmp_path / 'empty.txt'}: ParseError: the input is empty",
        "gongkai parse: 6 input(s): 4 read, 2 could not be read",
    ]


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
    assert out.stdout == ""
    assert out.stderr == f"gongkai parse: no input files: {tmp_path / 'absent.txt'}: no such file\n"


# ---- mistakes get answers, never silence

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the signature of binary .doc and .wps files
NOTICE = (
    "<html><head><title>关于开展政务公开培训的通知</title></head>"
    "<body><p>各单位：定于下周开展培训。</p></body></html>"
)
CONVERT = "convert it first (libreoffice --headless --convert-to docx)"
NOT_A_REPORT = gongkai.report.NOT_A_REPORT_REASON


@pytest.fixture(scope="module")
def messy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder as users have them: rendered reports (text, HTML with a total that does not add
    up, .docx) beside an empty file, a binary .doc and .wps, an image, a spreadsheet and a web
    page that is no report."""
    d = tmp_path_factory.mktemp("messy")
    rng = np.random.default_rng(21)
    for i in range(3):
        data = render.random_report(rng, "2021")
        (d / f"r{i}.txt").write_text(render.render_text(data, rng=rng), encoding="utf-8")
    data = render.random_report(rng, "2021")
    total = data.table3["carried_forward"][6] or 0
    data.printed = {"table3/carried_forward/total": str(int(total) + 1)}
    (d / "bad.html").write_text(render.render_html(data, rng=rng), encoding="utf-8")
    (d / "sub").mkdir()
    (d / "sub" / "r3.docx").write_bytes(render.render_docx(render.random_report(rng, "2019"), rng=rng))
    (d / "empty.txt").write_bytes(b"")
    (d / "old.doc").write_bytes(OLE + b"\x00" * 200)
    (d / "old.wps").write_bytes(OLE + b"\x00" * 200)
    (d / "photo.gif").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 20)
    (d / "sheet.xlsx").write_bytes(b"PK\x05\x06" + b"\x00" * 18)
    (d / "notice.html").write_text(NOTICE, encoding="utf-8")
    return d


def _failed_lines(command: str, d: Path) -> list[str]:
    return [
        f"gongkai {command}: could not be read: {d / 'empty.txt'}: ParseError: the input is empty",
        (
            f"gongkai {command}: could not be read: {d / 'old.doc'}: ParseError: this is an old binary Word "
            f".doc file; {CONVERT}"
        ),
        (
            f"gongkai {command}: could not be read: {d / 'old.wps'}: ParseError: this is a WPS Office .wps "
            f"file; {CONVERT}"
        ),
    ]


def _noted_lines(command: str, d: Path) -> list[str]:
    return [
        f"gongkai {command}: not a report: {d / 'notice.html'}: {NOT_A_REPORT}",
        f"gongkai {command}: skipped: {d / 'photo.gif'}: not a report file type (.gif)",
        f"gongkai {command}: skipped: {d / 'sheet.xlsx'}: not a report file type (.xlsx)",
    ]


def test_parse_a_messy_folder_errors_to_stderr_every_file_accounted(messy: Path) -> None:
    out = run("parse", str(messy))
    assert out.returncode == 2
    assert out.stderr.splitlines() == [
        *_failed_lines("parse", messy),
        *_noted_lines("parse", messy),
        ("gongkai parse: 9 input(s): 5 read, 3 could not be read, 1 not a report; 2 skipped"),
    ]
    blocks = [b.split("\n", 1)[0] for b in out.stdout.split("== ")[1:]]
    assert blocks == [
        str(messy / n) for n in ("bad.html", "notice.html", "r0.txt", "r1.txt", "r2.txt", "sub/r3.docx")
    ]
    assert "could not be read" not in out.stdout and "ERROR" not in out.stdout
    # the page that is no report is printed, saying so
    notice = out.stdout.split(f"== {messy / 'notice.html'}\n", 1)[1]
    assert notice.splitlines()[1] == f"NOT A REPORT: {NOT_A_REPORT}"


def test_parse_json_keeps_failures_in_the_list_and_says_which_page_is_no_report(messy: Path) -> None:
    out = run("parse", str(messy), "--json")
    assert out.returncode == 2
    docs = json.loads(out.stdout)
    assert [Path(d["source"]).name for d in docs] == [
        "bad.html", "empty.txt", "notice.html", "old.doc", "old.wps", "r0.txt", "r1.txt", "r2.txt", "r3.docx",
    ]  # fmt: skip
    assert [d["error"]["type"] for d in docs if "error" in d] == ["ParseError"] * 3
    assert [Path(d["source"]).name for d in docs if d.get("is_report") is False] == ["notice.html"]
    assert out.stderr.splitlines()[-1].startswith("gongkai parse: 9 input(s): 5 read, 3 could not be read")


def test_dash_reads_standard_input(messy: Path) -> None:
    text = (messy / "r0.txt").read_bytes()
    out = run("parse", "-", "--json", stdin=text)
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert doc["source"] == "<stdin>"
    assert doc["table3"] == json.loads(run("parse", str(messy / "r0.txt"), "--json").stdout)["table3"]
    docx = run("parse", "-", "--json", stdin=(messy / "sub" / "r3.docx").read_bytes())  # format sniffed
    assert docx.returncode == 0 and json.loads(docx.stdout)["format"] == "docx"
    both = run("check", "-", str(messy / "r1.txt"), "--csv", stdin=text)
    assert both.returncode == 0
    assert (
        both.stderr
        == "gongkai check: 2 input(s): 2 read, 0 could not be read; 0 with errors, 0 with warnings only, 2 clean\n"
    )
    empty = run("parse", "-", stdin=b"")
    assert empty.returncode == 2
    assert "gongkai parse: could not be read: <stdin>: ParseError: the input is empty" in empty.stderr
    ind = run("indicators", "-", "--csv", stdin=text)
    assert ind.returncode == 0, ind.stderr
    header, row = ind.stdout.splitlines()[:2]
    assert header.startswith("report,source,agency,key,year,")
    assert row.split(",")[1] == "<stdin>"


def test_check_a_folder_prints_the_reports_with_findings_and_the_summary(messy: Path) -> None:
    out = run("check", str(messy))
    assert out.returncode == 2  # some inputs could not be read
    heads = [b.split("\n", 1)[0] for b in out.stdout.split("== ")[1:]]
    assert heads == [str(messy / "bad.html"), str(messy / "notice.html"), "summary"]
    assert f"== {messy / 'notice.html'}\nNOT A REPORT: {NOT_A_REPORT}\n" in out.stdout
    summary = out.stdout.split("== summary\n", 1)[1].splitlines()
    assert summary[:2] == [
        (
            "9 input(s): 5 read, 3 could not be read, 1 not a report; 2 skipped; "
            "1 with errors, 0 with warnings only, 4 clean"
        ),
        "  4 clean report(s) not shown (--all shows every report)",
    ]
    assert f"  not a report: {messy / 'notice.html'}: {NOT_A_REPORT}" in summary
    assert f"  skipped: {messy / 'photo.gif'}: not a report file type (.gif)" in summary
    assert (
        f"  could not be read: {messy / 'old.wps'}: ParseError: this is a WPS Office .wps file; {CONVERT}"
        in summary
    )
    assert out.stderr.splitlines() == _failed_lines("check", messy)
    every = run("check", str(messy), "--all")
    heads = [b.split("\n", 1)[0] for b in every.stdout.split("== ")[1:]]
    assert heads == [
        *(str(messy / n) for n in ("bad.html", "notice.html", "r0.txt", "r1.txt", "r2.txt", "sub/r3.docx")),
        "summary",
    ]
    assert "clean report(s) not shown" not in every.stdout


def test_check_json_and_csv_say_the_summary_and_the_skipped_files_on_stderr(messy: Path) -> None:
    for fmt in ("--json", "--csv"):
        out = run("check", str(messy), fmt)
        assert out.returncode == 2
        assert out.stderr.splitlines() == [
            *_failed_lines("check", messy),
            *_noted_lines("check", messy),
            (
                "gongkai check: 9 input(s): 5 read, 3 could not be read, 1 not a report; 2 skipped; "
                "1 with errors, 0 with warnings only, 4 clean"
            ),
        ]
    rows = run("check", str(messy), "--csv").stdout.splitlines()
    assert (
        sum(r.startswith(f"{messy / 'notice.html'},") and ",parse.not_a_report,error," in r for r in rows)
        == 1
    )
    assert not any("photo.gif" in r for r in rows)


def test_check_exit_codes(messy: Path, tmp_path: Path) -> None:
    clean = [str(messy / f"r{i}.txt") for i in range(3)]
    assert run("check", *clean).returncode == 0
    assert run("check", *clean, str(messy / "bad.html")).returncode == 1
    notice = run("check", *clean, str(messy / "notice.html"))
    assert notice.returncode == 1  # a page that is no report is a finding of rule parse.not_a_report
    assert "1 not a report" in notice.stdout
    assert run("check", *clean, str(messy / "old.doc")).returncode == 2


def test_indicators_and_compare_account_for_every_input(messy: Path) -> None:
    for command in ("indicators", "compare"):
        out = run(command, str(messy), str(messy / "absent.txt"), "--csv")
        assert out.returncode == 2
        lines = out.stderr.splitlines()
        assert (
            f"gongkai {command}: could not be read: {messy / 'absent.txt'}: FileNotFoundError: no such file"
            in lines
        )
        for line in _failed_lines(command, messy) + _noted_lines(command, messy):
            assert line in lines
        summary = (
            f"gongkai {command}: 10 input(s): 5 report(s) in the corpus, 4 could not be read, 1 not a report; "
            "2 skipped"
        )
        assert summary in lines
        if command == "compare":  # grouped by county, which no rendered report here names
            assert lines[-1] == (
                "gongkai compare: 5 of 5 reports have no county and are left out "
                "(--keep-missing gives them a group of their own)"
            )
            kept = run(command, str(messy), "--csv", "--keep-missing")
            assert "have no county" not in kept.stderr
            rows = kept.stdout.splitlines()
            assert rows[0].startswith("county,indicator,") and rows[1].startswith(",applications_new,")
    table = run("indicators", str(messy), "--csv").stdout.splitlines()
    assert table[0].startswith("report,source,")
    assert [row.split(",")[1] for row in table[1:]] == [
        str(messy / n) for n in ("bad.html", "r0.txt", "r1.txt", "r2.txt", "sub/r3.docx")
    ]


def test_unknown_names_are_errors_with_the_choices_before_any_file_is_read(tmp_path: Path) -> None:
    absent = str(tmp_path / "absent")  # never read: the option's error comes first
    out = run("indicators", absent, "--by", "countyy")
    assert (out.returncode, out.stdout) == (2, "")
    assert out.stderr == (
        "gongkai indicators: unknown --by column 'countyy'; did you mean 'county'? (choices: source, agency, "
        "key, year, template, province, prefecture, county, level, type)\n"
    )
    out = run("indicators", absent, "--by", "county,yaer")
    assert out.returncode == 2 and "unknown --by column 'yaer'; did you mean 'year'?" in out.stderr
    out = run("compare", absent, "--by", "provence")
    assert out.returncode == 2
    assert out.stderr.startswith("gongkai compare: unknown --by column 'provence'; did you mean 'province'?")
    out = run("compare", absent, "--indicators", "grant_rate,grant_rat")
    assert out.returncode == 2
    assert out.stderr.startswith(
        "gongkai compare: unknown indicator 'grant_rat'; did you mean 'grant_rate'? (choices: "
    )
    assert "not_held_rate" in out.stderr
    out = run("compare", absent, "--by", "county,yaer")
    assert out.returncode == 2 and "unknown --by column 'yaer'; did you mean 'year'?" in out.stderr


@pytest.mark.parametrize("command", ["indicators", "compare", "export"])
def test_a_bad_manifest_is_an_error_not_a_traceback(messy: Path, tmp_path: Path, command: str) -> None:
    no_column = tmp_path / "no_column.csv"
    no_column.write_text("name,county\nr0.txt,x\n", encoding="utf-8")
    bad_encoding = tmp_path / "latin.csv"
    bad_encoding.write_bytes(b"file,county\nr0.txt,\xff\xfe\xfa\n")
    extra = ["--to", str(tmp_path / "out.json")] if command == "export" else []
    cases = {
        tmp_path / "absent.csv": "cannot read the manifest",
        no_column: "no 'file' column in the header (name, county)",
        bad_encoding: "neither UTF-8 nor GB18030",
    }
    for manifest, message in cases.items():
        out = run(command, str(messy / "r0.txt"), "--manifest", str(manifest), *extra)
        assert (out.returncode, out.stdout) == (2, ""), out.stderr
        assert out.stderr.startswith(f"gongkai {command}: {manifest}")
        assert message in out.stderr
    assert not (tmp_path / "out.json").exists()


@pytest.mark.parametrize("command", ["parse", "check", "indicators", "compare", "export"])
def test_no_input_files_is_an_error(tmp_path: Path, command: str) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "a.gif").write_bytes(b"\x89PNG\r\n\x1a\n")
    extra = ["--to", str(tmp_path / "out.json")] if command == "export" else []
    out = run(
        command, str(tmp_path / "empty"), str(tmp_path / "images"), str(tmp_path / "absent.txt"), *extra
    )
    assert (out.returncode, out.stdout) == (2, "")
    found = (
        f"{tmp_path / 'empty'}: no report file in this folder; {tmp_path / 'images'}: no report file in "
        f"this folder (1 file(s) of other types skipped: .gif); {tmp_path / 'absent.txt'}: no such file"
    )
    if command in ("indicators", "compare"):
        assert out.stderr == f"gongkai {command}: no report file found: {found}\n"
    else:
        assert out.stderr == f"gongkai {command}: no input files: {found}\n"


def test_a_bad_export_target_is_an_error_before_reading(messy: Path, tmp_path: Path) -> None:
    (tmp_path / "a_file").write_text("x")
    (tmp_path / "a_folder.json").mkdir()
    cases = {
        (
            "--to",
            str(tmp_path / "out.zip"),
        ): f"{tmp_path / 'out.zip'}: cannot tell the export format from its suffix",
        ("--to", str(tmp_path / "a_file"), "--format", "csv"): (
            f"{tmp_path / 'a_file'}: is a file; csv export writes a folder of three files there"
        ),
        (
            "--to",
            str(tmp_path / "a_folder.json"),
        ): f"{tmp_path / 'a_folder.json'}: is a folder; json export writes one file",
        ("--to", str(tmp_path / "a_file" / "out.json")): (
            f"{tmp_path / 'a_file' / 'out.json'}: cannot be written: {tmp_path / 'a_file'} is a file, not a folder"
        ),
    }
    for target, message in cases.items():
        out = run("export", str(messy), *target)
        assert (out.returncode, out.stdout) == (2, "")
        assert out.stderr.startswith(f"gongkai export: {message}"), out.stderr
        assert "could not be read" not in out.stderr  # the target is checked before any input is read
    out = run("export", str(messy), "--to", str(tmp_path / "out.json"), "--format", "yaml")
    assert out.returncode == 2 and "invalid choice: 'yaml'" in out.stderr


def test_export_leaves_out_pages_that_are_no_report_and_lists_skipped_files(
    messy: Path, tmp_path: Path
) -> None:
    out = run("export", str(messy), "--to", str(tmp_path / "all.json"))
    assert out.returncode == 2
    docs = json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))
    assert sorted(Path(d["source"]).name for d in docs) == [
        "bad.html", "empty.txt", "old.doc", "old.wps", "r0.txt", "r1.txt", "r2.txt", "r3.docx",
    ]  # fmt: skip
    lines = out.stderr.splitlines()
    assert lines[:-1] == _failed_lines("export", messy) + _noted_lines("export", messy)
    assert lines[-1] == (
        "gongkai export: 9 input(s): 5 read, 3 could not be read, 1 not a report; 2 skipped; "
        f"wrote {tmp_path / 'all.json'}"
    )


def test_export_without_its_optional_dependency_names_both_install_forms(
    messy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from gongkai import cli

    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow fails
    assert cli.main(["export", str(messy), "--to", str(tmp_path / "out.parquet")]) == 2
    err = capsys.readouterr().err
    assert err == (
        'gongkai export: writing Parquet needs pyarrow, which is not installed: pip install "gongkai[export]" '
        '(from a checkout of gongkai: pip install ".[export]")\n'
    )
    assert not (tmp_path / "out.parquet").exists()


def test_version() -> None:
    out = run("--version")
    assert (out.returncode, out.stdout, out.stderr) == (0, f"gongkai {gongkai.__version__}\n", "")


def test_an_unknown_command_or_option_is_a_usage_error() -> None:
    out = run("parsee", "x")
    assert out.returncode == 2 and "invalid choice: 'parsee'" in out.stderr
    out = run("check", "x", "--jsn")
    assert out.returncode == 2 and "unrecognized arguments: --jsn" in out.stderr
