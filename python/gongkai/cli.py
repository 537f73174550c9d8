"""The ``gongkai`` command line."""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from . import __version__
from ._core import Error, Finding
from .findings import FINDING_COLUMNS as CSV_HEADER  # one finding a row, as in exports
from .findings import UNREADABLE_RULE, finding_record, unreadable_record
from .report import SCHEMA, Report, finding_dict, parse
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


_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def _cell_list(cells: Sequence[str], most: int = 4) -> str:
    shown = ", ".join(cells[:most])
    return shown + (f" +{len(cells) - most} more" if len(cells) > most else "")


def finding_line(f: Finding) -> str:
    """One finding on one line: severity, rule, message, then cells, expected and actual,
    the suggestion and the line in the source, where the finding has them."""
    d = finding_dict(f)
    extra = []
    if f.cells:
        extra.append("cells " + _cell_list(list(f.cells)))
    if "expected" in d and "actual" in d and f.rule.startswith(("table", "series", "narrative")):
        extra.append(f"expected {d['expected']}, actual {d['actual']}")
    if "suggestion" in d:
        extra.append(f"suggested {d['suggestion']['cell']} = {d['suggestion']['value']}")
    if f.line:
        extra.append(f"line {f.line}")
    tail = f"  [{'; '.join(extra)}]" if extra else ""
    return f"  {f.severity:<7} {f.rule}: {f.message}{tail}"


def check_summary(r: Report, findings: Sequence[Finding]) -> str:
    """A checked report for a person: who and when, how many errors and warnings, then each
    error and warning on a line (info findings counted per rule)."""
    counts = Counter(f.severity for f in findings)
    head = (
        f"== {r.source}\n{r.agency or '?'}  {r.year or '?'}  template {r.template}: "
        f"{counts['error']} error(s), {counts['warning']} warning(s)"
    )
    if not counts["error"] and not counts["warning"]:
        head += " - clean"
    lines = [head]
    for f in sorted(findings, key=lambda f: _SEVERITY_ORDER.get(f.severity, 3)):
        if f.severity != "info":
            lines.append(finding_line(f))
    infos = Counter(f.rule for f in findings if f.severity == "info")
    if infos:
        lines.append("  info    " + ", ".join(f"{rule} x{n}" for rule, n in sorted(infos.items())))
    return "\n".join(lines)


def _csv_row(r: Report, f: Finding) -> list[Any]:
    return _csv_cells(finding_record(f, source=r.source, agency=r.agency, year=r.year))


def _csv_failure(path: Path, e: BaseException) -> list[Any]:
    return _csv_cells(unreadable_record(str(path), f"{type(e).__name__}: {e}"))


def _csv_cells(record: dict[str, Any]) -> list[Any]:
    """A finding's row as CSV cells: empty where missing, whole numbers without a decimal point."""
    out: list[Any] = []
    for c in CSV_HEADER:
        v = record[c]
        if v is None or (isinstance(v, float) and math.isnan(v)):
            out.append("")
        elif isinstance(v, float) and v.is_integer():
            out.append(int(v))
        else:
            out.append(v)
    return out


def _tally(every: Sequence[Sequence[Finding]]) -> tuple[int, int, int]:
    """Reports with errors, with warnings but no error, and clean (neither)."""
    errors = sum(any(f.severity == "error" for f in fs) for fs in every)
    warnings = sum(
        any(f.severity == "warning" for f in fs) and not any(f.severity == "error" for f in fs)
        for fs in every
    )
    return errors, warnings, len(every) - errors - warnings


def _rule_table(every: Sequence[Sequence[Finding]]) -> list[str]:
    findings: Counter[tuple[str, str]] = Counter((f.rule, f.severity) for fs in every for f in fs)
    reports: Counter[str] = Counter(rule for fs in every for rule in {f.rule for f in fs})
    if not findings:
        return []
    width = max(len(rule) for rule, _ in findings)
    out = [f"  {'rule':<{width}}  severity  findings  reports"]
    for (rule, severity), n in sorted(
        findings.items(), key=lambda x: (_SEVERITY_ORDER.get(x[0][1], 3), x[0][0])
    ):
        out.append(f"  {rule:<{width}}  {severity:<8}  {n:>8}  {reports[rule]:>7}")
    return out


def cmd_check(args: argparse.Namespace) -> int:
    from .check import check_all

    paths = list(_inputs(args.files))
    if not paths:
        print("gongkai check: no input files", file=sys.stderr)
        return 2
    outcome: list[Report | BaseException] = []  # per input, in input order
    for path in paths:
        try:
            outcome.append(parse(path))
        except (Error, OSError) as e:
            outcome.append(e)
    reports = [x for x in outcome if isinstance(x, Report)]
    failures = [(p, x) for p, x in zip(paths, outcome) if isinstance(x, BaseException)]
    found = dict(zip(map(id, reports), check_all(reports)))  # checks' findings by report
    every = [list(r.findings) + found[id(r)] for r in reports]  # parse findings too

    if args.json:
        docs = [
            _failure(path, x) if isinstance(x, BaseException) else x.to_dict(extra_findings=found[id(x)])
            for path, x in zip(paths, outcome)
        ]
        single = len(args.files) == 1 and len(docs) == 1 and not Path(args.files[0]).is_dir()
        json.dump(docs[0] if single else docs, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    elif args.csv:
        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow(CSV_HEADER)
        for path, x in zip(paths, outcome):
            if isinstance(x, BaseException):
                w.writerow(_csv_failure(path, x))
            else:
                w.writerows(_csv_row(x, f) for f in list(x.findings) + found[id(x)])
    else:
        for path, x in zip(paths, outcome):
            if isinstance(x, BaseException):
                print(f"== {path}\nCOULD NOT BE READ: {type(x).__name__}: {x}\n")
            else:
                print(check_summary(x, list(x.findings) + found[id(x)]) + "\n")

    errors, warnings, clean = _tally(every)
    totals = (
        f"{len(paths)} input(s): {len(reports)} read, {len(failures)} could not be read; "
        f"{errors} with errors, {warnings} with warnings only, {clean} clean"
    )
    if args.json or args.csv:
        print(f"gongkai check: {totals}", file=sys.stderr)
    else:
        print("== summary\n" + totals)
        for path, failure in failures:
            print(f"  could not be read: {path}: {type(failure).__name__}: {failure}")
        print("\n".join(_rule_table(every)))
    if failures:
        return 2
    return 1 if errors else 0


def cmd_demo(args: argparse.Namespace) -> int:
    from .demo import run

    out = Path(args.out)
    print(f"gongkai {__version__} demo: a synthetic province rendered by gongkai, read, checked and compared")
    summary = run(out)
    print(
        f"{summary['files']} files: {summary['reports']} reports read, {summary['failed']} could not be read, "
        f"{summary['with_errors']} with errors; {summary['agencies']} agencies in {summary['counties']} counties, "
        f"years {summary['years'][0]}-{summary['years'][-1]}"
    )
    print(f"outputs written to {out.resolve()}:")
    for name in ("index.html", "tables/", "plots/", "reports/"):
        if (out / name.rstrip("/")).exists():
            print(f"  {out.resolve() / name}")
    return 0


def cmd_indicators(args: argparse.Namespace) -> int:
    from .corpus import Corpus

    manifest = None
    if args.manifest:
        from .places import read_manifest

        manifest = read_manifest(args.manifest)
    corpus = Corpus.read(args.paths, manifest=manifest)
    for source, why in corpus.failures:
        print(f"gongkai indicators: {source}: {why}", file=sys.stderr)
    if len(corpus) == 0:
        print("gongkai indicators: no report could be read", file=sys.stderr)
        return 2
    by = [b.strip() for b in args.by.split(",")] if args.by else None
    # per report: its metadata beside the values, so that each row names its agency and file
    table = corpus.frame() if by is None else corpus.indicators(by=by if len(by) > 1 else by[0])
    if args.csv:
        table.to_csv(sys.stdout)
    else:
        import pandas as pd

        with pd.option_context(
            "display.max_columns", None, "display.width", 200, "display.float_format", "{:.4g}".format
        ):
            print(table.to_string())
    return 2 if corpus.failures else 0


def _read_manifest(path: str | None) -> Any:
    if not path:
        return None
    from .places import read_manifest

    return read_manifest(path)


def cmd_compare(args: argparse.Namespace) -> int:
    from .corpus import Corpus

    corpus = Corpus.read(args.paths, manifest=_read_manifest(args.manifest))
    for source, why in corpus.failures:
        print(f"gongkai compare: {source}: {why}", file=sys.stderr)
    if len(corpus) == 0:
        print("gongkai compare: no report could be read", file=sys.stderr)
        return 2
    ids = [i.strip() for i in args.indicators.split(",") if i.strip()] if args.indicators else None
    unknown = sorted(set(ids or ()) - set(corpus.indicator_ids))
    if unknown:
        print(f"gongkai compare: unknown indicator(s): {', '.join(unknown)}", file=sys.stderr)
        return 2
    if args.by not in corpus.meta.columns:
        print(f"gongkai compare: cannot group by {args.by!r}", file=sys.stderr)
        return 2
    if args.csv:  # one flat header line: a row per (group, indicator)
        corpus.compare(by=args.by, indicators=ids, tidy=True).to_csv(sys.stdout, index=False)
        return 2 if corpus.failures else 0
    table = corpus.compare(by=args.by, indicators=ids)
    if args.csv:
        table.to_csv(sys.stdout)
    else:
        import pandas as pd

        if table.empty:
            print(f"gongkai compare: no report names its {args.by}", file=sys.stderr)
        with pd.option_context(
            "display.max_columns", None, "display.width", 200, "display.float_format", "{:.4g}".format
        ):
            print(table.to_string())
    return 2 if corpus.failures else 0


def cmd_export(args: argparse.Namespace) -> int:
    from .export import export

    paths = list(_inputs(args.paths))
    if not paths:
        print("gongkai export: no input files", file=sys.stderr)
        return 2
    reports: list[Report] = []
    failures: list[tuple[str, str]] = []
    for path in paths:
        try:
            reports.append(parse(path))
        except (Error, OSError) as e:
            failures.append((str(path), f"{type(e).__name__}: {e}"))
    try:
        written = export(
            reports, args.to, args.format, failures=failures, manifest=_read_manifest(args.manifest)
        )
    except (ValueError, ImportError) as e:
        print(f"gongkai export: {e}", file=sys.stderr)
        return 2
    for source, why in failures:
        print(f"gongkai export: could not be read: {source}: {why}", file=sys.stderr)
    print(
        f"gongkai export: {len(paths)} input(s): {len(reports)} read, {len(failures)} could not be read; "
        f"wrote {', '.join(str(p) for p in written)}",
        file=sys.stderr,
    )
    return 2 if failures else 0


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
    c = sub.add_parser(
        "check",
        help="check reports against every rule (docs/rules.md); exit 0 clean, 1 errors, 2 unreadable input",
        description=(
            "Check reports against every rule of the catalogue (docs/rules.md): the identities within "
            "a report, the carry-over chain and stock of documents across one agency's years, copies "
            "across reports. Exit code 0 when no finding is an error, 1 when some finding is, 2 when "
            "some input could not be read."
        ),
    )
    c.add_argument(
        "files", nargs="+", help="report files (text, HTML, markdown, .docx or PDF) or folders of them"
    )
    fmt = c.add_mutually_exclusive_group()
    fmt.add_argument(
        "--json",
        action="store_true",
        help="print the JSON form of each report, findings of every rule included",
    )
    fmt.add_argument(
        "--csv",
        action="store_true",
        help=f"print one CSV row per finding (and a row of rule {UNREADABLE_RULE} per input not read)",
    )
    c.set_defaults(func=cmd_check)
    ind = sub.add_parser("indicators", help="indicators per report, or pooled by a grouping (--by county)")
    ind.add_argument("paths", nargs="+", help="report files or folders of them")
    ind.add_argument(
        "--by",
        help="group by columns of the report metadata: agency, key, county, prefecture, "
        "province, type, year, template (comma-separated)",
    )
    ind.add_argument("--csv", action="store_true", help="write CSV")
    ind.add_argument("--manifest", help="a CSV naming agency and place per file (column 'file')")
    ind.set_defaults(func=cmd_indicators)
    cmp = sub.add_parser(
        "compare", help="groups side by side (--by county): pooled indicators, ranks, percentiles, outliers"
    )
    cmp.add_argument("paths", nargs="+", help="report files or folders of them")
    cmp.add_argument("--by", default="county", help="a column of the report metadata (default county)")
    cmp.add_argument("--indicators", help="indicator ids, comma-separated (default all)")
    cmp.add_argument(
        "--csv", action="store_true", help="write CSV: a row per (group, indicator), one header line"
    )
    cmp.add_argument("--manifest", help="a CSV naming agency and place per file (column 'file')")
    cmp.set_defaults(func=cmd_compare)
    exp = sub.add_parser(
        "export",
        help="write reports, findings and indicators as CSV, Parquet, Excel or JSON",
        description=(
            "Write three tables (reports: a row per report with every cell as a column; findings: a "
            "row per finding of every rule; indicators: a row per report) to --to: csv and parquet "
            "write a folder of three files, excel one workbook of three sheets, json the report "
            "objects of 'gongkai check --json'. The format is --format, else the suffix of --to "
            "(.csv or none: csv; .parquet; .xlsx; .json). Parquet and Excel need "
            "pip install 'gongkai[export]'. Exit code 2 when some input could not be read."
        ),
    )
    exp.add_argument("paths", nargs="+", help="report files or folders of them")
    exp.add_argument("--to", required=True, help="the folder (csv, parquet) or file (excel, json) to write")
    exp.add_argument("--format", choices=["csv", "parquet", "excel", "json"], help="default: from --to")
    exp.add_argument("--manifest", help="a CSV naming agency and place per file (column 'file')")
    exp.set_defaults(func=cmd_export)
    d = sub.add_parser(
        "demo", help="run the whole workflow on a synthetic province and write the outputs to a folder"
    )
    d.add_argument(
        "--out", default="gongkai-demo", help="the folder for the outputs (default: ./gongkai-demo)"
    )
    d.set_defaults(func=cmd_demo)
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
