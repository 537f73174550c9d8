"""The bundled samples (``gongkai/data/sample_2024.{txt,html}``) and the command line of
``python -m gongkai.render``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from .docx import render_docx
from .html import render_html
from .layout import Variations
from .model import TEMPLATES, ReportData, expected_dict, random_report
from .text import render_text

# --------------------------------------------------------------------------------------------
# Bundled samples and command line
# --------------------------------------------------------------------------------------------

_DESCRIPTION = "Render synthetic 政府信息公开工作年度报告 for tests, fixtures and the bundled samples."
"""The first line of the package's docstring: the description of the command line."""

SAMPLE_SEED = 20250120
"""Seed of the bundled samples ``gongkai/data/sample_2024.{txt,html}``."""


def sample_report() -> ReportData:
    """The data behind the bundled samples: a county government's 2024 report."""
    rng = np.random.default_rng(SAMPLE_SEED)
    return random_report(rng, "2021", year=2024, kind="county_gov")


def sample_reports() -> dict[str, str]:
    """The bundled samples, freshly rendered: ``{file name: content}``.

    ``sample_2024.txt`` is the text layout with split header labels ("商业" / "企业");
    ``sample_2024.html`` is the same report as an HTML page with page chrome, split labels and
    ``&nbsp;`` padding. Both hold the numbers of :func:`sample_report`.
    """
    data = sample_report()
    # One seed for both, so that they carry the same narrative and the same label splits.
    text = render_text(
        data, rng=np.random.default_rng(SAMPLE_SEED + 1), variations=Variations(split_labels=True)
    )
    page = render_html(
        data,
        rng=np.random.default_rng(SAMPLE_SEED + 1),
        variations=Variations(split_labels=True, nbsp=True),
        page_chrome=True,
    )
    return {"sample_2024.txt": text, "sample_2024.html": page}


def write_samples(directory: str | Path) -> list[Path]:
    """Write :func:`sample_reports` into ``directory`` (UTF-8, LF) and return the paths."""
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, content in sample_reports().items():
        p = out / name
        p.write_bytes(content.encode("utf-8"))
        paths.append(p)
    return paths


def main(argv: list[str] | None = None) -> int:
    """Command line: ``--write-samples DIR``, or print one random report.

    ``python -m gongkai.render --seed N [--template 2021|2019] [--format text|html|docx|json]
    [--random-variations] [--missing RATE]`` prints a report to stdout (``json`` prints
    :func:`expected_dict`; ``docx`` writes the .docx bytes).
    """
    ap = argparse.ArgumentParser(prog="gongkai.render", description=_DESCRIPTION)
    ap.add_argument("--write-samples", metavar="DIR", help="write the bundled samples to DIR")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--template", choices=TEMPLATES, default="2021")
    ap.add_argument("--format", choices=("text", "html", "docx", "json"), default="text")
    ap.add_argument("--random-variations", action="store_true")
    ap.add_argument("--missing", type=float, default=0.0, metavar="RATE")
    args = ap.parse_args(argv)
    if args.write_samples:
        for p in write_samples(args.write_samples):
            print(p)
        return 0
    rng = np.random.default_rng(args.seed)
    data = random_report(rng, args.template, missing_rate=args.missing)
    var = Variations.random(rng) if args.random_variations else Variations()
    if args.format == "json":
        out = json.dumps(expected_dict(data), ensure_ascii=False, indent=1) + "\n"
    elif args.format == "html":
        out = render_html(data, rng=rng, variations=var)
    elif args.format == "docx":
        sys.stdout.buffer.write(render_docx(data, rng=rng, variations=var))
        return 0
    else:
        out = render_text(data, rng=rng, variations=var)
    sys.stdout.write(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
