"""How the cost grows with the corpus: time and peak memory at 10^3 ... 10^6 reports.

Two parts, each size measured in a fresh Python process (so that its peak memory is its own):

* ``corpus``: a corpus of N reports' numbers (:func:`bench_indicators.synthetic`: table 3 counts
  of agencies over five years in 3,000 counties), then the first call of
  ``Corpus.indicators(by="county")``, ``Corpus.compare(by="county")`` and ``Corpus.yoy()``
  through the Python API. Memory: the process's resident set after building the corpus, less
  before, per report; and its peak.
* ``read``: N rendered report files (:func:`bench_batch.write`: text, HTML and .docx in turn)
  read by ``gongkai.read(folder, workers=1)``. Memory: the peak of the process.

    python benchmarks/bench_scaling.py                      # corpus 10^3..10^6, read 10^3..10^4
    python benchmarks/bench_scaling.py --read-max 100000    # read 10^5 too (renders 10^5 files, minutes)
    python benchmarks/bench_scaling.py --json out.json

Prints a markdown table. Linear cost shows as a time per report that stays level as N grows.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def rss_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize()


def peak_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def one_corpus(n: int) -> dict[str, float]:
    sys.path.insert(0, str(HERE))
    from bench_indicators import synthetic

    before = rss_bytes()
    t0 = time.perf_counter()
    corpus = synthetic(n, min(3000, max(1, n // 50)))
    built = time.perf_counter() - t0
    held = (rss_bytes() - before) / n
    out = {"n": n, "build s": built, "held bytes/report": held}
    for name, call in (
        ("indicators(by=county) s", lambda: corpus.indicators(by="county")),
        ("compare(by=county) s", lambda: corpus.compare(by="county")),
        ("yoy() s", lambda: corpus.yoy()),
    ):
        t0 = time.perf_counter()
        call()
        out[name] = time.perf_counter() - t0
    out["peak MB"] = peak_bytes() / 1e6
    return out


def one_read(folder: str) -> dict[str, float]:
    import gongkai

    files = sorted(Path(folder).iterdir())
    size = sum(p.stat().st_size for p in files)
    t0 = time.perf_counter()
    corpus = gongkai.read(folder, workers=1, progress=False)
    seconds = time.perf_counter() - t0
    return {
        "n": len(files),
        "MB": size / 1e6,
        "read s": seconds,
        "reports": len(corpus),
        "peak MB": peak_bytes() / 1e6,
    }


def run(args: list[str]) -> dict[str, float]:
    proc = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--max", type=int, default=1_000_000, help="largest corpus (default 10^6)")
    ap.add_argument("--read-max", type=int, default=10_000, help="most files read (default 10^4)")
    ap.add_argument("--json", type=Path, help="also write the figures as JSON")
    ap.add_argument("--one", nargs=2, metavar=("PART", "ARG"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        part, arg = args.one
        print(json.dumps(one_corpus(int(arg)) if part == "corpus" else one_read(arg)))
        return 0

    sizes = [10**k for k in range(3, 7)]
    rows: dict[str, list[dict[str, float]]] = {"corpus": [], "read": []}
    print(
        "| reports | build s | held bytes/report | indicators(by=county) s | compare(by=county) s | yoy() s | peak MB |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for n in (s for s in sizes if s <= args.max):
        r = run(["--one", "corpus", str(n)])
        rows["corpus"].append(r)
        print(
            f"| {n:,} | {r['build s']:.2f} | {r['held bytes/report']:,.0f} | {r['indicators(by=county) s']:.3f} "
            f"| {r['compare(by=county) s']:.3f} | {r['yoy() s']:.3f} | {r['peak MB']:,.0f} |",
            flush=True,
        )
    print()
    print("| files | MB | gongkai.read(workers=1) s | µs/file | reports | peak MB |")
    print("|---:|---:|---:|---:|---:|---:|")
    sys.path.insert(0, str(HERE))
    from bench_batch import write

    for n in (s for s in sizes if s <= args.read_max):
        with tempfile.TemporaryDirectory(prefix="gongkai-scaling-") as tmp:
            write(Path(tmp), n, seed=n)
            r = run(["--one", "read", tmp])
        rows["read"].append(r)
        print(
            f"| {n:,} | {r['MB']:.1f} | {r['read s']:.2f} | {r['read s'] / n * 1e6:,.0f} | {r['reports']:,.0f} "
            f"| {r['peak MB']:,.0f} |",
            flush=True,
        )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
