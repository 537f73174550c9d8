"""Batch throughput: gongkai.read on 1 and 2 C++ threads against parsing one file at a time.

Renders N synthetic reports with :mod:`gongkai.render` (a third each: text as extracted from a
.docx, HTML pages, .docx files; distinct agencies, so none is a duplicate form) into a
temporary folder, then times, in round-robin order, best of --repeat:

  serial     [gongkai.parse(p) for p in paths]             one file at a time, then
             gongkai.Corpus.from_reports(reports)          the corpus built from the reports
  read(1)    gongkai.read(folder, workers=1)               the batch path on one C++ thread
  read(2)    gongkai.read(folder, workers=2)               ... on two

Every run reads the files from disk (the page cache is warm after the first). MB/s are per
byte of the files as stored; files/s count every file. The serial baseline keeps every Report
(with its text) alive until the corpus is built, as a list comprehension does; gongkai.read
keeps only the numbers.

    python benchmarks/bench_batch.py [--reports 2000] [--repeat 3] [--seed 7] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
from pathlib import Path

import numpy as np

import gongkai
from gongkai import render


def write(folder: Path, n: int, seed: int) -> list[Path]:
    rng = np.random.default_rng(seed)
    paths = []
    for i in range(n):
        data = render.random_report(rng, "2019" if i % 5 == 4 else "2021")
        if i % 3 == 0:
            p = folder / f"r{i:05d}.txt"
            p.write_text(render.render_text(data, rng=rng), encoding="utf-8")
        elif i % 3 == 1:
            p = folder / f"r{i:05d}.html"
            p.write_text(render.render_html(data, rng=rng, page_chrome=bool(i % 2)), encoding="utf-8")
        else:
            p = folder / f"r{i:05d}.docx"
            p.write_bytes(render.render_docx(data, rng=rng))
        paths.append(p)
    return sorted(paths)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reports", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--json")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t = time.perf_counter()
        paths = write(folder, args.reports, args.seed)
        print(f"rendered {len(paths)} files in {time.perf_counter() - t:.1f} s")
        size = sum(p.stat().st_size for p in paths)

        def serial() -> gongkai.Corpus:
            return gongkai.Corpus.from_reports([gongkai.parse(p) for p in paths])

        runs = {
            "serial": serial,
            "read(1)": lambda: gongkai.read(folder, workers=1, progress=False),
            "read(2)": lambda: gongkai.read(folder, workers=2, progress=False),
        }
        times: dict[str, list[float]] = {k: [] for k in runs}
        results = {}
        for _ in range(args.repeat):
            for name, fn in runs.items():
                t = time.perf_counter()
                results[name] = fn()
                times[name].append(time.perf_counter() - t)

    # The three give the same corpus.
    ref = results["serial"].indicators()
    for name in ("read(1)", "read(2)"):
        assert results[name].indicators().equals(ref), name
        assert len(results[name].accounting) == len(paths)

    base = min(times["serial"])
    print(
        f"\n{len(paths)} files, {size / 1e6:.1f} MB; {os.cpu_count()} CPUs; {platform.processor() or platform.machine()}"
    )
    print(f"{'run':<10}{'best s':>9}{'median s':>10}{'files/s':>10}{'MB/s':>8}{'vs serial':>11}")
    out = {"reports": len(paths), "bytes": size, "cpus": os.cpu_count(), "runs": {}}
    for name, ts in times.items():
        best, med = min(ts), float(np.median(ts))
        print(
            f"{name:<10}{best:>9.3f}{med:>10.3f}{len(paths) / best:>10.0f}{size / 1e6 / best:>8.1f}{base / best:>10.2f}x"
        )
        out["runs"][name] = {
            "best_s": best,
            "median_s": med,
            "files_per_s": len(paths) / best,
            "mb_per_s": size / 1e6 / best,
        }
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
