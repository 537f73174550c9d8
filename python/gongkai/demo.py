"""The demo: a realistic synthetic province made by gongkai's own renderer, and the whole
workflow run on it — parse every file, check, indicators, county comparison, year over year,
plots — with the outputs written to a folder.

    gongkai demo [--out DIR]          (the README's first command)

The province uses real prefectures and counties of the bundled table of administrative
divisions, so agencies are placed by their names; the agencies and the numbers are invented.
Each agency publishes five years (2020 in the 2019 template, 2021 on in the 2021 template, each
year chained to the one before), in every form the renderer writes (text extracted from .docx,
HTML pages with site chrome, some in GBK, .docx files), and a few files have the mistakes real
ones have: a number that breaks an identity, a blank cell, a page cut short, an empty file, a
web page that is no report.
"""

from __future__ import annotations

import argparse
import html
import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import numpy as np

from . import render

# Real divisions (江苏省): prefectures and some of their counties.
PROVINCE: dict[str, list[str]] = {
    "宿迁市": ["沭阳县", "泗阳县", "泗洪县"],
    "淮安市": ["洪泽区", "盱眙县", "金湖县"],
}
DEPARTMENTS = [
    "人民政府",
    "人民政府办公室",
    "发展和改革委员会",
    "教育局",
    "公安局",
    "民政局",
    "财政局",
    "自然资源局",
    "住房和城乡建设局",
    "交通运输局",
    "农业农村局",
    "卫生健康委员会",
    "市场监督管理局",
    "生态环境局",
    "水利局",
    "文化广电和旅游局",
    "审计局",
    "统计局",
    "应急管理局",
    "退役军人事务局",
]
TOWNS = ["城关", "新集", "高桥", "马厂", "龙河", "青阳", "临河", "三河"]
YEARS = range(2020, 2025)


@dataclass
class DemoFile:
    path: Path
    agency: str
    year: int
    mistake: str  # "" for a faithful report


def make_province(root: Path, *, seed: int = 2026, departments: int = 20, towns: int = 6) -> list[DemoFile]:
    """Writes the demo province's report files under ``root`` (one folder per county) and
    returns what each file is."""
    rng = np.random.default_rng(seed)
    files: list[DemoFile] = []
    root.mkdir(parents=True, exist_ok=True)
    plan: list[tuple[Path, render.ReportData]] = []
    for city, counties in PROVINCE.items():
        for county in counties:
            folder = root / city / county
            folder.mkdir(parents=True, exist_ok=True)
            agencies = [county + d for d in DEPARTMENTS[:departments]]
            agencies += [f"{county}{t}镇人民政府" for t in TOWNS[:towns]]
            for agency in agencies:
                kind = (
                    "township"
                    if agency.endswith("镇人民政府")
                    else "county_gov"
                    if "人民政府" in agency
                    else "county_dept"
                )
                data = render.random_report(rng, "2019", year=YEARS[0], agency=agency, kind=kind)
                for year in YEARS:
                    plan.append((folder, data))
                    if year != YEARS[-1]:
                        data = render.next_year(data, rng)
    # The mistakes real reports have, on a few reports picked at random.
    picks = [int(i) for i in rng.choice(len(plan), size=3, replace=False)]
    mistakes = {
        picks[0]: "a total that does not add up",
        picks[1]: "a blank cell",
        picks[2]: "a page cut short before table 4",
    }
    for i, (folder, data) in enumerate(plan):
        mistake = mistakes.get(i, "")
        if mistake == "a total that does not add up":
            total = data.table3["carried_forward"][6] or 0
            data.printed = {**data.printed, "table3/carried_forward/total": str(int(total) + 1)}
        elif mistake == "a blank cell":
            data.printed = {**data.printed, "table3/carried_over/natural_person": ""}
        files.append(_write(folder, data, rng, cut=mistake.startswith("a page cut"), mistake=mistake))
    empty = root / "宿迁市" / "泗洪县" / "empty.txt"
    empty.write_text("", encoding="utf-8")
    files.append(DemoFile(empty, "", 0, "an empty file"))
    notice = root / "淮安市" / "金湖县" / "notice.html"
    notice.write_text(
        "<html><head><title>关于开展政务公开培训的通知</title></head><body><p>各单位：定于下周开展培训。</p></body></html>",
        encoding="utf-8",
    )
    files.append(DemoFile(notice, "", 0, "a web page that is no report"))
    return files


def _write(
    folder: Path, data: render.ReportData, rng: np.random.Generator, *, cut: bool = False, mistake: str = ""
) -> DemoFile:
    form = 0 if cut else int(rng.integers(0, 3))
    name = f"{data.agency}_{data.year}"
    variations = render.Variations.random(rng)
    if form == 0:
        path = folder / f"{name}.txt"
        text = render.render_text(data, rng=rng, variations=variations)
        if cut:  # a page cut short: the file ends before section 四
            text = text[: text.index("四、政府信息公开行政复议")]
        path.write_text(text, encoding="utf-8")
    elif form == 1:
        path = folder / f"{name}.html"
        page = render.render_html(data, rng=rng, variations=variations, page_chrome=True)
        path.write_bytes(render.encode_html(page, "gbk") if rng.random() < 0.3 else page.encode("utf-8"))
    else:
        path = folder / f"{name}.docx"
        path.write_bytes(render.render_docx(data, rng=rng, variations=variations))
    return DemoFile(path, data.agency, data.year, mistake)


def run(
    out: Path, *, files_root: Path | None = None, seed: int = 2026, departments: int = 20, towns: int = 6
) -> dict[str, Any]:
    """Makes the province (unless ``files_root`` holds one), runs the workflow and writes its
    outputs under ``out``. Returns a summary."""
    from .corpus import read

    out.mkdir(parents=True, exist_ok=True)
    root = files_root or out / "reports"
    if files_root is None:
        if root.exists():
            shutil.rmtree(root)
        make_province(root, seed=seed, departments=departments, towns=towns)
    paths = sorted(p for p in root.rglob("*") if p.is_file())

    # every file read and accounted for: parsed, parsed with findings, no report, failed
    corpus = read(root, progress=False)
    accounting = corpus.accounting
    assert accounting is not None

    tables = out / "tables"
    tables.mkdir(exist_ok=True)
    corpus.findings.to_csv(tables / "findings.csv", index=False)
    accounting.to_csv(tables / "accounting.csv", index=False)
    corpus.frame().to_csv(tables / "indicators_by_report.csv")
    by_county = corpus.indicators(by="county")  # counts are the county's totals, rates pooled
    by_county.to_csv(tables / "indicators_by_county.csv")
    comparison = corpus.compare(
        by="county",
        indicators=["applications_new", "grant_rate", "not_held_rate", "dispute_rate", "correction_rate"],
    )
    comparison.to_csv(tables / "county_comparison.csv")
    corpus.compare(by="county", tidy=True).to_csv(tables / "county_comparison_tidy.csv", index=False)
    yoy = corpus.yoy()
    yoy.to_csv(tables / "year_over_year.csv")

    images = _plots(corpus, out / "plots")
    status = accounting["status"].value_counts()
    summary = {
        "files": len(paths),
        "reports": len(corpus),
        "failed": int(status.get("failed", 0)),
        "not_a_report": int(status.get("not_a_report", 0)),
        "with_errors": int(status.get("parsed_with_findings", 0)),
        "counties": int(by_county.shape[0]),
        "agencies": int(corpus.meta["key"].nunique()),
        "years": sorted(int(y) for y in corpus.meta["year"].dropna().unique()),
        "out": str(out),
    }
    (out / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
    _html_summary(out, summary, accounting, corpus.findings, by_county, yoy, images)
    return summary


def _plots(corpus: Any, folder: Path) -> list[Path]:
    """The plots of gongkai.plots (Chinese text in its bundled font), where matplotlib is there."""
    try:
        from . import plots
    except ImportError:
        return []
    folder.mkdir(exist_ok=True)
    made = []
    makers: tuple[tuple[str, Callable[[], Any]], ...] = (
        ("funnel", lambda: plots.funnel(corpus)),
        ("heatmap_by_county", lambda: plots.heatmap(corpus, by="county")),
        ("grant_rate_by_county", lambda: plots.distributions(corpus, "grant_rate", by="county")),
        ("outcomes_by_agency", lambda: plots.outcome_composition(corpus)),
        ("applications_yoy", lambda: plots.yoy_lines(corpus, "applications_new")),
    )
    for name, make in makers:
        try:
            fig = make()
        except Exception as e:  # noqa: BLE001 - a plot that fails is reported, and the demo goes on
            print(f"gongkai demo: the plot {name} could not be made: {type(e).__name__}: {e}")
            continue
        path = folder / f"{name}.png"
        fig.savefig(path, dpi=90)
        made.append(path)
    return made


def _html_summary(
    out: Path,
    summary: dict[str, Any],
    accounting: Any,
    findings: Any,
    by_county: Any,
    yoy: Any,
    images: list[Path],
) -> None:
    parts = [
        "<!doctype html><html><head><meta charset='utf-8'><title>gongkai demo</title>",
        (
            "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;font-size:13px}"
            "td,th{border:1px solid #ccc;padding:3px 6px;text-align:right}</style></head><body>"
        ),
        "<h1>gongkai demo: a synthetic province</h1>",
        (
            f"<p>{summary['files']} files: {summary['reports']} reports read, {summary['failed']} could not be read, "
            f"{summary['not_a_report']} no report; {summary['with_errors']} with errors; "
            f"{summary['agencies']} agencies in {summary['counties']} counties, "
            f"years {', '.join(map(str, summary['years']))}.</p>"
        ),
        "<h2>Indicators by county, pooled over every agency and year</h2>",
        (
            "<p>Counts are the county's totals; rates are the county's sums of numerators over its sums of "
            "denominators (docs/indicators.md).</p>"
        ),
        _county_table(by_county),
        "<h2>Inputs that could not be read, and pages that are no report</h2>",
        accounting[accounting["status"].isin(["failed", "not_a_report"])].to_html(index=False, escape=True),
        "<h2>Errors found</h2>",
        findings[findings["severity"] == "error"][["source", "rule", "cells", "message", "line"]]
        .head(50)
        .to_html(index=False, escape=True),
        "<h2>Year over year (first rows)</h2>",
        yoy[["applications_new", "grant_rate"]].head(20).round(3).to_html(),
    ]
    for img in images:
        parts.append(f"<h2>{html.escape(img.stem)}</h2><img src='plots/{html.escape(img.name)}'>")
    parts.append("</body></html>")
    (out / "index.html").write_text("\n".join(parts), encoding="utf-8")


def _county_table(by_county: Any) -> str:
    """The pooled indicators of the counties as an HTML table a person reads: totals as whole
    numbers, rates as percentages, — where there is no value."""
    columns = {
        "applications_new": ("applications received (total)", "{:,.0f}"),
        "applications_processed": ("processed (total)", "{:,.0f}"),
        "grant_rate": ("granted", "{:.1%}"),
        "not_held_rate": ("not held", "{:.1%}"),
        "dispute_rate": ("disputed", "{:.1%}"),
        "correction_rate": ("corrected", "{:.1%}"),
    }
    table = by_county[list(columns)].astype("float64")
    shown = table.apply(
        lambda col: col.map(lambda v, f=columns[col.name][1]: "—" if v != v else f.format(v))  # noqa: PLR0124
    )
    shown.columns = [label for label, _ in columns.values()]
    return str(shown.to_html(escape=True))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="gongkai demo", description=__doc__.splitlines()[0])
    ap.add_argument(
        "--out", default="gongkai-demo", help="the folder the outputs go to (default: ./gongkai-demo)"
    )
    args = ap.parse_args(argv)
    summary = run(Path(args.out))
    print(json.dumps(summary, ensure_ascii=False, indent=1))
    return 0
