"""How well gongkai reads what real converters make of its rendered reports.

Renders ``--reports`` reports (templates 2021 and 2019, missing cells, ``Variations.random``),
passes each through every converter chain of ``tests/python/converters.py`` (LibreOffice to PDF
then gongkai's PDF reader / ``pdftotext -layout`` / ``-raw``; pandoc to GFM / markdown; markitdown; the
page's bare text), parses the result and scores every cell against the truth
(:func:`gongkai.truth.score`). Prints one row per chain: files, cells by class, seconds (the
conversion and the parse; LibreOffice's time shared among the three PDF chains), and how many
reports have a silently wrong or missing cell.

    python benchmarks/bench_converters.py                 # 300 reports per chain, about 8 minutes
    python benchmarks/bench_converters.py --reports 50 --chains pandoc-gfm html-text
    python benchmarks/bench_converters.py --examples 3    # also the first silent problems per chain
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "python"))

import converters  # the chains shared with the tests


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reports", type=int, default=300, help="rendered reports per chain (default 300)")
    ap.add_argument("--seed", type=int, default=0, help="first seed (reports use seeds seed..seed+N-1)")
    ap.add_argument("--chains", nargs="+", choices=converters.CHAINS, default=list(converters.CHAINS))
    ap.add_argument("--batch", type=int, default=100, help="files per LibreOffice invocation")
    ap.add_argument("--examples", type=int, default=0, help="print the first K silent problems per chain")
    ap.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = ap.parse_args(argv)

    chains = []
    for chain in args.chains:
        missing = converters.missing_tools(chain)
        if missing:
            print(f"{chain}: skipped, needs {'; '.join(missing)}", file=sys.stderr)
        else:
            chains.append(chain)
    t0 = time.perf_counter()
    cases = converters.make_cases(range(args.seed, args.seed + args.reports))
    n2019 = sum(c.data.template == "2019" for c in cases)
    print(
        f"{len(cases)} reports ({len(cases) - n2019} template 2021, {n2019} template 2019), "
        f"rendered in {time.perf_counter() - t0:.1f} s",
        file=sys.stderr,
    )
    results = {}
    pdf = [c for c in chains if c in converters.PDF_CHAINS]
    if pdf:
        results.update(converters.run_pdf_chains(cases, pdf, batch=args.batch))
    for chain in chains:
        if chain in converters.HTML_CHAINS:
            results[chain] = converters.run_html_chain(chain, cases)
            print(f"{chain}: {results[chain].seconds:.1f} s", file=sys.stderr)

    head = ["chain", "files", "cells", "right", "lost", "flagged", "wrong", "unnamed", "extra"]
    head += ["tables not read", "meta wrong", "silent reports", "seconds"]
    print("| " + " | ".join(head) + " |")
    print("|---|" + "---:|" * (len(head) - 1))
    rows = []
    for chain in converters.CHAINS:
        if chain not in results:
            continue
        r = results[chain]
        s = r.total
        row = {
            "chain": chain,
            "files": len(r.outcomes),
            "cells": s.total,
            "right": s.right,
            "lost": s.lost,
            "flagged": s.flagged,
            "wrong": s.wrong,
            "unnamed": s.unnamed,
            "extra": s.extra,
            "tables_not_read": sum(": not read, the truth has" in p for p in s.problems),
            "meta_wrong": sum(p.startswith(("agency:", "year:", "template:")) for p in s.problems),
            "silent_reports": len(r.silent()),
            "seconds": round(r.seconds, 1),
        }
        rows.append(row)
        print("| " + " | ".join(str(v) for v in row.values()) + " |")
    if args.examples:
        for chain, r in results.items():
            bad = r.silent()
            if bad:
                print(f"\n{chain}: {len(bad)} reports with silent problems; first {args.examples}:")
                for outcome, _ in bad[: args.examples]:
                    print("  " + converters.describe(outcome))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
