"""Parse throughput: gongkai's C++ core against a pure-Python parser, in one run.

Renders N synthetic reports with :mod:`gongkai.render` (a third each: the text layout of a
.docx extraction, HTML pages with random variations, page chrome on or off, UTF-8 or GBK, and
.docx files) into memory, checks that gongkai and the pure-Python baseline (``pyparser.py``)
read the same tables 2, 3 and 4 from every report, then times on one thread:

  core    gongkai._core.parse_bytes(data)   the C++ core through its binding (GIL released)
  api     gongkai.parse(data)               the public Python API (wraps the core's Report)
  python  pyparser.parse(data)              the pure-Python baseline (html.parser, zipfile +
                                            xml.etree, keywords)

The core reads WordprocessingML, not zip archives: for the docx layout it is handed each file's
word/document.xml, unpacked before timing, while api and python are handed the .docx (and
unpack it inside the timed loop). MB/s are per byte of the .docx file for all three, so that
the ratios are time ratios; the core's rate per byte of XML is printed beside.

Each measurement is repeated (--repeat) in round-robin order; the best run is the headline and
the median is kept too. Throughput is in MB/s (1 MB = 10**6 bytes of input as stored: UTF-8
for text, UTF-8 or GBK for HTML) and reports/s; "overall" is the whole corpus, i.e. total bytes
over the sum of the per-layout times. The garbage collector is off inside timed loops, as in
timeit. If ../shared/corpus/reports/*.html exist (or --corpus DIR), each real page is also
parsed --corpus-iterations times by each parser, as an extra line.

    python benchmarks/bench_parse.py [--reports 3000] [--repeat 5] [--seed 20250120]
                                     [--json out.json] [--dump DIR]
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import io
import json
import os
import platform
import statistics
import sys
import time
import zipfile
from pathlib import Path
from typing import Any, Callable

import numpy as np

import gongkai
from gongkai import _core

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import pyparser

TARGET_MB_S = 100.0
DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "reports"


def load_render() -> Any:
    """gongkai.render from this checkout (loaded by path, like the tests), else the installed."""
    path = HERE.parent / "python" / "gongkai" / "render" / "__init__.py"
    if path.is_file():
        spec = importlib.util.spec_from_file_location(
            "gongkai_render_bench", path, submodule_search_locations=[str(path.parent)]
        )
        assert spec is not None and spec.loader is not None
        mod = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = mod
        spec.loader.exec_module(mod)
        return mod
    from gongkai import render

    return render


# ---- corpus


LAYOUTS = ("text", "html", "docx")


def generate(n: int, seed: int) -> dict[str, list[bytes]]:
    """n reports, the layouts in turn (text, HTML, .docx), all drawn from one seeded generator."""
    render = load_render()
    rng = np.random.default_rng(seed)
    out: dict[str, list[bytes]] = {layout: [] for layout in LAYOUTS}
    for i in range(n):
        template = "2021" if rng.random() < 0.75 else "2019"
        missing = 0.3 if rng.random() < 0.3 else 0.0
        data = render.random_report(rng, template, missing_rate=missing)
        var = render.Variations.random(rng)  # page_chrome on for about half the pages
        layout = LAYOUTS[i % len(LAYOUTS)]
        if layout == "text":
            out["text"].append(render.render_text(data, rng=rng, variations=var).encode("utf-8"))
        elif layout == "html":
            page = render.render_html(data, rng=rng, variations=var)
            out["html"].append(render.encode_html(page, var.encoding))
        else:
            out["docx"].append(render.render_docx(data, rng=rng, variations=var))
    return out


def document_xml(docx: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return z.read("word/document.xml")


def core_inputs(corpus: dict[str, list[bytes]]) -> dict[str, list[bytes]]:
    """What the core is handed: the bytes as stored, but word/document.xml for a .docx."""
    return {
        lay: [document_xml(b) for b in items] if lay == "docx" else items for lay, items in corpus.items()
    }


# ---- agreement


def check_agreement(corpus: dict[str, list[bytes]]) -> dict[str, Any]:
    """gongkai and pyparser must read the same tables 2, 3 and 4 from every report."""
    stats: dict[str, Any] = {
        "reports": 0,
        "tables_equal": 0,
        "agency_equal": 0,
        "year_equal": 0,
        "template_equal": 0,
    }
    problems = []
    for layout, items in corpus.items():
        for k, data in enumerate(items):
            r = gongkai.parse(data)
            p = pyparser.parse(data)
            t3 = p["table3_rows"] == r.table3_rows and np.array_equal(
                np.array(p["table3"], dtype=float), r.table3, equal_nan=True
            )
            t4 = np.array_equal(np.array(p["table4"], dtype=float), r.table4, equal_nan=True)
            t2 = len(p["table2"]) == len(r.table2) and np.allclose(
                np.array(p["table2"], dtype=float), r.table2, rtol=1e-12, atol=0.0, equal_nan=True
            )
            stats["reports"] += 1
            stats["tables_equal"] += t2 and t3 and t4
            stats["agency_equal"] += p["agency"] == r.agency
            stats["year_equal"] += p["year"] == r.year
            stats["template_equal"] += p["template"] == r.template
            if not (t2 and t3 and t4):
                problems.append(f"{layout}[{k}]: table2 {t2}, table3 {t3}, table4 {t4}")
    if problems:
        raise SystemExit(
            "the parsers disagree, so the timing would not compare like with like:\n  "
            + "\n  ".join(problems[:20])
        )
    return stats


# ---- timing


def run_once(fn: Callable[[bytes], Any], items: list[bytes]) -> float:
    gc.collect()
    gc.disable()
    try:
        t0 = time.perf_counter()
        for data in items:
            fn(data)
        return time.perf_counter() - t0
    finally:
        gc.enable()


def parse_core(data: bytes) -> Any:
    return _core.parse_bytes(data, "", "auto")


PARSERS: dict[str, Callable[[bytes], Any]] = {
    "core": parse_core,
    "api": gongkai.parse,
    "python": pyparser.parse,
}
LABELS = {
    "core": "gongkai C++ core (_core.parse_bytes)",
    "api": "gongkai.parse (Python API)",
    "python": "pure-Python parser (pyparser)",
}


def measure(corpus: dict[str, list[bytes]], repeat: int) -> dict[str, dict[str, list[float]]]:
    inputs = {name: core_inputs(corpus) if name == "core" else corpus for name in PARSERS}
    times: dict[str, dict[str, list[float]]] = {p: {lay: [] for lay in corpus} for p in PARSERS}
    for name, fn in PARSERS.items():  # warm up: caches, lazy imports, allocator
        for items in inputs[name].values():
            for data in items[:20]:
                fn(data)
    for _ in range(repeat):
        for name, fn in PARSERS.items():
            for layout, items in inputs[name].items():
                times[name][layout].append(run_once(fn, items))
    return times


def summarise(
    corpus: dict[str, list[bytes]], times: dict[str, dict[str, list[float]]]
) -> list[dict[str, Any]]:
    rows = []
    layouts = list(corpus)
    xml_bytes = sum(len(b) for b in core_inputs({"docx": corpus.get("docx", [])})["docx"])
    for name in PARSERS:
        for layout in layouts + ["overall"]:
            lays = layouts if layout == "overall" else [layout]
            nbytes = sum(len(b) for lay in lays for b in corpus[lay])
            nrep = sum(len(corpus[lay]) for lay in lays)
            best = sum(min(times[name][lay]) for lay in lays)
            median = sum(statistics.median(times[name][lay]) for lay in lays)
            row = {
                "parser": name,
                "layout": layout,
                "reports": nrep,
                "bytes": nbytes,
                "best_s": best,
                "median_s": median,
                "mb_s": nbytes / best / 1e6,
                "reports_s": nrep / best,
                "median_mb_s": nbytes / median / 1e6,
                "median_reports_s": nrep / median,
                "us_per_report": best / nrep * 1e6,
            }
            if layout == "docx":
                row["xml_bytes"] = xml_bytes
                row["xml_mb_s"] = xml_bytes / best / 1e6
            rows.append(row)
    return rows


def measure_real(directory: Path, iterations: int) -> list[dict[str, Any]]:
    files = sorted(directory.glob("*.html"))
    if not files:
        return []
    pages = [(f.name, f.read_bytes()) for f in files]
    rows = []
    for name, fn in PARSERS.items():
        for _, data in pages:
            fn(data)
        total = 0.0
        for _, data in pages:
            total += run_once(fn, [data] * iterations)
        nbytes = sum(len(d) for _, d in pages) * iterations
        nrep = len(pages) * iterations
        rows.append(
            {
                "parser": name,
                "layout": f"real html ({len(pages)} pages)",
                "reports": nrep,
                "bytes": nbytes,
                "best_s": total,
                "median_s": total,
                "mb_s": nbytes / total / 1e6,
                "reports_s": nrep / total,
                "median_mb_s": nbytes / total / 1e6,
                "median_reports_s": nrep / total,
                "us_per_report": total / nrep * 1e6,
                "files": [n for n, _ in pages],
            }
        )
    return rows


def ratios(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    by = {(r["parser"], r["layout"]): r for r in rows}
    out = []
    for (parser, layout), r in by.items():
        if parser == "python":
            continue
        base = by[("python", layout)]
        out.append({"parser": parser, "layout": layout, "speedup": r["mb_s"] / base["mb_s"]})
    return out


# ---- report


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def print_table(rows: list[dict[str, Any]], speedups: list[dict[str, Any]]) -> None:
    head = (
        f"{'parser':<38} {'layout':<22} {'reports':>7} {'MB':>7} {'MB/s':>8} "
        f"{'(median)':>8} {'reports/s':>10} {'us/report':>10}"
    )
    print(head)
    print("-" * len(head))
    last = None
    for r in rows:
        if last is not None and r["parser"] != last:
            print()
        last = r["parser"]
        xml = f"   ({r['xml_mb_s']:.1f} MB/s of XML)" if "xml_mb_s" in r and r["parser"] == "core" else ""
        print(
            f"{LABELS[r['parser']]:<38} {r['layout']:<22} {r['reports']:>7} "
            f"{r['bytes'] / 1e6:>7.1f} {r['mb_s']:>8.2f} {r['median_mb_s']:>8.2f} "
            f"{r['reports_s']:>10.0f} {r['us_per_report']:>10.1f}{xml}"
        )
    print()
    print("speed ratio against the pure-Python parser (same bytes, same run):")
    for s in speedups:
        print(f"  {s['parser']:<7} / python  {s['layout']:<22} {s['speedup']:>7.1f}x")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--reports", type=int, default=3000, help="synthetic reports (default 3000)")
    ap.add_argument("--repeat", type=int, default=5, help="runs of each measurement (default 5)")
    ap.add_argument("--seed", type=int, default=20250120)
    ap.add_argument(
        "--corpus",
        type=Path,
        default=DEFAULT_CORPUS,
        help="directory of real HTML reports (skipped if absent)",
    )
    ap.add_argument("--corpus-iterations", type=int, default=200)
    ap.add_argument("--json", type=Path, metavar="OUT", help="also write the results as JSON")
    ap.add_argument(
        "--dump",
        type=Path,
        metavar="DIR",
        help="write the rendered reports into DIR (for parse_files.cpp) and exit",
    )
    args = ap.parse_args(argv)
    if args.reports < len(LAYOUTS) or args.repeat < 1:
        ap.error(f"--reports must be >= {len(LAYOUTS)} and --repeat >= 1")

    t0 = time.perf_counter()
    corpus = generate(args.reports, args.seed)
    gen_s = time.perf_counter() - t0
    if args.dump:  # parse_files.cpp reads what the core reads: word/document.xml for a .docx
        args.dump.mkdir(parents=True, exist_ok=True)
        for layout, items in core_inputs(corpus).items():
            ext = {"text": "txt", "html": "html", "docx": "xml"}[layout]
            for k, data in enumerate(items):
                (args.dump / f"{layout}_{k:05d}.{ext}").write_bytes(data)
        print(f"wrote {args.reports} reports into {args.dump}")
        return 0
    print(
        f"gongkai {gongkai.__version__} ({Path(_core.__file__).name}), Python "
        f"{platform.python_version()}, {cpu_model()}, {os.cpu_count()} CPUs; one thread"
    )
    for layout, items in corpus.items():
        sizes = [len(b) for b in items]
        xml = ""
        if layout == "docx":
            xml = f"; word/document.xml {sum(map(len, core_inputs(corpus)['docx'])) / 1e6:.1f} MB"
        print(
            f"corpus {layout}: {len(items)} reports, {sum(sizes) / 1e6:.1f} MB, "
            f"mean {statistics.mean(sizes) / 1e3:.1f} kB (min {min(sizes) / 1e3:.1f}, "
            f"max {max(sizes) / 1e3:.1f}){xml}"
        )
    print(f"rendered in {gen_s:.1f} s (seed {args.seed})")

    agreement = check_agreement(corpus)
    print(
        f"agreement: tables 2, 3, 4 equal on {agreement['tables_equal']}/{agreement['reports']}"
        f" reports; agency {agreement['agency_equal']}, year {agreement['year_equal']}, "
        f"template {agreement['template_equal']}"
    )
    print(f"timing: best of {args.repeat} runs (median alongside)\n")

    rows = summarise(corpus, measure(corpus, args.repeat))
    if args.corpus.is_dir():
        rows += measure_real(args.corpus, args.corpus_iterations)
    rows.sort(key=lambda r: list(PARSERS).index(r["parser"]))
    speedups = ratios(rows)
    print_table(rows, speedups)
    core = {r["layout"]: r["mb_s"] for r in rows if r["parser"] == "core"}
    for r in rows:
        if r["parser"] == "core" and "xml_mb_s" in r:
            core["docx (XML)"] = r["xml_mb_s"]
    print(
        f"\ntarget: C++ core >= {TARGET_MB_S:.0f} MB/s on one core; measured "
        + ", ".join(f"{k} {v:.1f}" for k, v in core.items())
        + " MB/s"
    )

    if args.json:
        result = {
            "benchmark": "bench_parse",
            "gongkai_version": gongkai.__version__,
            "python": platform.python_version(),
            "cpu": cpu_model(),
            "cpus": os.cpu_count(),
            "config": {
                "reports": args.reports,
                "repeat": args.repeat,
                "seed": args.seed,
                "corpus": str(args.corpus) if args.corpus.is_dir() else None,
                "corpus_iterations": args.corpus_iterations,
            },
            "agreement": agreement,
            "results": rows,
            "speedup_vs_python": speedups,
            "target_mb_s": TARGET_MB_S,
        }
        args.json.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
