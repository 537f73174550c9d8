"""Indicators, year over year and a county comparison over a large corpus of rendered numbers.

    python benchmarks/bench_indicators.py [--reports 1000000] [--counties 3000]

Numbers only (no text): table 3 consistent counts for agencies of many counties over five
years, template 2021. Times the core's steps on one thread (compute_indicators, pool by county,
year over year) and the Python API over them (Corpus.indicators(by="county"), Corpus.yoy()),
and the memory the core holds per report. No timing is asserted anywhere.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

from gongkai import _core
from gongkai.corpus import Corpus


def synthetic(n: int, counties: int, seed: int = 1) -> Corpus:
    rng = np.random.default_rng(seed)
    t3 = np.full((n, 182), np.nan, order="F")
    s3 = np.full((n, 182), 255, dtype=np.uint8, order="F")
    col = {name: c for c, name in enumerate(Corpus.columns(3))}
    rows = [r for r, _ in _core.table3_rows("full")]
    natural = rng.poisson(6, n).astype(float)
    granted = rng.binomial(natural.astype(int), 0.4).astype(float)
    rest = natural - granted
    values = dict.fromkeys(rows, np.zeros(n))
    values.update(new=natural, total_processed=natural, granted=granted, unavailable_not_held=rest)
    for r in rows:
        for c, k in (("natural_person", 0), ("total", 6)):
            t3[:, col[f"table3/{r}/{c}"]] = values[r]
        for c in ("commercial", "research", "social_welfare", "legal_services", "other_org"):
            t3[:, col[f"table3/{r}/{c}"]] = 0
        for c in (
            "natural_person",
            "commercial",
            "research",
            "social_welfare",
            "legal_services",
            "other_org",
            "total",
        ):
            s3[:, col[f"table3/{r}/{c}"]] = 0
    t2 = np.asfortranarray(rng.poisson(20, (n, 32)).astype(float))
    t4 = np.asfortranarray(np.zeros((n, 15)))
    agencies = n // 5
    meta = pd.DataFrame(
        {
            "source": np.arange(n).astype(str),
            "key": np.repeat(np.arange(agencies), 5).astype(str)[:n],
            "year": np.tile(np.arange(2021, 2026), agencies)[:n],
            "template": "2021",
            "county": (np.repeat(np.arange(agencies), 5)[:n] % counties).astype(str),
        }
    )
    return Corpus.from_arrays(t2, t3, t4, meta, state3=s3)


def best(f, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=1_000_000)
    ap.add_argument("--counties", type=int, default=3000)
    args = ap.parse_args()
    t0 = time.perf_counter()
    corpus = synthetic(args.reports, args.counties)
    print(f"{len(corpus)} reports built in {time.perf_counter() - t0:.1f} s")
    core = corpus.core
    held = sum(
        a.nbytes for a in (core.table2, core.table3, core.table4, core.state2, core.state3, core.state4)
    )
    held += 4 * len(core.year)
    print(f"memory held by the core: {held / len(corpus):.0f} bytes a report (numbers and states)")
    inds = list(_core.builtin_indicators())
    values = _core.compute_indicators(core, inds)
    group = pd.factorize(corpus.meta["county"])[0].astype(np.int64)
    agency = pd.factorize(corpus.meta["key"])[0].astype(np.int64)
    years = corpus.meta["year"].to_numpy(dtype=np.int64)
    steps = {
        "compute_indicators (24 indicators)": lambda: _core.compute_indicators(core, inds),
        "pool by county": lambda: _core.pool(values, inds, group, args.counties),
        "year over year": lambda: _core.year_over_year(values, inds, agency, years),
    }
    total = 0.0
    for name, f in steps.items():
        t = best(f)
        total += t
        print(f"  core  {name:38s} {t:7.3f} s")
    print(f"  core  {'indicators + county comparison + YoY':38s} {total:7.3f} s")
    for name, f in {
        "Corpus.indicators(by='county')": lambda: corpus.indicators(by="county"),
        "Corpus.compare(by='county')": lambda: corpus.compare(by="county"),
        "Corpus.yoy()": lambda: corpus.yoy(),
    }.items():
        print(f"  API   {name:38s} {best(f, 1):7.3f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
