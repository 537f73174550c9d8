"""PDF input: PDFs a second and cells read right, gongkai's reader against the previous one.

Renders ``--reports`` reports (as ``tests/python/converters.py`` does: templates 2021 and 2019,
missing cells, ``Variations.random``), has LibreOffice make a PDF of each .docx once, then reads
every PDF with both readers in the same run:

- ``pdfium``: ``gongkai.pdf.extract_text`` (PDFium's characters and ruling lines through
  pypdfium2, laid out in C++);
- ``pdfplumber``: the previous reader, pdfplumber's words laid out in Python
  (``pdfplumber_layout.py``, needs ``pip install pdfplumber``), the baseline.

Accuracy first: each reader's text is parsed and every cell scored against the truth
(:func:`gongkai.truth.score`): right, lost (a finding names it), flagged, and silent (wrong or
missing with no finding). Then time, on one thread with the garbage collector off inside the
loop: the text of every PDF (extraction), and the text parsed into a report (``gongkai.parse``
of the PDF's bytes for pdfium, the same parse of the baseline's text for pdfplumber); best of
``--repeat`` rounds, the two readers taking turns.

    python benchmarks/bench_pdf.py                       # 100 reports; about 3 minutes
    python benchmarks/bench_pdf.py --reports 30 --repeat 2 --pdfs /tmp/pdfs   # keep the PDFs
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "python"))
sys.path.insert(0, str(HERE))

import converters
import gongkai
from gongkai.pdf import extract_text
from gongkai.truth import Score, score


def make_pdfs(cases: list[converters.Case], folder: Path) -> list[bytes]:
    """The PDFs of ``cases``, made by LibreOffice into ``folder`` unless they are there already."""
    made = folder / "pdf"
    paths = [made / f"r{i:05d}.pdf" for i in range(len(cases))]
    if not all(p.exists() for p in paths):
        converters.docx_to_pdf([c.docx for c in cases], folder)
    return [p.read_bytes() for p in paths]


def timed(fn: Callable[[bytes], object], pdfs: list[bytes]) -> list[float]:
    """Seconds of ``fn`` on each PDF, the garbage collector off."""
    gc.collect()
    gc.disable()
    try:
        out = []
        for data in pdfs:
            t0 = time.perf_counter()
            fn(data)
            out.append(time.perf_counter() - t0)
        return out
    finally:
        gc.enable()


def best_of(fn: Callable[[bytes], object], pdfs: list[bytes], repeat: int) -> list[float]:
    """The per-PDF seconds of the fastest of ``repeat`` rounds."""
    return min((timed(fn, pdfs) for _ in range(repeat)), key=sum)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reports", type=int, default=100, help="rendered reports (default 100)")
    ap.add_argument("--seed", type=int, default=0, help="first seed (reports use seeds seed..seed+N-1)")
    ap.add_argument("--repeat", type=int, default=3, help="timed rounds; the best is reported")
    ap.add_argument("--pdfs", type=Path, help="folder to keep the PDFs in (and reuse them from)")
    ap.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = ap.parse_args(argv)

    missing = converters.missing_tools("pdf")
    if missing:
        print(f"needs {'; '.join(missing)}", file=sys.stderr)
        return 2
    try:
        import pdfplumber_layout
    except ImportError:
        print("the baseline needs pdfplumber: pip install pdfplumber", file=sys.stderr)
        return 2

    cases = converters.make_cases(range(args.seed, args.seed + args.reports))
    with tempfile.TemporaryDirectory(prefix="gongkai-bench-pdf-") as tmp:
        folder = args.pdfs or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        t0 = time.perf_counter()
        pdfs = make_pdfs(cases, folder)
        print(f"{len(pdfs)} PDFs by LibreOffice in {time.perf_counter() - t0:.1f} s", file=sys.stderr)

    import pypdfium2

    pages = sum(len(pypdfium2.PdfDocument(d)) for d in pdfs)
    size = sum(len(d) for d in pdfs)

    def old_text(data: bytes) -> str:
        return str(pdfplumber_layout.extract_text(data))

    def old_parse(data: bytes) -> gongkai.Report:
        return gongkai.parse(old_text(data).encode("utf-8"))

    readers: dict[str, tuple[Callable[[bytes], object], Callable[[bytes], object]]] = {
        "pdfium": (extract_text, gongkai.parse),
        "pdfplumber": (old_text, old_parse),
    }

    scores: dict[str, Score] = {}
    silent_reports: dict[str, int] = {}
    for name, (_, parse) in readers.items():
        total = Score()
        bad = 0
        for case, data in zip(cases, pdfs):
            report = parse(data)
            assert isinstance(report, gongkai.Report)
            s = score(report.to_dict(), case.truth)
            bad += bool(s.silent)
            total.add(s)
        scores[name], silent_reports[name] = total, bad

    best: dict[tuple[str, str], list[float]] = {}
    for _ in range(args.repeat):
        for name, (text, parse) in readers.items():
            for step, fn in (("text", text), ("report", parse)):
                t = timed(fn, pdfs)
                if (name, step) not in best or sum(t) < sum(best[name, step]):
                    best[name, step] = t

    print(
        f"\n{len(pdfs)} PDFs of rendered reports by LibreOffice: {pages} pages "
        f"({pages / len(pdfs):.1f} a PDF), {size / 1e6:.1f} MB; best of {args.repeat}, one thread\n"
    )
    head = ["reader", "PDFs/s (text)", "ms a PDF (text)", "PDFs/s (report)", "median ms a PDF (report)"]
    head += ["cells", "right", "lost", "flagged", "silent cells", "reports with silent cells"]
    print("| " + " | ".join(head) + " |")
    print("|---|" + "---:|" * (len(head) - 1))
    rows = []
    for name in readers:
        s = scores[name]
        text_s, report_s = sum(best[name, "text"]), sum(best[name, "report"])
        row = {
            "reader": name,
            "pdfs_per_s_text": round(len(pdfs) / text_s, 1),
            "ms_per_pdf_text": round(1000 * text_s / len(pdfs), 2),
            "pdfs_per_s_report": round(len(pdfs) / report_s, 1),
            "median_ms_per_pdf_report": round(1000 * statistics.median(best[name, "report"]), 2),
            "cells": s.total,
            "right": s.right,
            "lost": s.lost,
            "flagged": s.flagged,
            "silent_cells": len(s.silent),
            "silent_reports": silent_reports[name],
        }
        rows.append(row)
        print("| " + " | ".join(str(v) for v in row.values()) + " |")
    ratio = sum(best["pdfplumber", "report"]) / sum(best["pdfium", "report"])
    print(f"\npdfium / pdfplumber: {ratio:.1f}x the PDFs a second (text and parse)")
    for name in readers:
        s = scores[name]
        print(f"{name}: {s.right / s.total:.1%} of the cells right")
    slow = sorted(zip(best["pdfium", "report"], range(len(pdfs))), reverse=True)[:3]
    print(
        "slowest reports (pdfium): " + ", ".join(f"seed {args.seed + i} {1000 * t:.0f} ms" for t, i in slow)
    )

    corpus = HERE.parent.parent / "shared" / "corpus" / "originals"
    real = [p.read_bytes() for p in sorted(corpus.glob("*.pdf"))] if corpus.is_dir() else []
    if real:
        print(f"\nreal PDFs ({corpus}): {len(real)}, best of {args.repeat}")
        for name, (text, parse) in readers.items():
            n = 1 if name == "pdfplumber" else args.repeat
            t_text, t_report = sum(best_of(text, real, n)), sum(best_of(parse, real, n))
            print(
                f"  {name}: {len(real) / t_text:.1f} PDFs/s (text), {len(real) / t_report:.1f} PDFs/s (report)"
            )
    if args.json:
        meta = {"python": platform.python_version(), "machine": platform.processor() or platform.machine()}
        args.json.write_text(
            json.dumps({"meta": meta, "pdfs": len(pdfs), "pages": pages, "rows": rows}, indent=1) + "\n"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
