"""Plots of a corpus: each returns a Figure with the expected artists and saves to PNG."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import numpy as np
import pytest
from matplotlib.figure import Figure

import gongkai
from gongkai import plots, render
from gongkai.corpus import Corpus

matplotlib.use("Agg")  # the plots use no pyplot; no test opens a window either way

# Agency names are Chinese; without a CJK font matplotlib warns about missing glyphs.
pytestmark = pytest.mark.filterwarnings("ignore:Glyph .* missing from font")

AGENCIES = 6
YEARS = 3
COUNTIES = 3


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


def saves(fig: Figure, tmp_path: Path) -> None:
    out = tmp_path / "plot.png"
    fig.savefig(out)
    assert out.stat().st_size > 1000


def test_outcome_composition_stacks_six_outcomes_per_agency(corpus: Corpus, tmp_path: Path) -> None:
    fig = plots.outcome_composition(corpus, by="key")
    assert isinstance(fig, Figure)
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
    assert counts.loc[first].sum() == t3[rows, cols.index("table3/total_processed/total")].sum()
    saves(fig, tmp_path)


def test_outcome_composition_keeps_the_top_groups(corpus: Corpus) -> None:
    fig = plots.outcome_composition(corpus, by="agency", top=2, labels="zh")
    assert len(fig.axes[0].patches) == len(plots.OUTCOMES) * 2
    assert fig.axes[0].get_legend().get_texts()[0].get_text() == "予以公开"


def test_distributions_draw_one_box_per_county(corpus: Corpus, tmp_path: Path) -> None:
    fig = plots.distributions(corpus, "grant_rate", by="county")
    ax = fig.axes[0]
    assert len(ax.patches) == COUNTIES  # patch_artist boxes
    assert [t.get_text() for t in ax.get_xticklabels()] == [f"county{i}" for i in range(COUNTIES)]
    saves(fig, tmp_path)


def test_yoy_lines_one_line_per_agency_over_the_years(corpus: Corpus, tmp_path: Path) -> None:
    fig = plots.yoy_lines(corpus, "applications_new")
    ax = fig.axes[0]
    assert len(ax.lines) == AGENCIES
    for line in ax.lines:
        assert list(line.get_xdata()) == [2021, 2022, 2023]  # type: ignore[arg-type]
    key = corpus.meta["key"].iloc[0]
    values = corpus.indicators()["applications_new"].to_numpy()[corpus.meta["key"].to_numpy() == key]
    line = next(ln for ln in ax.lines if ln.get_label() == key)
    assert np.array_equal(np.asarray(line.get_ydata()), values)
    saves(fig, tmp_path)
    some = plots.yoy_lines(corpus, "grant_rate", keys=list(corpus.meta["key"].unique()[:2]))
    assert len(some.axes[0].lines) == 2


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
    pooled = corpus.indicators(by="county")
    assert ax.texts[0].get_text() == f"{pooled.iloc[0]['applications_new']:.0f}"
    assert ax.texts[1].get_text() == f"{pooled.iloc[0]['grant_rate']:.2f}"
    saves(fig, tmp_path)
    assert len(plots.heatmap(corpus).axes[0].texts) == COUNTIES * len(plots.HEATMAP_INDICATORS)


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
    saves(fig, tmp_path)
    per = plots.funnel(corpus, by="county", labels="zh")
    assert len(per.axes[0].patches) == len(plots.FUNNEL_STAGES) * COUNTIES
    assert plots.funnel_counts(corpus, by="county").sum().tolist() == expected
    saves(per, tmp_path)
