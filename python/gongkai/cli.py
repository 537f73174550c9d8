"""The ``gongkai`` command line."""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from . import __version__
from ._core import Error
from .report import SCHEMA, Report, parse
from .template import CELL_STATES, TABLE3_COLUMNS, TABLE4_BLOCKS, TABLE4_VALUES

REPORT_SUFFIXES = (".txt", ".html", ".htm", ".shtml", ".md", ".docx", ".pdf")


def _inputs(paths: Sequence[str]) -> Iterator[Path]:
    for p in paths:
        path = Path(p)
        if path.is_dir():
            yield from sorted(
                q for q in path.rglob("*") if q.is_file() and q.suffix.lower() in REPORT_SUFFIXES
            )
        else:
            yield path


def _fmt(v: float) -> str:
    if math.isnan(v):
        return "—"
    return str(int(v)) if float(v).is_integer() else f"{v:.6f}".rstrip("0")


def _grid(rows: Sequence[str], cols: Sequence[str], values: Any) -> list[str]:
    cells = [[_fmt(v) for v in row] for row in values]
    widths = [max(len(c), *(len(r[j]) for r in cells)) + 2 for j, c in enumerate(cols)]
    label = max(len(r) for r in rows) + 2
    out = [" " * label + "".join(f"{c:>{w}}" for c, w in zip(cols, widths))]
    for name, row in zip(rows, cells):
        out.append(f"  {name:<{label - 2}}" + "".join(f"{v:>{w}}" for v, w in zip(row, widths)))
    return out


def render_report(r: Report) -> str:
    """A report as a person reads it: who, when, the three tables and the findings."""
    lines = [
        f"== {r.source}",
        (
            f"agency: {r.agency or '?'}   year: {r.year or '?'}   template: {r.template}   "
            f"format: {r.format} ({r.encoding})"
        ),
    ]
    has2, has3, has4 = r.has_tables
    if has2:
        lines.append("\n表二 主动公开 (table 2)")
        for (row, value), v, state in zip(r.table2_fields, r.table2, r.table2_state):
            note = "" if state == 0 else f"  ({CELL_STATES[state]})"
            lines.append(f"  {row + '/' + value:36s} {_fmt(v):>14s}{note}")
    if has3:
        lines.append(f"\n表三 收到和处理申请 (table 3, {r.table3.shape[0]}x{r.table3.shape[1]})")
        lines += _grid(r.table3_rows, [c.id for c in TABLE3_COLUMNS], r.table3)
    if has4:
        lines.append("\n表四 行政复议、行政诉讼 (table 4)")
        lines += _grid([b.id for b in TABLE4_BLOCKS], [v.id for v in TABLE4_VALUES], r.table4)
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
        out: Any = (
            results[0]
            if len(args.files) == 1 and len(results) == 1 and not Path(args.files[0]).is_dir()
            else results
        )
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
    p.add_argument(
        "files", nargs="+", help="report files (text, HTML, markdown, .docx or PDF) or folders of them"
    )
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
