"""How well gongkai reads scanned reports: rendered reports as page images, plain and degraded,
read by OCR and scored against their truth.

Renders ``--reports`` reports (``tests/python/converters.py``: templates 2021 and 2019, missing
cells, ``Variations.random``), converts each to PDF with LibreOffice, renders its pages at 150
and 300 dpi (PDFium) and makes each variant of the page images:

* ``plain`` — the pages as rendered;
* ``rotated`` — turned by 0.4 to 1.0 degrees (the sign at random), white corners;
* ``blurred`` — a Gaussian blur of 0.8 pixel at 150 dpi, 1.6 at 300 dpi (out of focus);
* ``jpeg`` — saved as JPEG at quality 25 and read back (compression artefacts);
* ``grey`` — a scanner's grey, uneven background (paper at 200-220 of 255, darker to one side)
  and noise.

Each variant is read by OCR (:func:`gongkai.ocr.ocr_pages`, the resolution known), parsed and
refereed (:func:`gongkai.report.parse_ocr`), and every cell scored with
:func:`gongkai.truth.score`. Prints one row per dpi and variant: reports, cells by class, the
findings of the referee (``parse.ocr_confusion``, ``parse.ocr_low_confidence``), seconds a page
(OCR, layout, parse and referee). ``--json`` also writes the confidence and class of every cell
read (to choose ``gongkai.ocr.LOW_CONFIDENCE``).

    python benchmarks/bench_ocr.py                          # 3 reports, every variant: about 40 minutes on 2 cores
    python benchmarks/bench_ocr.py --reports 1 --dpi 300 --variants plain grey
    python benchmarks/bench_ocr.py --engine tesseract --variants plain
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "python"))

import converters  # the rendered reports and LibreOffice, shared with the tests
from gongkai import ocr
from gongkai.report import parse_ocr
from gongkai.truth import score

VARIANTS = ("plain", "rotated", "blurred", "jpeg", "grey")


def degrade(image: Any, variant: str, dpi: int, rng: np.random.Generator) -> Any:
    """``image`` (a PIL image of a page) as the variant ``variant`` makes it."""
    from PIL import Image, ImageFilter

    image = image.convert("RGB")
    if variant == "plain":
        return image
    if variant == "rotated":
        angle = float(rng.uniform(0.4, 1.0)) * (1 if rng.random() < 0.5 else -1)
        return image.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=(255, 255, 255))
    if variant == "blurred":
        return image.filter(ImageFilter.GaussianBlur(0.8 * dpi / 150))
    if variant == "jpeg":
        buf = io.BytesIO()
        image.save(buf, "JPEG", quality=25)
        return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")
    if variant == "grey":
        a = np.asarray(image.convert("L"), dtype=np.float32) / 255.0
        w = a.shape[1]
        paper = float(rng.uniform(200, 220)) - 25 * np.linspace(0, 1, w, dtype=np.float32)[None, :]
        out = a * paper + (1 - a) * 25 + rng.normal(0, 6, size=a.shape).astype(np.float32)
        return Image.fromarray(np.clip(out, 0, 255).astype(np.uint8)).convert("RGB")
    raise ValueError(variant)


def pages_of(pdf: bytes, dpi: int) -> list[Any]:
    import pypdfium2

    doc = pypdfium2.PdfDocument(pdf)
    try:
        return [doc[i].render(scale=dpi / 72).to_pil() for i in range(len(doc))]
    finally:
        doc.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reports", type=int, default=3, help="rendered reports (default 3)")
    ap.add_argument("--seed", type=int, default=0, help="first seed")
    ap.add_argument("--dpi", type=int, nargs="+", default=[300, 150])
    ap.add_argument("--variants", nargs="+", choices=VARIANTS, default=list(VARIANTS))
    ap.add_argument("--engine", choices=ocr.ENGINES, default=ocr.DEFAULT_ENGINE)
    ap.add_argument("--save", type=Path, help="write the first page of every variant here as PNG")
    ap.add_argument("--json", type=Path, help="also write the figures and every cell's confidence")
    ap.add_argument("--examples", type=int, default=3, help="print the first K problems per variant")
    args = ap.parse_args(argv)

    missing = converters.missing_tools("pdf")
    if missing:
        print(f"needs {'; '.join(missing)}", file=sys.stderr)
        return 2
    ocr.require(args.engine)
    cases = converters.make_cases(range(args.seed, args.seed + args.reports))
    with tempfile.TemporaryDirectory(prefix="gongkai-ocr-") as tmp:
        pdfs = [p.read_bytes() for p in converters.docx_to_pdf([c.docx for c in cases], Path(tmp))]
    head = [
        "dpi",
        "variant",
        "reports",
        "pages",
        "cells",
        "right",
        "flagged",
        "lost",
        "wrong",
        "unnamed",
        "extra",
    ]
    head += ["confusions", "low confidence", "s/page"]
    print("| " + " | ".join(head) + " |")
    print("|---|---|" + "---:|" * (len(head) - 2))
    rows: list[dict[str, Any]] = []
    cells: list[dict[str, Any]] = []
    for dpi in args.dpi:
        rendered = [pages_of(pdf, dpi) for pdf in pdfs]
        for variant in args.variants:
            total = None
            n_pages = 0
            seconds = 0.0
            confusions = low = 0
            problems: list[str] = []
            for case, pages in zip(cases, rendered):
                rng = np.random.default_rng([case.seed, dpi, VARIANTS.index(variant)])
                images = [degrade(p, variant, dpi, rng) for p in pages]
                if args.save and case is cases[0]:
                    args.save.mkdir(parents=True, exist_ok=True)
                    images[0].save(args.save / f"{variant}-{dpi}.png")
                t0 = time.perf_counter()
                found = ocr.ocr_pages(images, [dpi] * len(images), engine=args.engine)
                report = parse_ocr(found, f"seed{case.seed}-{variant}-{dpi}.png")
                seconds += time.perf_counter() - t0
                n_pages += len(images)
                got = report.to_dict()
                s = score(got, case.truth)
                problems += [f"seed {case.seed}: {p}" for p in s.problems]
                confusions += sum(f.rule == "parse.ocr_confusion" for f in report.findings)
                low += sum(f.rule == "parse.ocr_low_confidence" for f in report.findings)
                if total is None:
                    total = s
                else:
                    total.add(s)
                if args.json:
                    cells.extend(_cell_rows(report, case, dpi, variant))
            assert total is not None
            row = {
                "dpi": dpi,
                "variant": variant,
                "reports": len(cases),
                "pages": n_pages,
                "cells": total.total,
                "right": total.right,
                "flagged": total.flagged,
                "lost": total.lost,
                "wrong": total.wrong,
                "unnamed": total.unnamed,
                "extra": total.extra,
                "confusions": confusions,
                "low_confidence": low,
                "s_per_page": round(seconds / max(1, n_pages), 1),
            }
            rows.append(row)
            print("| " + " | ".join(str(v) for v in row.values()) + " |", flush=True)
            for p in problems[: args.examples]:
                print(f"    {p}", file=sys.stderr)
            if args.json:
                args.json.write_text(json.dumps({"rows": rows, "cells": cells}, indent=0) + "\n")
    return 0


def _cell_rows(report: Any, case: Any, dpi: int, variant: str) -> list[dict[str, Any]]:
    """The confidence and the class of every cell read by OCR."""
    from gongkai.truth import cells as truth_cells

    got = report.to_dict()
    out = []
    for table in ("table2", "table3", "table4"):
        want = truth_cells(table, case.truth.get(table))
        have = truth_cells(table, got.get(table))
        for cell, value in have.items():
            if value is None or cell not in want:
                continue
            o = report.origin(cell)
            if o.confidence is None:
                continue
            right = want[cell] is not None and abs(float(value) - float(want[cell])) <= 1e-6
            out.append(
                {
                    "seed": case.seed,
                    "dpi": dpi,
                    "variant": variant,
                    "cell": cell,
                    "raw": o.raw,
                    "confidence": round(o.confidence, 4),
                    "right": right,
                }
            )
    return out


if __name__ == "__main__":
    sys.exit(main())
