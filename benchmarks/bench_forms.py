"""Throughput of the C++ core on each published form of the real corpus (../shared/corpus).

    python benchmarks/bench_forms.py [--seconds 1.0] [--corpus DIR]

Every report file of the corpus is parsed with gongkai._core.parse_bytes (one thread) again and
again for about --seconds; the table gives MB/s and reports/s per form (html, orig.html,
flat.txt, txt = PDF text with layout, raw.txt = PDF text without, md, excerpt.txt), and the .docx
template. The PDF line times gongkai.pdf.extract_text (PDFium, laid out in C++), beside the
parse of the same text alone: the ratio shows where PDF time goes. Skipped when the corpus is
absent; no timing is asserted anywhere.
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from pathlib import Path

from gongkai import _core

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def form_of(path: Path) -> str:
    return ".".join(path.name.split(".")[1:])


def rate(data: list[tuple[bytes, str]], seconds: float) -> tuple[float, float]:
    """(MB/s, reports/s) of parsing every input in turn, repeated for about `seconds`."""
    size = sum(len(d) for d, _ in data)
    for d, fmt in data:  # warm-up
        _core.parse_bytes(d, "", fmt)
    best = float("inf")
    deadline = time.perf_counter() + seconds
    rounds = 0
    while time.perf_counter() < deadline or rounds < 3:
        t0 = time.perf_counter()
        for d, fmt in data:
            _core.parse_bytes(d, "", fmt)
        best = min(best, time.perf_counter() - t0)
        rounds += 1
    return size / best / 1e6, len(data) / best


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--seconds", type=float, default=1.0)
    args = ap.parse_args()
    reports = args.corpus / "reports"
    if not reports.is_dir():
        print(f"no corpus at {args.corpus}: nothing to measure")
        return 0
    by_form: dict[str, list[tuple[bytes, str]]] = defaultdict(list)
    for path in sorted(reports.iterdir()):
        by_form[form_of(path)].append((path.read_bytes(), "auto"))
    docx = args.corpus / "templates" / "template_2021_blank.docx"
    if docx.exists():
        from gongkai.report import _docx_document_xml

        by_form["docx (template)"].append((_docx_document_xml(docx.read_bytes(), str(docx)), "docx"))
    print(f"{'form':18s} {'files':>5s} {'kB':>8s} {'MB/s':>8s} {'reports/s':>10s}")
    for form, data in sorted(by_form.items()):
        mbs, rps = rate(data, args.seconds)
        kb = sum(len(d) for d, _ in data) / 1e3
        print(f"{form:18s} {len(data):5d} {kb:8.1f} {mbs:8.1f} {rps:10.0f}")
    pdfs = sorted((args.corpus / "originals").glob("*.pdf"))
    if pdfs:
        try:
            from gongkai.pdf import extract_text
        except ImportError:
            return 0
        t0 = time.perf_counter()
        texts = [extract_text(p.read_bytes(), source=str(p)).encode() for p in pdfs]
        extract = time.perf_counter() - t0
        mbs, rps = rate([(t, "text") for t in texts], args.seconds)
        size = sum(p.stat().st_size for p in pdfs) / 1e6
        print(
            f"{'pdf (pdfium)':18s} {len(pdfs):5d} {size * 1e3:8.1f} {size / extract:8.2f} {len(pdfs) / extract:10.1f}"
            f"   extraction; the parse of its text alone: {mbs:.1f} MB/s of text, {rps:.0f} reports/s"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
