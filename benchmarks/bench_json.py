"""JSON throughput: `gongkai parse --json` and `gongkai check --json` as whole processes, and
parse + serialize in one process, against the former path (a Python walk of the report, then
json.dump with indent=1) timed in the same run.

Renders N synthetic reports with :mod:`gongkai.render` (half text as extracted from a .docx,
half HTML pages, every other page inside a government site's page chrome; templates 2021 and
2019) into a temporary folder, then, round robin, best of --repeat:

  whole process (a subprocess each, stdout to a file; MB/s of input files):
    new       gongkai parse DIR --json          the C++ core writes each report's JSON, compact
              gongkai check DIR --json          ... with the findings of every rule
    baseline  python bench_json.py --baseline parse|check DIR
              the former CLI: every report parsed, a Python walk of its API to dicts
              (to_dict_python below), then json.dump(..., indent=1)
  in one process (the files' bytes in memory, one thread):
    core                  _core.parse_bytes(data) alone, then with _core.report_json (the C++
                          core without the Python API: no agency correction, is_report given)
    API                   gongkai.parse(data) alone, then with report.to_json(), then (the
                          baseline) with json.dumps(to_dict_python(report), indent=1)
  Report.to_dict() per report (on parsed reports): the Python walk, json.loads of the C++
  text, the C++ walk building the dicts through pybind11.

Before timing, the new output and the baseline's are read back with json.loads and must be
equal, types included. Run with the installed gongkai (pip install .): an editable install
rebuilds its extension on import and would time the build check.

    python benchmarks/bench_json.py [--reports 2000] [--repeat 3] [--seed 7] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

import numpy as np

import gongkai
from gongkai import _core, render
from gongkai.template import CELL_STATES, TABLE3_COLUMNS, TABLE4_BLOCKS, TABLE4_VALUES, table2_fields

# ---- the baseline: the former Report.to_dict, a walk of the report's API in Python


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


_ABSENT = CELL_STATES.index("absent")


def to_dict_python(r: gongkai.Report, extra: list[gongkai.Finding] | None = None) -> dict[str, Any]:
    """The JSON form as the former Report.to_dict built it (python/gongkai/report.py before)."""
    core = r._r
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
    placed: dict[str, str] = {}
    missing: dict[str, dict[str, Any]] = {}

    def note(name: str, origin: tuple[str, int, int, int, str], state: int) -> None:
        raw, line, column, _, how = origin
        if how != "label":
            placed[name] = how
        if state != 0:
            missing[name] = {"state": CELL_STATES[state], "raw": raw, "line": line, "column": column}

    if r.template == "none":
        out["table2"] = out["table3"] = out["table4"] = None
    else:
        amounts = {(f.row, f.value) for f in table2_fields(r.template) if f.amount}
        t2: dict[str, dict[str, Any]] = {}
        origins = core.table2_origins
        for i, (row, value) in enumerate(r.table2_fields):
            state = int(r.table2_state[i])
            if state == _ABSENT:
                continue
            t2.setdefault(row, {})[value] = _number(r.table2[i], (row, value) in amounts)
            note(f"table2/{row}/{value}", origins[i], state)
        t3: dict[str, list[Any]] = {}
        origins = core.table3_origins
        for i, row in enumerate(r.table3_rows):
            if all(int(s) == _ABSENT for s in r.table3_state[i]):
                continue
            t3[row] = [_number(v, False) for v in r.table3[i]]
            for j, col in enumerate(TABLE3_COLUMNS):
                note(f"table3/{row}/{col.id}", origins[i * 7 + j], int(r.table3_state[i, j]))
        t4: dict[str, list[Any]] = {}
        origins = core.table4_origins
        for i, block in enumerate(TABLE4_BLOCKS):
            if all(int(s) == _ABSENT for s in r.table4_state[i]):
                continue
            t4[block.id] = [_number(v, False) for v in r.table4[i]]
            for j, value in enumerate(TABLE4_VALUES):
                note(f"table4/{block.id}/{value.id}", origins[i * 5 + j], int(r.table4_state[i, j]))
        out["table2"], out["table3"], out["table4"] = t2, t3, t4
    out["missing"] = missing
    out["placed"] = placed
    out["findings"] = [_finding(f) for f in [*r.findings, *(extra or [])]]
    out["sections"] = r.sections
    return out


def baseline(command: str, folder: str) -> int:
    """The former `gongkai parse|check FOLDER --json`: every report parsed and kept, its dicts
    built in Python, the list dumped with indent=1."""
    from gongkai.check import check_all

    reports = [gongkai.parse(p) for p in sorted(Path(folder).iterdir())]
    if command == "check":
        kept = [r for r in reports if r.is_report]
        found = dict(zip(map(id, kept), check_all(kept)))
        docs = [to_dict_python(r, found.get(id(r), [])) for r in reports]
    else:
        docs = [to_dict_python(r) for r in reports]
    json.dump(docs, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 0


# ---- the measurement


def write(folder: Path, n: int, seed: int) -> list[Path]:
    rng = np.random.default_rng(seed)
    paths = []
    for i in range(n):
        data = render.random_report(rng, "2019" if i % 5 == 4 else "2021")
        if i % 2 == 0:
            p = folder / f"r{i:05d}.txt"
            p.write_text(render.render_text(data, rng=rng), encoding="utf-8")
        else:
            p = folder / f"r{i:05d}.html"
            p.write_text(render.render_html(data, rng=rng, page_chrome=i % 4 == 1), encoding="utf-8")
        paths.append(p)
    return paths


def same(a: Any, b: Any) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return bool(a == b)


def best_of(repeat: int, runs: dict[str, Callable[[], Any]]) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {k: [] for k in runs}
    for _ in range(repeat):
        for name, fn in runs.items():
            t = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - t)
    return times


def main() -> int:
    if len(sys.argv) == 4 and sys.argv[1] == "--baseline":
        return baseline(sys.argv[2], sys.argv[3])
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reports", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--json", help="also write the figures here")
    args = ap.parse_args()
    gongkai_cmd = [sys.executable, "-m", "gongkai.cli"]
    me = [sys.executable, str(Path(__file__).resolve()), "--baseline"]
    results: dict[str, Any] = {
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs",
        "python": platform.python_version(),
        "reports": args.reports,
    }

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "reports"
        folder.mkdir()
        paths = write(folder, args.reports, args.seed)
        size = sum(p.stat().st_size for p in paths)
        mb = size / 1e6
        results["mb"] = mb
        print(
            f"{len(paths)} reports, {mb:.1f} MB ({sum(p.suffix == '.txt' for p in paths)} text, "
            f"{sum(p.suffix == '.html' for p in paths)} HTML)"
        )

        def run(cmd: list[str], out: Path) -> None:
            with out.open("wb") as f:
                subprocess.run(cmd, stdout=f, stderr=subprocess.DEVNULL, check=False)

        whole = {
            "startup: python -c 'import gongkai.cli'": [sys.executable, "-c", "import gongkai.cli"],
            "parse --json": [*gongkai_cmd, "parse", str(folder), "--json"],
            "parse --json (baseline)": [*me, "parse", str(folder)],
            "check --json": [*gongkai_cmd, "check", str(folder), "--json"],
            "check --json (baseline)": [*me, "check", str(folder)],
        }
        outs = {name: Path(tmp) / f"out{k}.json" for k, name in enumerate(whole)}
        for command in ("parse", "check"):
            new, old = f"{command} --json", f"{command} --json (baseline)"
            run(whole[new], outs[new])
            run(whole[old], outs[old])
            a, b = json.loads(outs[new].read_bytes()), json.loads(outs[old].read_bytes())
            if not same(a, b):
                print(f"{command}: the new JSON differs from the baseline's", file=sys.stderr)
                return 1
            print(
                f"{command}: {len(a)} objects, equal to the baseline's; {outs[new].stat().st_size / 1e6:.1f} MB "
                f"compact, {outs[old].stat().st_size / 1e6:.1f} MB indented"
            )
        times = best_of(
            args.repeat, {name: (lambda c=cmd, o=outs[name]: run(c, o)) for name, cmd in whole.items()}
        )
        results["whole_process"] = {k: min(v) for k, v in times.items()}

        data = [p.read_bytes() for p in paths]
        names = [str(p) for p in paths]

        def parse_only() -> None:
            for d, n in zip(data, names):
                gongkai.parse(d, name=n)

        def parse_json() -> None:
            for d, n in zip(data, names):
                gongkai.parse(d, name=n)._json_bytes()

        def parse_json_before() -> None:
            for d, n in zip(data, names):
                json.dumps(to_dict_python(gongkai.parse(d, name=n)), ensure_ascii=False, indent=1)

        def core_parse() -> None:
            for d, n in zip(data, names):
                _core.parse_bytes(d, n)

        def core_parse_json() -> None:
            for d, n in zip(data, names):
                _core.report_json(_core.parse_bytes(d, n), True)

        times = best_of(
            args.repeat,
            {
                "core: _core.parse_bytes": core_parse,
                "core: _core.parse_bytes + report_json": core_parse_json,
                "API: gongkai.parse": parse_only,
                "API: gongkai.parse + to_json": parse_json,
                "API: gongkai.parse + JSON (baseline)": parse_json_before,
            },
        )
        results["in_process"] = {k: min(v) for k, v in times.items()}

        reports = [gongkai.parse(d, name=n) for d, n in zip(data, names)]
        flags = [r.is_report for r in reports]
        times = best_of(
            args.repeat,
            {
                "to_dict: Python walk (baseline)": lambda: [to_dict_python(r) for r in reports],
                "to_dict: json.loads of the C++ text": lambda: [
                    json.loads(_core.report_json(r._r, f)) for r, f in zip(reports, flags)
                ],
                "to_dict: C++ walk into dicts (pybind11)": lambda: [
                    _core.report_dict(r._r, f) for r, f in zip(reports, flags)
                ],
                "JSON text alone: C++": lambda: [_core.report_json(r._r, f) for r, f in zip(reports, flags)],
            },
        )
        results["per_report"] = {k: min(v) for k, v in times.items()}

    n = args.reports
    print(f"\nwhole process, best of {args.repeat} (MB/s of input):")
    w = results["whole_process"]
    for k, t in w.items():
        rate = "" if k.startswith("startup") else f"{mb / t:7.1f} MB/s"
        print(f"  {k:42s} {t:7.3f} s  {rate}")
    print(f"\nin one process, best of {args.repeat}:")
    for k, t in results["in_process"].items():
        print(f"  {k:42s} {t:7.3f} s  {mb / t:7.1f} MB/s  {t / n * 1e6:6.0f} µs/report")
    print("\nper report, on parsed reports:")
    for k, t in results["per_report"].items():
        print(f"  {k:42s} {t / n * 1e6:7.1f} µs")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
