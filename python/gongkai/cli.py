"""The ``gongkai`` command line."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Iterator, Sequence

from . import __version__
from ._core import Error
from .report import SCHEMA, Report, parse

REPORT_SUFFIXES = (".txt", ".html", ".htm", ".shtml", ".md")


def _inputs(paths: Sequence[str]) -> Iterator[Path]:
    for p in paths:
        path = Path(p)
        if path.is_dir():
            yield from sorted(q for q in path.rglob("*") if q.is_file() and q.suffix.lower() in REPORT_SUFFIXES)
        else:
            yield path


def _fmt(v: float) -> str:
    if v != v:  # NaN
        return "—"
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


def render_report(r: Report) -> str:
    """A report as a person reads it: who, when, the three tables and the findings."""
    lines = [f"== {r.source}", f"agency: {r.agency or '?'}   year: {r.year or '?'}   template: {r.template}   "
             f"format: {r.format} ({r.encoding})"]
    if r.template != "none":
        if r.has_tables[0]:
            lines.append("\n表二 主动公开 (table 2)")
            t2 = r.table2_frame()
            for (row, value), rec in t2.iterrows():
                lines.append(f"  {row + '/' + value:40s} {_fmt(rec['value']):>12s}  {rec['state'] if rec['state'] != 'value' else ''}")
        if r.has_tables[1]:
            lines.append(f"\n表三 收到和处理申请 (table 3, {r.table3.shape[0]}x{r.table3.shape[1]})")
            lines.append(r.table3_frame().map(_fmt).to_string() if hasattr(r.table3_frame(), "map")
                         else r.table3_frame().applymap(_fmt).to_string())
        if r.has_tables[2]:
            lines.append("\n表四 行政复议、行政诉讼 (table 4)")
            t4 = r.table4_frame()
            lines.append((t4.map(_fmt) if hasattr(t4, "map") else t4.applymap(_fmt)).to_string())
    if r.findings:
        lines.append(f"\nfindings ({len(r.findings)}):")
        for f in r.findings:
            at = f" (line {f.line})" if f.line else ""
            lines.append(f"  [{f.severity}] {f.rule}: {f.message}{at}")
    else:
        lines.append("\nno findings")
    return "\n".join(lines)


def _failure(path: Path, e: BaseException) -> dict[str, Any]:
    return {"schema": SCHEMA, "source": str(path), "error": {"type": type(e).__name__, "message": str(e)}}


def cmd_parse(args: argparse.Namespace) -> int:
    results: list[dict[str, Any]] = []
    failed = 0
    paths = list(_inputs(args.files))
    if not paths:
        print("gongkai parse: no input files", file=sys.stderr)
        return 2
    for path in paths:
        try:
            r = parse(path)
        except (Error, OSError) as e:
            failed += 1
            if args.json:
                results.append(_failure(path, e))
            else:
                print(f"== {path}\nERROR {type(e).__name__}: {e}\n", file=sys.stdout)
            continue
        if args.json:
            results.append(r.to_dict())
        else:
            print(render_report(r) + "\n")
    if args.json:
        out: Any = results[0] if len(args.files) == 1 and len(results) == 1 and not Path(args.files[0]).is_dir() else results
        json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    if failed:
        print(f"gongkai parse: {failed} of {len(paths)} inputs could not be read", file=sys.stderr)
    return 2 if failed else 0


def cmd_demo(args: argparse.Namespace) -> int:
    from . import sample_paths

    paths = sample_paths()
    print(f"gongkai {__version__}: parsing the {len(paths)} sample reports shipped with the package\n")
    for path in paths:
        print(render_report(parse(path)) + "\n")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="gongkai", description="Read 政府信息公开工作年度报告 as data.")
    parser.add_argument("--version", action="version", version=f"gongkai {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("parse", help="parse reports and print their tables (or --json)")
    p.add_argument("files", nargs="+", help="report files (text or HTML) or folders of them")
    p.add_argument("--json", action="store_true", help="print the JSON form (docs/report-json.md)")
    p.set_defaults(func=cmd_parse)
    d = sub.add_parser("demo", help="parse the sample reports shipped with the package")
    d.set_defaults(func=cmd_demo)
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
