"""Plots of a corpus: each returns a Figure with the expected artists, says what it shows, renders
Chinese with the bundled font (no system CJK font needed), shows itself in Jupyter and leaves
matplotlib's settings alone."""

from __future__ import annotations

import io
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import matplotlib
import nbclient
import nbformat
import numpy as np
import pandas as pd
import pytest
from fontTools.ttLib import TTFont
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.ft2font import FT2Font
from matplotlib.text import Text

import gongkai
from gongkai import _core, plots, render, template
from gongkai.corpus import Corpus

AGENCIES = 6
YEARS = 3
COUNTIES = 3
LONG = "平潭综合实验区自然资源与生态环境局国土空间规划和不动产登记中心海坛片区分中心办公室"


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    """Six agencies over three years (2021-2023, chained by next_year), in three counties."""
    rng = np.random.default_rng(7)
    reports = []
    for a in range(AGENCIES):
        d = render.random_report(rng, "2021", year=2021, agency=f"测试{a}县人民政府")
        for _ in range(YEARS):
            reports.append(gongkai.parse(render.render_text(d, rng=rng).encode(), name=f"{a}_{d.year}.txt"))
            d = render.next_year(d, rng)
    c = Corpus.from_reports(reports)
    assert len(c) == AGENCIES * YEARS
    c.meta["county"] = [f"county{(i // YEARS) % COUNTIES}" for i in range(len(c))]
    return c


def arrays_corpus(rows: list[dict[str, Any]]) -> Corpus:
    """A corpus of numbers: each row gives agency, county, year and cells by name (the others
    absent)."""
    columns = {t: Corpus.columns(t) for t in (2, 3, 4)}
    names = {t: {c: i for i, c in enumerate(columns[t])} for t in (2, 3, 4)}
    tables = {t: np.full((len(rows), len(columns[t])), np.nan) for t in (2, 3, 4)}
    for i, row in enumerate(rows):
        for cell, value in row.get("cells", {}).items():
            t = int(cell[5])
            tables[t][i, names[t][cell]] = value
    meta = pd.DataFrame(
        {
            "source": [f"r{i}" for i in range(len(rows))],
            "agency": [r["agency"] for r in rows],
            "key": [r.get("key", r["agency"]) for r in rows],
            "year": pd.array([r["year"] for r in rows], dtype="Int64"),
            "template": ["2021"] * len(rows),
            "county": [r.get("county") for r in rows],
        }
    )
    return Corpus.from_arrays(tables[2], tables[3], tables[4], meta)


def every_plot(c: Corpus, labels: plots.Labels) -> Iterator[tuple[str, Figure]]:
    makers: dict[str, Callable[[], Figure]] = {
        "outcome_composition": lambda: plots.outcome_composition(c, labels=labels),
        "outcome_composition_county": lambda: plots.outcome_composition(c, by="county", labels=labels),
        "distributions": lambda: plots.distributions(c, "grant_rate", labels=labels),
        "distributions_count": lambda: plots.distributions(c, "applications_new", labels=labels),
        "yoy_lines": lambda: plots.yoy_lines(c, "applications_new", labels=labels),
        "yoy_lines_rate": lambda: plots.yoy_lines(c, "grant_rate", labels=labels, highlight=2),
        "heatmap": lambda: plots.heatmap(c, labels=labels),
        "heatmap_agency": lambda: plots.heatmap(c, by="agency", labels=labels),
        "funnel": lambda: plots.funnel(c, labels=labels),
        "funnel_county": lambda: plots.funnel(c, by="county", labels=labels),
    }
    for name, make in makers.items():
        yield name, make()


def saves(fig: Figure, tmp_path: Path) -> None:
    out = tmp_path / "plot.png"
    fig.savefig(out)
    assert out.stat().st_size > 1000


def pixels(fig: Figure) -> np.ndarray:
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return np.asarray(canvas.buffer_rgba())[..., :3].astype(float) / 255


# ---- what each plot draws


def test_outcome_composition_stacks_six_outcomes_per_agency(corpus: Corpus, tmp_path: Path) -> None:
    fig = plots.outcome_composition(corpus, by="key")
    assert isinstance(fig, plots.Figure) and isinstance(fig, Figure)
    ax = fig.axes[0]
    assert len(ax.containers) == len(plots.OUTCOMES)
    assert len(ax.patches) == len(plots.OUTCOMES) * AGENCIES
    # Each bar's segments add up to a share of 1.
    widths = np.array([[p.get_width() for p in bars] for bars in ax.containers])  # type: ignore[attr-defined]
    assert np.allclose(widths.sum(axis=0), 1.0)
    # The shares are the pooled counts of table 3 over the agency's three years.
    counts = plots.outcomes(corpus, by="key")
    first = corpus.meta["key"].iloc[0]
    t3 = corpus.core.table3
    cols = Corpus.columns(3)
    rows = corpus.meta["key"].to_numpy() == first
    granted = t3[rows, cols.index("table3/granted/total")].sum()
    assert counts.loc[first, "granted"] == granted
    processed = t3[rows, cols.index("table3/total_processed/total")].sum()
    assert counts.loc[first].sum() == processed
    # Each bar is labelled with its group and the applications behind it.
    assert f"{first} ({processed:,.0f})" in [t.get_text() for t in ax.get_yticklabels()]
    assert ax.get_xlabel() == "share of the applications processed (%)"
    assert ax.xaxis.get_major_formatter()(0.5, 0) == "50%"
    saves(fig, tmp_path)


def test_outcome_composition_keeps_the_top_groups(corpus: Corpus) -> None:
    fig = plots.outcome_composition(corpus, by="agency", top=2, labels="zh")
    assert len(fig.axes[0].patches) == len(plots.OUTCOMES) * 2
    assert fig.axes[0].get_legend().get_texts()[0].get_text() == "予以公开"
    subtitle = fig.axes[0].get_title()
    assert "办结申请最多的2个机关（共6个）" in subtitle and "18份年报，6个机关，2021–2023年" in subtitle


def test_distributions_draw_one_box_per_county(corpus: Corpus, tmp_path: Path) -> None:
    fig = plots.distributions(corpus, "grant_rate", by="county")
    ax = fig.axes[0]
    assert len(ax.patches) == COUNTIES  # patch_artist boxes
    # Under each county the number of its reports with a value.
    values = corpus.indicators()["grant_rate"].to_numpy()
    counties = corpus.meta["county"].to_numpy()
    n = [int(np.isfinite(values[counties == f"county{i}"]).sum()) for i in range(COUNTIES)]
    assert sum(n) < len(corpus)  # some report has no grant rate
    assert [t.get_text() for t in ax.get_xticklabels()] == [f"county{i}\nn={n[i]}" for i in range(COUNTIES)]
    # The pooled rate of each county is marked beside its box.
    pooled = corpus.indicators(by="county")["grant_rate"]
    marks = [ln for ln in ax.lines if ln.get_marker() == "D"]
    assert len(marks) == 1
    assert np.allclose(np.asarray(marks[0].get_ydata(), dtype=float), pooled.to_numpy())
    assert ax.get_ylabel() == "grant rate (per report, %)"
    assert fig.get_suptitle() == "grant rate (予以公开率) per report, distribution by county"
    saves(fig, tmp_path)


def test_yoy_lines_one_line_per_agency_over_the_years(corpus: Corpus, tmp_path: Path) -> None:
    fig = plots.yoy_lines(corpus, "applications_new")
    ax = fig.axes[0]
    assert len(ax.lines) == AGENCIES
    for line in ax.lines:
        assert list(line.get_xdata()) == [2021, 2022, 2023]  # type: ignore[arg-type]
    key = corpus.meta["key"].iloc[0]
    values = corpus.indicators()["applications_new"].to_numpy()[corpus.meta["key"].to_numpy() == key]
    line = next(ln for ln in ax.lines if ln.get_gid() == key)
    assert np.array_equal(np.asarray(line.get_ydata()), values)
    assert line.get_label() == corpus.meta["agency"].iloc[0]  # the legend names the agency
    assert ax.get_ylabel() == "applications received (count)"
    saves(fig, tmp_path)
    some = plots.yoy_lines(corpus, "grant_rate", keys=list(corpus.meta["key"].unique()[:2]))
    assert len(some.axes[0].lines) == 2


def test_yoy_lines_break_where_a_year_is_missing() -> None:
    cells = {"table3/new/total": 5.0}
    c = arrays_corpus([{"agency": "甲局", "year": y, "cells": cells} for y in (2019, 2020, 2023)])
    line = plots.yoy_lines(c, "applications_new").axes[0].lines[0]
    assert list(line.get_xdata()) == [2019, 2020, 2021, 2022, 2023]  # type: ignore[arg-type]
    assert np.isnan(np.asarray(line.get_ydata(), dtype=float)[2:4]).all()


def many_agencies(n: int = 26, years: tuple[int, ...] = (2021, 2022, 2023)) -> Corpus:
    """n agencies of one county: agency a received 10 (a + 1) + year offset applications and
    processed 100 - a, of which a + 1 were granted."""
    rows = []
    for a in range(n):
        for k, y in enumerate(years):
            rows.append(
                {
                    "agency": f"测试县第{a}号机关",
                    "county": "测试县",
                    "year": y,
                    "cells": {
                        "table3/new/total": 10.0 * (a + 1) + k,
                        "table3/total_processed/total": 100.0 - a,
                        "table3/granted/total": float(a + 1),
                    },
                }
            )
    return arrays_corpus(rows)


def test_yoy_lines_with_26_agencies_colour_the_largest_and_grey_the_rest() -> None:
    c = many_agencies()
    fig = plots.yoy_lines(c, "applications_new")
    ax = fig.axes[0]
    assert len(ax.lines) == 26
    coloured = [ln for ln in ax.lines if ln.get_color() != plots._GREY]
    grey = [ln for ln in ax.lines if ln.get_color() == plots._GREY]
    assert len(coloured) == plots.YOY_HIGHLIGHT and len(grey) == 26 - plots.YOY_HIGHLIGHT
    # The largest by total over the years: agencies 25 down to 18, in the legend by last value.
    assert [ln.get_gid() for ln in coloured] == [f"测试县第{a}号机关" for a in range(25, 17, -1)]
    assert len({ln.get_color() for ln in coloured}) == plots.YOY_HIGHLIGHT
    assert all(ln.get_linewidth() < coloured[0].get_linewidth() for ln in grey)
    legend = ax.get_legend()
    texts = [t.get_text() for t in legend.get_texts()]
    assert texts == [f"测试县第{a}号机关" for a in range(25, 17, -1)] + ["18 other agencies"]
    # The legend is outside the axes, on the right.
    pixels(fig)
    assert legend.get_window_extent().x0 >= ax.get_window_extent().x1
    # A rate ranks agencies by its base (applications processed): agency 0 processed the most.
    rate = plots.yoy_lines(c, "grant_rate", highlight=3).axes[0]
    assert [ln.get_gid() for ln in rate.lines if ln.get_color() != plots._GREY] == [
        "测试县第2号机关",
        "测试县第1号机关",
        "测试县第0号机关",
    ]
    assert "3 agencies with the largest base" in rate.get_title()
    assert rate.yaxis.get_major_formatter()(0.25, 0) == "25%"


def test_heatmap_annotates_every_cell_with_its_pooled_value(corpus: Corpus, tmp_path: Path) -> None:
    ids = ["applications_new", "grant_rate", "dispute_rate"]
    fig = plots.heatmap(corpus, by="county", indicators=ids)
    ax = fig.axes[0]
    assert len(ax.images) == 1
    image = ax.images[0].get_array()
    assert image is not None and image.shape == (COUNTIES, len(ids))
    # Column-normalised: each column runs from 0 to 1.
    assert np.allclose(np.nanmin(image, axis=0), 0) and np.allclose(np.nanmax(image, axis=0), 1)
    assert len(ax.texts) == COUNTIES * len(ids)
    pooled = corpus.indicators(by="county", details=True)
    # Counts are the group's total, rates the pooled rate in %.
    total = pooled[("applications_new", "numerator")].iloc[0]
    county0 = corpus.meta["county"].to_numpy() == "county0"
    assert total == np.nansum(corpus.indicators()["applications_new"].to_numpy()[county0])
    assert ax.texts[0].get_text() == f"{total:,.0f}"
    rate = pooled[("grant_rate", "value")].iloc[0]
    assert ax.texts[1].get_text() == (f"{rate:.0%}" if rate >= 0.1 else f"{rate:.1%}")
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        f"county{i} (n={2 * YEARS})" for i in range(COUNTIES)
    ]
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        "applications received (total, count)",
        "grant rate (%)",
        "dispute rate (%)",
    ]
    saves(fig, tmp_path)
    assert len(plots.heatmap(corpus).axes[0].texts) == COUNTIES * len(plots.HEATMAP_INDICATORS)
    zh = plots.heatmap(corpus, indicators=ids, labels="zh").axes[0]
    assert [t.get_text() for t in zh.get_xticklabels()] == [
        "本年新收申请（合计，件）",
        "予以公开率（%）",
        "争议率（%）",
    ]


def test_heatmap_cells_without_a_value_look_different_from_low_values() -> None:
    t4 = {f"table4/{b}/{v}": 0.0 for b in plots._T4_BLOCKS for v in ("corrected", "pending", "total")}
    t4["table4/reconsideration/total"] = 5.0
    rows = [
        # county A has no table 4: no correction rate.
        {"agency": "甲局", "county": "A县", "year": 2023, "cells": {"table3/total_processed/total": 10.0}},
        # county B: nothing corrected, the lowest rate (0%).
        {
            "agency": "乙局",
            "county": "B县",
            "year": 2023,
            "cells": {**t4, "table4/reconsideration/corrected": 0.0},
        },
        {
            "agency": "丙局",
            "county": "C县",
            "year": 2023,
            "cells": {**t4, "table4/reconsideration/corrected": 4.0},
        },
    ]
    c = arrays_corpus(rows)
    fig = plots.heatmap(c, by="county", indicators=["correction_rate"])
    ax = fig.axes[0]
    assert np.isnan(np.asarray(ax.images[0].get_array(), dtype=float)[0, 0])
    assert [t.get_text() for t in ax.texts] == ["0.0%", "80%"]
    rgb = pixels(fig)
    height = rgb.shape[0]

    def cell(row: int) -> np.ndarray:
        # The left part of the cell, clear of its annotation.
        (x0, y0), (x1, y1) = ax.transData.transform([(-0.45, row + 0.4), (-0.25, row - 0.4)])
        return rgb[int(height - y1) : int(height - y0), int(x0) : int(x1)].reshape(-1, 3)

    nan, low = cell(0), cell(1)
    assert abs(nan.mean(axis=0)[2] - nan.mean(axis=0)[0]) < 0.02  # grey
    assert low.mean(axis=0)[2] - low.mean(axis=0)[0] > 0.08  # blue
    assert nan.std(axis=0).max() > 0.05 > low.std(axis=0).max()  # hatched, flat
    key = fig.axes[1].get_legend()  # beside the colour bar
    assert [t.get_text() for t in key.get_texts()] == ["no value"]


def test_funnel_pooled_and_per_county(corpus: Corpus, tmp_path: Path) -> None:
    counts = plots.funnel_counts(corpus)
    t3, t4 = corpus.core.table3, corpus.core.table4
    c3, c4 = Corpus.columns(3), Corpus.columns(4)
    blocks = ("reconsideration", "litigation_direct", "litigation_after_reconsideration")
    expected = [
        t3[:, c3.index("table3/new/total")].sum(),
        t3[:, c3.index("table3/total_processed/total")].sum(),
        t3[:, c3.index("table3/granted/total")].sum()
        + t3[:, c3.index("table3/partially_granted/total")].sum(),
        sum(t4[:, c4.index(f"table4/{b}/total")].sum() for b in blocks),
        sum(t4[:, c4.index(f"table4/{b}/corrected")].sum() for b in blocks),
    ]
    assert list(counts.loc["all"]) == expected
    fig = plots.funnel(corpus)
    ax = fig.axes[0]
    assert [p.get_height() for p in ax.patches] == expected  # type: ignore[attr-defined]
    assert len(ax.texts) == len(plots.FUNNEL_STAGES)
    assert ax.texts[0].get_text() == f"{expected[0]:,.0f}\n100.0%"
    assert ax.get_ylabel() == "applications / cases (count, log scale)"
    assert (
        ax.get_title().replace("\n", " ")
        == "pooled over 18 reports of 6 agencies, 2021–2023; above each bar the count and its share of the applications received"
    )
    saves(fig, tmp_path)
    per = plots.funnel(corpus, by="county", labels="zh")
    assert len(per.axes[0].patches) == len(plots.FUNNEL_STAGES) * COUNTIES
    assert plots.funnel_counts(corpus, by="county").sum().tolist() == expected
    assert [t.get_text() for t in per.axes[0].get_xticklabels()] == list(plots.FUNNEL_STAGES.values())
    saves(per, tmp_path)


def test_missing_places_are_no_group_and_meta_is_read_by_position() -> None:
    cells = {"table3/new/total": 4.0, "table3/total_processed/total": 4.0, "table3/granted/total": 1.0}
    rows = [
        {"agency": "甲局", "county": "A县", "year": 2023, "cells": cells},
        {"agency": "乙局", "county": "", "year": 2023, "cells": cells},
        {"agency": "丙局", "county": None, "year": 2023, "cells": cells},
        {"agency": "丁局", "county": "A县", "year": 2023, "cells": cells},
    ]
    c = arrays_corpus(rows)
    c.meta["county"] = pd.array(["A县", "", pd.NA, "A县"], dtype=object)
    c.meta.index = pd.Index(["z", "y", "x", "w"])  # labels that match no other index
    assert plots.funnel_counts(c, by="county").index.tolist() == ["A县"]
    assert plots.funnel_counts(c, by="county").loc["A县", "received"] == 8
    assert plots.outcomes(c, by="county").index.tolist() == ["A县"]
    assert plots.outcomes(c, by=None).index.tolist() == ["z", "y", "x", "w"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the plots say what they leave out; no warning repeats it
        ax = plots.distributions(c, "grant_rate", by="county").axes[0]
        assert [t.get_text() for t in ax.get_xticklabels()] == ["A县\nn=2"]
        heat = plots.heatmap(c, by="county").axes[0]
        assert [t.get_text() for t in heat.get_yticklabels()] == ["A县 (n=2)"]
        assert "4 reports of 4 agencies, 2023 (2 without a county left out)" in heat.get_title()
        zh = plots.funnel(c, by="county", labels="zh").axes[0]
        assert "4份年报，4个机关，2023年（2份无县区，未计入）" in zh.get_title()


# ---- Chinese text, on a machine without a CJK font


def test_bundled_font_is_truetype_and_covers_the_labels() -> None:
    assert plots.FONT_PATH.is_file()
    assert (plots.FONT_PATH.parent / "OFL.txt").read_text(encoding="utf-8").count(
        "SIL OPEN FONT LICENSE"
    ) == 1
    with TTFont(str(plots.FONT_PATH), lazy=True) as font:
        assert "glyf" in font and "CFF " not in font  # TrueType outlines: embeddable in PDF and PS
        assert font["name"].getDebugName(1) == plots.FONT_FAMILY
        cmap = font["cmap"].getBestCmap()
    # Every ideograph of the block up to Unicode 11 (U+9FEF), as the source font has them.
    assert all(c in cmap for c in range(0x4E00, 0x9FF0))
    divisions = (Path(gongkai.__file__).parent / "data" / "divisions.csv").read_text(encoding="utf-8")
    labels = [r.zh for r in template.table3_rows("full")] + [
        i.zh + i.unit for i in _core.builtin_indicators()
    ]
    labels += [zh for zh, _ in plots.OUTCOMES.values()] + list(plots.FUNNEL_STAGES.values())
    labels += [f.row_zh + f.value_zh for f in template.table2_fields("2021")]
    text = divisions + "".join(labels) + "（），、：；《》“”…—·"
    assert [c for c in set(text) if c.isprintable() and ord(c) not in cmap] == []


def test_every_plot_renders_chinese_without_a_warning(tmp_path: Path) -> None:
    c = many_agencies(12)
    c.meta["agency"] = [f"{a}（{LONG}）" for a in c.meta["agency"]]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no missing glyph, no layout warning, nothing
        labels: plots.Labels
        for labels in ("en", "zh"):
            for name, fig in every_plot(c, labels):
                for ext in ("png", "pdf", "svg"):
                    out = tmp_path / f"{name}_{labels}.{ext}"
                    fig.savefig(out)
                    assert out.stat().st_size > 5000, out


def test_long_chinese_names_cause_no_layout_warning() -> None:
    c = many_agencies(26)
    c.meta["agency"] = [f"{LONG}{a}" for a in c.meta["agency"]]
    c.meta["key"] = c.meta["agency"]
    c.meta["county"] = [f"{LONG[: 10 + i % 20]}县" for i in range(len(c))]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for _, fig in every_plot(c, "zh"):
            fig.savefig(io.BytesIO(), format="png")
            ax = fig.axes[0]
            box = ax.get_position()
            assert box.width > 0.2 and box.height > 0.05  # the axes kept room to show the data


def test_cjk_glyphs_come_from_the_bundled_font(corpus: Corpus) -> None:
    dejavu = font_manager.findfont(FontProperties(family="DejaVu Sans"), fallback_to_default=False)
    assert FT2Font(dejavu).get_char_index(ord("予")) == 0  # the default font has no Chinese
    with matplotlib.rc_context({"font.family": ["DejaVu Sans"]}):
        fig = plots.funnel(corpus, labels="zh")
    texts = [t for t in fig.findobj(Text) if isinstance(t, Text) and t.get_text()]
    assert texts and all(t.get_fontfamily() == ["DejaVu Sans", plots.FONT_FAMILY] for t in texts)  # type: ignore[attr-defined]
    found = font_manager.findfont(FontProperties(family=plots.FONT_FAMILY), fallback_to_default=False)
    assert Path(found) == plots.FONT_PATH
    assert sum(Path(f.fname) == plots.FONT_PATH for f in font_manager.fontManager.ttflist) == 1

    # Rendered: the title's glyphs are those of the bundled font, not the boxes of a missing glyph.
    def title(fig: Figure, **kw: Any) -> np.ndarray:
        fig.text(0.02, 0.3, "予以公开率", fontsize=24, **kw)
        return pixels(fig)

    with matplotlib.rc_context({"font.family": ["DejaVu Sans"]}):
        ours = title(plots.Figure(figsize=(2.5, 0.6)))
        bundled = title(Figure(figsize=(2.5, 0.6)), family=[plots.FONT_FAMILY])
        with pytest.warns(UserWarning, match="missing from font"):
            boxes = title(Figure(figsize=(2.5, 0.6)))
    assert np.abs(ours - bundled).max() < 0.05
    assert np.abs(ours - boxes).mean() > 0.01


def test_text_added_later_renders_chinese(corpus: Corpus, tmp_path: Path) -> None:
    fig = plots.funnel(corpus)
    ax = fig.axes[0]
    ax.set_title("用户的标题")
    note = fig.text(0.01, 0.01, "注：数据来自年报")
    ax.set_xticks(range(5), ["新收", "办结", "公开", "争议", "纠错"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig.savefig(tmp_path / "later.png")
    assert plots.FONT_FAMILY in note.get_fontfamily()
    assert all(plots.FONT_FAMILY in t.get_fontfamily() for t in ax.get_xticklabels())


def test_add_cjk_fallback_serves_figures_made_elsewhere(tmp_path: Path) -> None:
    fig = Figure()
    fig.add_subplot().set_xlabel("年度")
    plots.add_cjk_fallback(fig)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig.savefig(tmp_path / "other.png")


def test_plots_leave_rcparams_unchanged(corpus: Corpus, tmp_path: Path) -> None:
    def settings() -> dict[str, Any]:
        # The stored values: reading rcParams["backend"] would itself resolve an automatic backend.
        return {k: v.copy() if isinstance(v, list) else v for k, v in dict.items(matplotlib.rcParams)}

    before = settings()
    for name, fig in every_plot(corpus, "zh"):
        fig.savefig(tmp_path / f"{name}.pdf")
        fig.savefig(tmp_path / f"{name}.svg")
        fig._repr_png_()  # type: ignore[attr-defined]
    after = settings()
    assert [k for k in before if before[k] != after[k]] == []
    assert (
        after["font.sans-serif"] == before["font.sans-serif"]
        and after["font.family"] == before["font.family"]
    )


# ---- Jupyter


def test_repr_png_returns_png_bytes(corpus: Corpus) -> None:
    data = plots.heatmap(corpus)._repr_png_()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert width > 300 and height > 150


NOTEBOOK_SETUP = """\
import numpy as np
import gongkai
from gongkai import plots, render
rng = np.random.default_rng(1)
reports = []
for a in range(3):
    d = render.random_report(rng, "2021", year=2022, agency=f"测试{a}县人民政府")
    reports.append(gongkai.parse(render.render_text(d, rng=rng).encode(), name=f"{a}.txt"))
corpus = gongkai.Corpus.from_reports(reports)
"""


def run_notebook(first: str, last: str, tmp_path: Path) -> list[Any]:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(first + NOTEBOOK_SETUP), nbformat.v4.new_code_cell(last)]
    nbclient.NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    assert not nb.cells[0].outputs
    return list(nb.cells[-1].outputs)


def pngs(outputs: list[Any]) -> int:
    return sum("image/png" in o.get("data", {}) for o in outputs)


def test_a_figure_shows_as_an_image_in_a_fresh_kernel(tmp_path: Path) -> None:
    outputs = run_notebook("", "plots.funnel(corpus)", tmp_path)
    assert [o["output_type"] for o in outputs] == ["execute_result"]
    assert pngs(outputs) == 1


def test_a_figure_shows_once_with_the_inline_backend(tmp_path: Path) -> None:
    outputs = run_notebook("%matplotlib inline\n", "plots.yoy_lines(corpus, 'grant_rate')", tmp_path)
    assert pngs(outputs) == 1
