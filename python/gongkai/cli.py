"""The ``gongkai`` command line."""

from __future__ import annotations

import argparse
import builtins
import csv
import math
import os
import sys
import warnings
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from ._core import Error, Finding
from .choices import UnknownNameError, check_choices
from .findings import FINDING_COLUMNS, NOT_A_REPORT_RULE, UNREADABLE_RULE, finding_record, unreadable_record
from .inputs import MAX_BYTES, STDIN, TIME_LIMIT, InputFile, with_stdin
from .report import NOT_A_REPORT_REASON, SCHEMA, Report, finding_dict, parse
from .report_json import ReportJsonWriter
from .template import CELL_STATES, TABLE3_COLUMNS, TABLE4_BLOCKS, TABLE4_VALUES

if TYPE_CHECKING:
    from .corpus import Corpus

CSV_HEADER = tuple(c for c in FINDING_COLUMNS if c != "report")
"""Columns of ``gongkai check --csv``: one finding a row, as in exports (without the report id
of a corpus: the reports checked are files)."""

_SKIPPED_SHOWN = 20  # skipped files named one by one in a summary, at most


@dataclass
class _Outcome:
    """What became of one input: a report, the error that stopped it, or why it was skipped.
    ``read`` and ``is_report`` stay when the report is let go once written."""

    source: str
    report: Report | None = None
    error: BaseException | None = None
    skipped: str = ""
    read: bool = False
    is_report: bool = False


@dataclass(frozen=True)
class _Limits:
    """Per-file limits (docs/limits.md), None for none: a file past them is one failed input."""

    time_limit: float | None = TIME_LIMIT
    max_bytes: int | None = MAX_BYTES


def _limits(args: argparse.Namespace) -> _Limits:
    return _Limits(args.time_limit or None, args.max_bytes or None)


def _byte_count(text: str) -> int:
    """A size as ``--max-bytes`` takes it: bytes, or with K, M or G (binary: 1K = 1,024)."""
    scale = {"k": 1 << 10, "m": 1 << 20, "g": 1 << 30}.get(text[-1:].lower(), 1)
    digits = text[:-1] if scale > 1 else text
    if not digits.isdigit():
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (bytes, or with K, M or G: 256M)")
    return int(digits) * scale


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value >= 0:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}")
    return value


def _list_inputs(command: str, paths: Sequence[str]) -> list[InputFile] | None:
    """The inputs ``paths`` name (``-``: standard input), or None, said on stderr, when they
    name no input file at all."""
    listed = with_stdin(paths)
    if not any(not f.status for f in listed):
        why = [f.reason.removeprefix("FileNotFoundError: ") for f in listed if f.status == "failed"]
        print(f"gongkai {command}: no input files" + (": " + "; ".join(why) if why else ""), file=sys.stderr)
        return None
    return listed


def _listing_error(reason: str) -> OSError:
    """The error of an input that failed as the inputs were listed ("Kind: message"), as the
    OSError it names (a folder that cannot be listed: PermissionError; a link to nothing:
    FileNotFoundError)."""
    kind, _, message = reason.partition(": ")
    error = getattr(builtins, kind, None)
    if isinstance(error, type) and issubclass(error, OSError):
        return error(message)
    return OSError(reason)


def _parse_each(listed: Sequence[InputFile], limits: _Limits) -> Iterator[_Outcome]:
    """Each input parsed, one at a time, within ``limits``."""
    within = {"time_limit": limits.time_limit, "max_bytes": limits.max_bytes}
    for f in listed:
        if f.status == "skipped":
            yield _Outcome(f.source, skipped=f.reason)
        elif f.status == "failed":
            yield _Outcome(f.source, error=_listing_error(f.reason))
        else:
            source = STDIN if f.source == "-" else f.source
            try:
                if f.source == "-":
                    report = parse(sys.stdin.buffer.read(), name=STDIN, **within)
                else:
                    report = parse(f.source, **within)
            except (Error, OSError) as e:
                yield _Outcome(source, error=e)
            else:
                yield _Outcome(source, report=report, read=True, is_report=report.is_report)


def _read_inputs(command: str, paths: Sequence[str], limits: _Limits) -> list[_Outcome] | None:
    """Every input parsed (``-`` from standard input), or None, said on stderr, when ``paths``
    name no input file at all."""
    listed = _list_inputs(command, paths)
    return None if listed is None else list(_parse_each(listed, limits))


def _why(source: str, e: BaseException) -> str:
    """An input that could not be read as "source: Kind: message" (the source said once)."""
    text = str(e)
    if text.startswith(f"{source}: "):
        text = text[len(source) + 2 :]
    return f"{source}: {type(e).__name__}: {text}"


def _single(args: Sequence[str], n: int) -> bool:
    """One input named as a file (or ``-``): printed alone, not as a list."""
    return len(args) == 1 and n == 1 and not Path(args[0]).is_dir() and not (set("*?[") & set(args[0]))


def _totals(outcomes: Sequence[_Outcome]) -> str:
    """The count of inputs, of those read and of those that could not be read, then of inputs
    that are no report and of files skipped."""
    failed = sum(o.error is not None for o in outcomes)
    skipped = sum(bool(o.skipped) for o in outcomes)
    others = sum(o.read and not o.is_report for o in outcomes)
    read = sum(o.read and o.is_report for o in outcomes)
    text = f"{len(outcomes) - skipped} input(s): {read} read, {failed} could not be read"
    if others:
        text += f", {others} not a report"
    if skipped:
        text += f"; {skipped} skipped"
    return text


def _notes(outcomes: Sequence[_Outcome]) -> list[str]:
    """The inputs that are no report and the files skipped, one a line (skipped files up to 20,
    then how many more and of which types)."""
    lines = [
        f"not a report: {o.source}: {NOT_A_REPORT_REASON}" for o in outcomes if o.read and not o.is_report
    ]
    skipped = [o for o in outcomes if o.skipped]
    lines += [f"skipped: {o.source}: {o.skipped}" for o in skipped[:_SKIPPED_SHOWN]]
    if len(skipped) > _SKIPPED_SHOWN:
        rest = skipped[_SKIPPED_SHOWN:]
        types = sorted({Path(o.source).suffix.lower() or "no suffix" for o in rest})
        lines.append(f"skipped: {len(rest)} more ({', '.join(types)})")
    return lines


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
    if not r.is_report:
        lines.append(f"NOT A REPORT: {NOT_A_REPORT_REASON}")
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


def _indent_needs_json(args: argparse.Namespace) -> None:
    if args.indent is not None and not args.json:
        raise ValueError("--indent indents the JSON form: give --json too")
    if args.indent is not None and args.indent < 0:
        raise ValueError(f"--indent takes a number of spaces, 0 or more, not {args.indent}")


def _failure(source: str | Path, e: BaseException) -> dict[str, Any]:
    return {"schema": SCHEMA, "source": str(source), "error": {"type": type(e).__name__, "message": str(e)}}


def _json_writer(args: argparse.Namespace, listed: Sequence[InputFile]) -> ReportJsonWriter:
    """The writer of ``--json``: one object for one input file, else a list."""
    single = _single(args.files, sum(f.status != "skipped" for f in listed))
    return ReportJsonWriter(sys.stdout, indent=args.indent, single=single)


def cmd_parse(args: argparse.Namespace) -> int:
    _indent_needs_json(args)
    listed = _list_inputs("parse", args.files)
    if listed is None:
        return 2
    writer = _json_writer(args, listed) if args.json else None
    outcomes: list[_Outcome] = []
    for o in _parse_each(listed, _limits(args)):  # each report written, then let go
        if o.error is not None:
            print(f"gongkai parse: could not be read: {_why(o.source, o.error)}", file=sys.stderr)
            if writer is not None:
                writer.write_object(_failure(o.source, o.error))
        elif o.report is not None:
            if writer is not None:
                writer.write_report(o.report)
            else:
                print(render_report(o.report) + "\n")
        o.report = None
        outcomes.append(o)
    if writer is not None:
        writer.close()
    failed = sum(o.error is not None for o in outcomes)
    notes = _notes(outcomes)
    if failed or notes or len(outcomes) > 1:
        for line in notes:
            print(f"gongkai parse: {line}", file=sys.stderr)
        print(f"gongkai parse: {_totals(outcomes)}", file=sys.stderr)
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


def _csv_failure(source: str, e: BaseException) -> list[Any]:
    return _csv_cells(unreadable_record(source, f"{type(e).__name__}: {e}"))


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


def _csv_not_a_report(r: Report) -> list[list[Any]]:
    """The CSV rows of an input that is no report: its parse findings, with one of rule
    parse.not_a_report where the parser did not give one."""
    rows = [_csv_row(r, f) for f in r.findings]
    if not any(f.rule == NOT_A_REPORT_RULE for f in r.findings):
        record = unreadable_record(r.source, NOT_A_REPORT_REASON)
        record.update(rule=NOT_A_REPORT_RULE, agency=r.agency, year=r.year)
        rows.insert(0, _csv_cells(record))
    return rows


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

    _indent_needs_json(args)
    outcomes = _read_inputs("check", args.files, _limits(args))
    if outcomes is None:
        return 2
    reports = [o.report for o in outcomes if o.report is not None and o.report.is_report]
    found = dict(zip(map(id, reports), check_all(reports)))  # checks' findings by report
    every = [list(r.findings) + found[id(r)] for r in reports]  # parse findings too
    failures = [o for o in outcomes if o.error is not None]
    others = [o.report for o in outcomes if o.report is not None and not o.report.is_report]
    for o in failures:
        assert o.error is not None
        print(f"gongkai check: could not be read: {_why(o.source, o.error)}", file=sys.stderr)

    if args.json:
        writer = ReportJsonWriter(
            sys.stdout, indent=args.indent, single=_single(args.files, sum(not o.skipped for o in outcomes))
        )
        for o in outcomes:
            if o.error is not None:
                writer.write_object(_failure(o.source, o.error))
            elif o.report is not None:
                writer.write_report(o.report, extra_findings=found.get(id(o.report), []))
        writer.close()
    elif args.csv:
        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow(CSV_HEADER)
        for o in outcomes:
            if o.error is not None:
                w.writerow(_csv_failure(o.source, o.error))
            elif o.report is not None and not o.report.is_report:
                w.writerows(_csv_not_a_report(o.report))
            elif o.report is not None:
                w.writerows(_csv_row(o.report, f) for f in list(o.report.findings) + found[id(o.report)])
    else:
        # Every report with --all or for one input; else those with errors or warnings.
        show_all = args.all or sum(not o.skipped for o in outcomes) == 1
        hidden = 0
        for o in outcomes:
            r = o.report
            if r is None:
                continue
            if not r.is_report:
                print(f"== {r.source}\nNOT A REPORT: {NOT_A_REPORT_REASON}\n")
                continue
            fs = list(r.findings) + found[id(r)]
            if show_all or any(f.severity in ("error", "warning") for f in fs):
                print(check_summary(r, fs) + "\n")
            else:
                hidden += 1

    errors, warnings_only, clean = _tally(every)
    totals = f"{_totals(outcomes)}; {errors} with errors, {warnings_only} with warnings only, {clean} clean"
    if args.json or args.csv:
        for line in _notes(outcomes):
            print(f"gongkai check: {line}", file=sys.stderr)
        print(f"gongkai check: {totals}", file=sys.stderr)
    else:
        print("== summary\n" + totals)
        if hidden:
            print(f"  {hidden} clean report(s) not shown (--all shows every report)")
        for o in failures:
            assert o.error is not None
            print(f"  could not be read: {_why(o.source, o.error)}")
        for line in _notes(outcomes):
            print(f"  {line}")
        print("\n".join(_rule_table(every)))
    if failures:
        return 2
    return 1 if errors or others else 0


def cmd_demo(args: argparse.Namespace) -> int:
    from .demo import run

    out = Path(args.out)
    print(f"gongkai {__version__} demo: a synthetic province rendered by gongkai, read, checked and compared")
    summary = run(out)
    print(
        f"{summary['files']} files: {summary['reports']} reports read, {summary['failed']} could not be read, "
        f"{summary['not_a_report']} no report; {summary['with_errors']} with errors; "
        f"{summary['agencies']} agencies in {summary['counties']} counties, "
        f"years {summary['years'][0]}-{summary['years'][-1]}"
    )
    print(f"outputs written to {out.resolve()}:")
    for name in ("index.html", "tables/", "plots/", "reports/"):
        if (out / name.rstrip("/")).exists():
            print(f"  {out.resolve() / name}")
    return 0


def _columns(option: str, given: str) -> list[str]:
    """The columns of the report metadata named by ``--by`` (comma-separated), each checked."""
    from .corpus import META_COLUMNS

    names = [b.strip() for b in given.split(",") if b.strip()]
    if not names:
        raise ValueError(f"{option} names no column (choices: {', '.join(META_COLUMNS)})")
    return check_choices(f"{option} column", names, META_COLUMNS)


def _indicator_ids(given: str | None) -> list[str] | None:
    """The indicator ids of ``--indicators`` (comma-separated), each checked against the
    built-in indicators; None for all."""
    if not given:
        return None
    from ._core import builtin_indicators

    ids = [i.strip() for i in given.split(",") if i.strip()]
    return check_choices("indicator", ids, [i.id for i in builtin_indicators()])


def _read_manifest(path: str | None) -> Any:
    """The manifest of ``--manifest``; gongkai.places.ManifestError (a ValueError) naming the
    file and line when it cannot be read."""
    if not path:
        return None
    from .places import read_manifest

    return read_manifest(path)


def _read_corpus(command: str, paths: Sequence[str], manifest: Any, limits: _Limits) -> Corpus:
    """The reports under ``paths`` read by gongkai.read (``-``: standard input), every input
    accounted for on stderr: each that could not be read with its reason, those that are no
    report and the files skipped, then a summary line. FileNotFoundError when no input is found."""
    import tempfile

    from .corpus import read

    with tempfile.TemporaryDirectory(prefix="gongkai-") as tmp:
        given = list(paths)
        stdin_path = ""
        if "-" in given:  # gongkai.read reads files: standard input is written to one first
            stdin_path = os.path.join(tmp, "stdin")
            Path(stdin_path).write_bytes(sys.stdin.buffer.read())
            given = [stdin_path if p == "-" else p for p in given]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the inputs not found are printed below
            corpus = read(
                given,
                progress=False,
                manifest=manifest,
                time_limit=limits.time_limit,
                max_bytes=limits.max_bytes,
            )
    accounting = corpus.accounting
    assert accounting is not None
    if stdin_path:
        for frame, col in ((corpus.meta, "source"), (accounting, "source"), (accounting, "reason")):
            frame[col] = frame[col].astype("string").str.replace(stdin_path, STDIN, regex=False)
        corpus.failures = [
            (s.replace(stdin_path, STDIN), w.replace(stdin_path, STDIN)) for s, w in corpus.failures
        ]
    counts = Counter(accounting["status"])
    for row in accounting.itertuples(index=False):
        if row.status == "failed":
            reason = str(row.reason).replace(f": {row.source}: ", ": ", 1)
            print(f"gongkai {command}: could not be read: {row.source}: {reason}", file=sys.stderr)
        elif row.status in ("not_a_report", "skipped"):
            label = "not a report" if row.status == "not_a_report" else "skipped"
            print(f"gongkai {command}: {label}: {row.source}: {row.reason}", file=sys.stderr)
    skipped = counts["skipped"]
    summary = (
        f"{len(accounting) - skipped} input(s): {len(corpus)} report(s) in the corpus, "
        f"{counts['failed']} could not be read"
    )
    if counts["not_a_report"]:
        summary += f", {counts['not_a_report']} not a report"
    if counts["duplicate_form"]:
        summary += f", {counts['duplicate_form']} another form of a report kept"
    if skipped:
        summary += f"; {skipped} skipped"
    print(f"gongkai {command}: {summary}", file=sys.stderr)
    return corpus


@contextmanager
def _grouping_said(command: str) -> Iterator[None]:
    """Reports a grouping leaves out (no county known ...) said on stderr as a line of the
    command, not as a Python warning."""
    from .corpus import GroupingWarning

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", GroupingWarning)
        yield
    for w in caught:
        if issubclass(w.category, GroupingWarning):
            said = str(w.message).replace("(dropna=False gives", "(--keep-missing gives")
            print(f"gongkai {command}: {said}", file=sys.stderr)
        else:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)


def _print_table(table: Any, as_csv: bool) -> None:
    if as_csv:
        table.to_csv(sys.stdout)
        return
    import pandas as pd

    with pd.option_context(
        "display.max_columns", None, "display.width", 200, "display.float_format", "{:.4g}".format
    ):
        print(table.to_string())


def cmd_indicators(args: argparse.Namespace) -> int:
    by = _columns("--by", args.by) if args.by is not None else None
    corpus = _read_corpus("indicators", args.paths, _read_manifest(args.manifest), _limits(args))
    if len(corpus) == 0:
        print("gongkai indicators: no report could be read", file=sys.stderr)
        return 2
    # per report: its metadata beside the values, so that each row names its agency and file
    with _grouping_said("indicators"):
        table = (
            corpus.frame()
            if by is None
            else corpus.indicators(by=by if len(by) > 1 else by[0], dropna=not args.keep_missing)
        )
    if by is not None and table.empty and not args.csv:
        print(f"gongkai indicators: no report names its {', '.join(by)}", file=sys.stderr)
    _print_table(table, args.csv)
    return 2 if corpus.failures else 0


def cmd_compare(args: argparse.Namespace) -> int:
    by = _columns("--by", args.by)
    ids = _indicator_ids(args.indicators)
    corpus = _read_corpus("compare", args.paths, _read_manifest(args.manifest), _limits(args))
    if len(corpus) == 0:
        print("gongkai compare: no report could be read", file=sys.stderr)
        return 2
    with _grouping_said("compare"):
        table = corpus.compare(by=by, indicators=ids, tidy=args.csv, dropna=not args.keep_missing)
    if args.csv:  # one flat header line: a row per (group, indicator)
        table.to_csv(sys.stdout, index=False)
        return 2 if corpus.failures else 0
    if table.empty:
        print(f"gongkai compare: no report names its {', '.join(by)}", file=sys.stderr)
    _print_table(table, False)
    return 2 if corpus.failures else 0


def _export_target(to: str, format: str | None) -> str:
    """The export format of ``--to`` and ``--format``, checked before any input is read: a
    format that can be told, its optional dependency installed, a target of the right kind
    (a folder for csv and parquet, a file for excel and json) in a place that can be written."""
    from .export import FORMATS, _format, _require

    target = Path(to)
    try:
        fmt = _format(target, format)
    except ValueError:
        raise ValueError(
            f"{to}: cannot tell the export format from its suffix (.csv or none, .parquet, .xlsx, "
            f".json); give --format ({', '.join(FORMATS)})"
        ) from None
    _require(fmt)
    folder = fmt in ("csv", "parquet")
    if folder and target.exists() and not target.is_dir():
        raise ValueError(f"{to}: is a file; {fmt} export writes a folder of three files there")
    if not folder and target.is_dir():
        raise ValueError(f"{to}: is a folder; {fmt} export writes one file")
    existing = target if target.exists() else next((q for q in target.parents if q.exists()), Path("."))
    if not existing.is_dir() and existing != target:
        raise ValueError(f"{to}: cannot be written: {existing} is a file, not a folder")
    if not os.access(existing if existing.is_dir() else existing.parent, os.W_OK):
        raise ValueError(f"{to}: cannot be written: {existing} is not writable")
    return fmt


def cmd_export(args: argparse.Namespace) -> int:
    from .export import export

    try:
        fmt = _export_target(args.to, args.format)
    except ImportError as e:  # pyarrow or openpyxl missing: the message says what to install
        print(f"gongkai export: {e}", file=sys.stderr)
        return 2
    manifest = _read_manifest(args.manifest)
    outcomes = _read_inputs("export", args.paths, _limits(args))
    if outcomes is None:
        return 2
    reports = [o.report for o in outcomes if o.report is not None and o.report.is_report]
    failures = [(o.source, f"{type(o.error).__name__}: {o.error}") for o in outcomes if o.error is not None]
    for o in outcomes:
        if o.error is not None:
            print(f"gongkai export: could not be read: {_why(o.source, o.error)}", file=sys.stderr)
    for line in _notes(outcomes):
        print(f"gongkai export: {line}", file=sys.stderr)
    try:
        written = export(reports, args.to, fmt, failures=failures, manifest=manifest)
    except OSError as e:
        print(f"gongkai export: {args.to}: cannot be written: {e}", file=sys.stderr)
        return 2
    print(
        f"gongkai export: {_totals(outcomes)}; wrote {', '.join(str(p) for p in written)}",
        file=sys.stderr,
    )
    return 2 if failures else 0


def cmd_fetch(args: argparse.Namespace) -> int:
    from .fetch import FetchDependencyError, crawl

    progress = sys.stderr.isatty() and not args.quiet
    try:
        result = crawl(
            args.urls,
            args.out,
            delay=args.delay,
            timeout=args.timeout,
            max_bytes=args.max_bytes,
            retries=args.retries,
            backoff=args.backoff,
            max_redirects=args.max_redirects,
            max_pages=args.max_pages,
            max_requests=args.max_requests,
            recheck_after=args.recheck_after,
            contact=args.contact,
            progress=progress,
        )
    except FetchDependencyError as e:
        print(f"gongkai fetch: {e}", file=sys.stderr)
        return 2
    except OSError as e:
        print(f"gongkai fetch: {args.out}: {e.strerror or e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(
            "gongkai fetch: interrupted; the manifest holds what was done: run again to resume",
            file=sys.stderr,
        )
        return 130
    for row in result.rows:
        if row["status"] in ("failed", "skipped") and not args.quiet:
            print(f"gongkai fetch: {row['status']}: {row['url']}: {row['reason']}", file=sys.stderr)
    print(f"gongkai fetch: {result.summary()}", file=sys.stderr)
    print(f"gongkai fetch: manifest {result.manifest}", file=sys.stderr)
    failed = any(row["status"] == "failed" for row in result.rows)
    if not result.reports() and not result.stopped:
        print("gongkai fetch: no annual report found", file=sys.stderr)
        return 2
    if failed:
        return 2
    return 1 if result.stopped else 0


def _message(e: BaseException) -> str:
    """The text of an error for a person (a KeyError's without the quotes repr adds)."""
    if type(e) is KeyError and len(e.args) == 1 and isinstance(e.args[0], str):
        return e.args[0]
    return str(e)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="gongkai", description="Read 政府信息公开工作年度报告 as data.")
    parser.add_argument("--version", action="version", version=f"gongkai {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    limits = argparse.ArgumentParser(add_help=False)
    limits.add_argument(
        "--time-limit",
        type=_seconds,
        default=TIME_LIMIT,
        metavar="SECONDS",
        help=f"seconds one file's parse may take, past which it is an input not read (default {TIME_LIMIT:g}; 0: none)",
    )
    limits.add_argument(
        "--max-bytes",
        type=_byte_count,
        default=MAX_BYTES,
        metavar="SIZE",
        help=f"size of one file read at most, e.g. 64M (default {MAX_BYTES >> 20}M; 0: none)",
    )
    p = sub.add_parser("parse", parents=[limits], help="parse reports and print their tables (or --json)")
    p.add_argument(
        "files",
        nargs="+",
        help="report files (text, HTML, markdown, .docx, PDF, or images read by OCR), folders of them or globs; - reads standard input",
    )
    p.add_argument(
        "--json",
        action="store_true",
        help="print the JSON form (docs/report-json.md), compact: one object for one file, else a list",
    )
    p.add_argument("--indent", type=int, metavar="N", help="with --json: indent N spaces a level, for people")
    p.set_defaults(func=cmd_parse)
    c = sub.add_parser(
        "check",
        parents=[limits],
        help="check reports against every rule (docs/rules.md); exit 0 clean, 1 errors, 2 unreadable input",
        description=(
            "Check reports against every rule of the catalogue (docs/rules.md): the identities within "
            "a report, the carry-over chain and stock of documents across one agency's years, copies "
            "across reports. Prints the reports with errors or warnings (every report with --all "
            "or for one input) and a summary. Exit code 0 when no finding is an error, 1 when some "
            "finding is or some input is no report, 2 when some input could not be read."
        ),
    )
    c.add_argument(
        "files",
        nargs="+",
        help="report files (text, HTML, markdown, .docx, PDF, or images read by OCR), folders of them or globs; - reads standard input",
    )
    c.add_argument(
        "--all",
        action="store_true",
        help="print every report (by default a folder's clean reports are left out; the summary counts them)",
    )
    fmt = c.add_mutually_exclusive_group()
    fmt.add_argument(
        "--json",
        action="store_true",
        help="print the JSON form of each report, findings of every rule included (compact; see --indent)",
    )
    fmt.add_argument(
        "--csv",
        action="store_true",
        help=f"print one CSV row per finding (and a row of rule {UNREADABLE_RULE} per input not read)",
    )
    c.add_argument("--indent", type=int, metavar="N", help="with --json: indent N spaces a level, for people")
    c.set_defaults(func=cmd_check)
    ind = sub.add_parser(
        "indicators", parents=[limits], help="indicators per report, or pooled by a grouping (--by county)"
    )
    ind.add_argument(
        "paths", nargs="+", help="report files, folders of them or globs; - reads standard input"
    )
    ind.add_argument(
        "--by",
        help="group by columns of the report metadata: agency, key, county, prefecture, "
        "province, level, type, year, template (comma-separated)",
    )
    ind.add_argument("--csv", action="store_true", help="write CSV")
    ind.add_argument(
        "--keep-missing",
        action="store_true",
        help="reports without the --by value (no county known ...) make a group of their own instead of being left out",
    )
    ind.add_argument("--manifest", help="a CSV naming agency and place per file (column 'file')")
    ind.set_defaults(func=cmd_indicators)
    cmp = sub.add_parser(
        "compare",
        parents=[limits],
        help="groups side by side (--by county): pooled indicators, ranks, percentiles, outliers",
    )
    cmp.add_argument(
        "paths", nargs="+", help="report files, folders of them or globs; - reads standard input"
    )
    cmp.add_argument("--by", default="county", help="a column of the report metadata (default county)")
    cmp.add_argument("--indicators", help="indicator ids, comma-separated (default all; docs/indicators.md)")
    cmp.add_argument(
        "--csv", action="store_true", help="write CSV: a row per (group, indicator), one header line"
    )
    cmp.add_argument("--manifest", help="a CSV naming agency and place per file (column 'file')")
    cmp.add_argument(
        "--keep-missing",
        action="store_true",
        help="reports without the --by value (no county known ...) make a group of their own instead of being left out",
    )
    cmp.set_defaults(func=cmd_compare)
    exp = sub.add_parser(
        "export",
        parents=[limits],
        help="write reports, findings and indicators as CSV, Parquet, Excel or JSON",
        description=(
            "Write three tables (reports: a row per report with every cell as a column; findings: a "
            "row per finding of every rule; indicators: a row per report) to --to: csv and parquet "
            "write a folder of three files, excel one workbook of three sheets, json the report "
            "objects of 'gongkai check --json'. The format is --format, else the suffix of --to "
            "(.csv or none: csv; .parquet; .xlsx; .json). Parquet and Excel need "
            'pip install "gongkai[export]" (from a checkout: pip install ".[export]"). Exit code 2 '
            "when some input could not be read or --to cannot be written."
        ),
    )
    exp.add_argument(
        "paths", nargs="+", help="report files, folders of them or globs; - reads standard input"
    )
    exp.add_argument("--to", required=True, help="the folder (csv, parquet) or file (excel, json) to write")
    exp.add_argument("--format", choices=["csv", "parquet", "excel", "json"], help="default: from --to")
    exp.add_argument("--manifest", help="a CSV naming agency and place per file (column 'file')")
    exp.set_defaults(func=cmd_export)
    f = sub.add_parser(
        "fetch",
        help="collect annual reports from agency sites into a folder, with a manifest (docs/fetch.md)",
        description=(
            "Collect the annual reports reachable from column list pages or article URLs (or a CSV "
            "of them with columns url, agency, place) into --out, with --out/manifest.csv: one row "
            "per URL, downloaded, unchanged, skipped or failed, with the reason. Polite: robots.txt "
            "obeyed, one request at a time, --delay seconds between two requests to a host, retries "
            "with backoff on 5xx and timeouts, conditional requests on a rerun. Run again to resume. "
            "Exit code 0 when every URL was accounted for and none failed, 1 when --max-requests "
            "stopped the crawl, 2 when some URL failed or no report was found."
        ),
    )
    f.add_argument(
        "urls", nargs="+", help="list pages, article pages or report files (http/https), or CSV files of them"
    )
    f.add_argument("--out", required=True, help="the folder for the reports and manifest.csv")
    f.add_argument(
        "--delay", type=float, default=1.0, help="seconds between two requests to a host (default 1)"
    )
    f.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for an answer (default 30)")
    f.add_argument(
        "--max-bytes",
        type=_byte_count,
        default=64 << 20,
        metavar="SIZE",
        help="the largest file kept, e.g. 16M (default 64M)",
    )
    f.add_argument("--retries", type=int, default=3, help="tries again on 5xx and timeouts (default 3)")
    f.add_argument(
        "--backoff",
        type=float,
        default=2.0,
        help="seconds before the first retry, doubled each time (default 2)",
    )
    f.add_argument("--max-redirects", type=int, default=10, help="redirects followed per URL (default 10)")
    f.add_argument("--max-pages", type=int, default=200, help="list pages followed, at most (default 200)")
    f.add_argument("--max-requests", type=int, help="stop after this many requests (run again to resume)")
    f.add_argument(
        "--recheck-after",
        type=float,
        default=86400.0,
        help="seconds after which a file fetched before is asked for again, conditionally (default a day)",
    )
    f.add_argument("--contact", help="an e-mail address or URL for the User-Agent, for the sites' operators")
    f.add_argument("--quiet", action="store_true", help="no progress bar, only the summary")
    f.set_defaults(func=cmd_fetch)
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
    except (UnknownNameError, KeyError, ValueError, FileNotFoundError) as e:
        # a name that is none of the choices, a bad manifest or export target, no input found
        print(f"gongkai {args.command}: {_message(e)}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
