"""The JSON form written by the C++ core (to_json, to_dict, --json, the JSON export) against an
independent walk of the public Report API in Python, on rendered reports of every form."""

from __future__ import annotations

import io
import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import gongkai
from gongkai import render
from gongkai.render import Variations
from gongkai.report_json import ReportJsonWriter
from gongkai.template import CELL_STATES, TABLE3_COLUMNS, TABLE4_BLOCKS, TABLE4_VALUES, table2_fields


def _number(v: float, amount: bool) -> int | float | None:
    if math.isnan(v):
        return None
    if amount:
        return float(v)
    return int(v) if float(v).is_integer() else float(v)


def _finding(f: gongkai.Finding) -> dict[str, Any]:
    d: dict[str, Any] = {"rule": f.rule, "severity": f.severity, "cells": list(f.cells), "message": f.message}
    if f.line:
        d["line"], d["column"] = f.line, f.column
    if not math.isnan(f.expected):
        d["expected"] = _number(f.expected, False)
    if not math.isnan(f.actual):
        d["actual"] = _number(f.actual, False)
    if f.suggested_cell and not math.isnan(f.suggested_value):
        d["suggestion"] = {"cell": f.suggested_cell, "value": _number(f.suggested_value, False)}
    return d


def walk(r: gongkai.Report, checked: bool = False, extra: tuple[gongkai.Finding, ...] = ()) -> dict[str, Any]:
    """docs/report-json.md from the public API: arrays, states, origin() and findings."""
    out: dict[str, Any] = {
        "schema": "gongkai.report/1",
        "source": r.source,
        "agency": r.agency,
        "year": r.year,
        "template": r.template,
        "format": r.format,
        "encoding": r.encoding,
        "title": r.title or None,
        "is_report": r.is_report,
    }
    missing: dict[str, Any] = {}
    placed: dict[str, str] = {}

    def note(cell: str, state: int) -> None:
        o = r.origin(cell)
        if o.placement != "label":
            placed[cell] = o.placement
        if CELL_STATES[state] != "value":
            missing[cell] = {"state": CELL_STATES[state], "raw": o.raw, "line": o.line, "column": o.column}

    if r.template == "none":
        out["table2"] = out["table3"] = out["table4"] = None
    else:
        amounts = {(f.row, f.value) for f in table2_fields(r.template) if f.amount}
        t2: dict[str, dict[str, Any]] = {}
        for i, (row, value) in enumerate(r.table2_fields):
            if CELL_STATES[r.table2_state[i]] == "absent":
                continue
            t2.setdefault(row, {})[value] = _number(r.table2[i], (row, value) in amounts)
            note(f"table2/{row}/{value}", int(r.table2_state[i]))
        t3: dict[str, Any] = {}
        for i, row in enumerate(r.table3_rows):
            if all(CELL_STATES[s] == "absent" for s in r.table3_state[i]):
                continue
            t3[row] = [_number(v, False) for v in r.table3[i]]
            for j, col in enumerate(TABLE3_COLUMNS):
                note(f"table3/{row}/{col.id}", int(r.table3_state[i, j]))
        t4: dict[str, Any] = {}
        for i, block in enumerate(TABLE4_BLOCKS):
            if all(CELL_STATES[s] == "absent" for s in r.table4_state[i]):
                continue
            t4[block.id] = [_number(v, False) for v in r.table4[i]]
            for j, value in enumerate(TABLE4_VALUES):
                note(f"table4/{block.id}/{value.id}", int(r.table4_state[i, j]))
        out["table2"], out["table3"], out["table4"] = t2, t3, t4
    out["missing"] = missing
    out["placed"] = placed
    findings = [*r.findings, *(r.check() if checked else []), *extra]
    out["findings"] = [_finding(f) for f in findings]
    out["sections"] = r.sections
    return out


def assert_same(a: Any, b: Any, path: str = "$") -> None:
    """Equal, and of the same types all the way down (1 and 1.0 differ here)."""
    assert type(a) is type(b), f"{path}: {a!r} ({type(a).__name__}) vs {b!r} ({type(b).__name__})"
    if isinstance(a, dict):
        assert list(a) == list(b), f"{path}: keys {list(a)} vs {list(b)}"
        for k in a:
            assert_same(a[k], b[k], f"{path}.{k}")
    elif isinstance(a, list):
        assert len(a) == len(b), f"{path}: {len(a)} items vs {len(b)}"
        for i, (x, y) in enumerate(zip(a, b)):
            assert_same(x, y, f"{path}[{i}]")
    else:
        assert a == b, f"{path}: {a!r} vs {b!r}"


def _rendered(k: int) -> tuple[str, bytes]:
    """Report k of a varied set: every form, both templates, missing cells, variations."""
    rng = np.random.default_rng(500 + k)
    data = render.random_report(rng, "2019" if k % 3 == 2 else "2021", missing_rate=0.3 if k % 2 else 0.0)
    var = Variations.random(rng) if k % 4 else Variations()
    form = k % 7
    if form == 0:
        return f"r{k}.txt", render.render_text(data, rng=rng, variations=var).encode()
    if form == 1:
        return f"r{k}.html", render.render_html(data, rng=rng, variations=var, page_chrome=True).encode()
    if form == 2:
        return f"r{k}.html", render.encode_html(render.render_html(data, rng=rng, variations=var), "gbk")
    if form == 3:
        return f"r{k}.docx", render.render_docx(data, rng=rng, variations=var)
    if form == 4:
        return f"r{k}.txt", render.render_flat(data, rng=rng, variations=var).encode()
    if form == 5:
        return f"r{k}.md", render.render_markdown(data, rng=rng, variations=var).encode()
    return f"r{k}.txt", render.render_flat(data, rng=rng, variations=var, separator="space").encode()


# A cell whose raw text needs escaping (quotes, a backslash, a control character), a free-form
# report and a page that is no report.
ODD = {
    "freeform.txt": '某某县人民政府2015年政府信息公开工作年度报告\n一、概述\n本年度\t主动公开"信息"1000条。\x01\n'
    "二、主动公开政府信息情况\n公开文件\\规章 12 件。\n".encode(),
    "notice.html": '<html><body><p>关于做好2024年度报告编制工作的通知</p><p>各单位："请"按时报送。</p></body></html>'.encode(),
}


def _with_odd_cell() -> bytes:
    """A text report whose table-3 cell of new applications by natural persons reads
    ``约"3"\\件<U+0001>`` (unreadable: state text)."""
    rng = np.random.default_rng(8)
    data = render.random_report(rng)
    data.table3["new"][0] = 987654321
    text = render.render_text(data, rng=rng)
    assert text.count("987654321") == 1
    return text.replace("987654321", '约"3"\\件\x01').encode()


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> list[gongkai.Report]:
    folder = tmp_path_factory.mktemp("json")
    files = dict(_rendered(k) for k in range(42))
    files.update(ODD)
    out = []
    for name, data in files.items():
        (folder / name).write_bytes(data)
        out.append(gongkai.parse(folder / name))
    return out


def test_cpp_json_is_the_walk_of_the_report_api(reports: list[gongkai.Report]) -> None:
    assert {r.format for r in reports} >= {"text", "html", "docx", "markdown"}
    assert {r.template for r in reports} == {"2021", "2019", "none"}
    assert sum(bool(walk(r)["missing"]) for r in reports) > 10
    assert any(walk(r)["placed"] for r in reports)
    for r in reports:
        expected = walk(r)
        assert_same(json.loads(r.to_json()), expected)
        assert_same(r.to_dict(), expected)


def test_checked_and_extra_findings_follow_the_parse_findings(reports: list[gongkai.Report]) -> None:
    from gongkai.check import check_all

    found = check_all(reports)
    assert any(found)
    for r, extra in zip(reports, found):
        assert_same(json.loads(r.to_json(checked=True)), walk(r, checked=True))
        assert_same(json.loads(r.to_json(extra_findings=extra)), walk(r, extra=tuple(extra)))
        assert_same(r.to_dict(extra_findings=extra), walk(r, extra=tuple(extra)))


def test_indented_text_is_what_json_dumps_writes(reports: list[gongkai.Report]) -> None:
    for r in reports[::5]:
        for indent in (0, 1, 4):
            assert r.to_json(indent=indent) == json.dumps(walk(r), ensure_ascii=False, indent=indent)
        compact = r.to_json()
        assert compact == json.dumps(walk(r), ensure_ascii=False, separators=(",", ":"))
        assert "\n" not in compact


def test_raw_text_with_quotes_and_control_characters_round_trips() -> None:
    r = gongkai.parse(_with_odd_cell(), name='odd "name"\\.txt')
    doc = json.loads(r.to_json())
    assert doc["source"] == 'odd "name"\\.txt'
    assert doc["missing"]["table3/new/natural_person"]["state"] == "text"
    assert doc["missing"]["table3/new/natural_person"]["raw"].startswith('约"3"\\件')
    assert doc["table3"]["new"][0] is None
    assert_same(doc, walk(r))
    assert '\\"3\\"' in r.to_json() and "\\u0001" in r.to_json(), r.to_json()[:500]


def test_non_ascii_is_written_as_utf8(reports: list[gongkai.Report]) -> None:
    text = reports[0].to_json()
    assert "\\u" not in text.replace("\\u0001", "")
    assert reports[0].agency is not None and reports[0].agency in text


def test_writer_lists_items_one_after_another() -> None:
    r = gongkai.parse(
        render.render_text(render.random_report(np.random.default_rng(1))).encode(), name="a.txt"
    )
    failure = {"schema": "gongkai.report/1", "source": "b.txt", "error": {"type": "OSError", "message": "m"}}
    for indent in (None, 2):
        for out in (io.BytesIO(), io.StringIO()):
            w = ReportJsonWriter(out, indent=indent)
            w.write_report(r)
            w.write_object(failure)
            w.close()
            got = out.getvalue()
            text = got.decode() if isinstance(got, bytes) else got
            expected = [walk(r), failure]
            assert (
                text
                == json.dumps(
                    expected, ensure_ascii=False, indent=indent, separators=None if indent else (",", ":")
                )
                + "\n"
            )
    empty = io.StringIO()
    ReportJsonWriter(empty).close()
    assert empty.getvalue() == "[]\n"
    single = io.BytesIO()
    w = ReportJsonWriter(single, single=True)
    w.write_report(r)
    with pytest.raises(ValueError):
        w.write_report(r)


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    out = subprocess.run(
        [sys.executable, "-m", "gongkai.cli", *args], check=False, capture_output=True, timeout=120
    )
    return subprocess.CompletedProcess(out.args, out.returncode, out.stdout.decode(), out.stderr.decode())


def test_cli_json_is_compact_and_indented_on_request(tmp_path: Path) -> None:
    files = dict(_rendered(k) for k in range(6))
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    reports = [gongkai.parse(tmp_path / name) for name in sorted(files)]
    compact = _cli("parse", str(tmp_path), "--json")
    assert compact.returncode == 0 and compact.stdout.count("\n") == 1
    docs = json.loads(compact.stdout)
    assert [d["source"] for d in docs] == [r.source for r in reports]
    for d, r in zip(docs, reports):
        assert_same(d, walk(r))
    indented = _cli("parse", str(tmp_path), "--json", "--indent", "2")
    assert indented.stdout == json.dumps(docs, ensure_ascii=False, indent=2) + "\n"
    checked = _cli("check", str(tmp_path / min(files)), "--json", "--indent", "1")
    assert checked.stdout.startswith('{\n "schema": "gongkai.report/1",')
    wrong = _cli("parse", str(tmp_path), "--indent", "2")
    assert wrong.returncode == 2 and "--indent indents the JSON form: give --json too" in wrong.stderr
