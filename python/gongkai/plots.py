"""Plots of a corpus (matplotlib): outcome composition per agency, indicator distributions per
county, year-over-year lines, a group x indicator heatmap and the application funnel.

Every function takes a :class:`gongkai.Corpus` and returns a :class:`Figure`, a matplotlib
``Figure`` built without pyplot: no window is opened and nothing is shown; save it with
``fig.savefig`` (PNG, PDF, SVG, PS), or leave it as the last expression of a Jupyter cell, where
it shows as an image with no ``%matplotlib`` magic.

Chinese text renders on any machine: the package brings a subset of Noto Sans CJK SC
(``data/fonts``, SIL Open Font License 1.1; :data:`FONT_FAMILY`), which every text of these
figures falls back to, glyph by glyph, for the characters its own font lacks, including text the
user adds later (``ax.set_title("中文")``). The user's fonts and ``rcParams`` are left as they
are: a CJK font of their own comes first where they configured one.

Labels are English ids and names by default (with the Chinese indicator name in titles);
``labels="zh"`` uses the Chinese labels. Every plot says what it shows, the group, the units
(rates in %, counts in 件) and the reports behind it.

Counts pooled over several reports (composition, funnel, heatmap) are sums of the cells or the
report values that hold a number: a blank or absent cell adds nothing. Rates pooled over a group
are those of :meth:`Corpus.indicators` (sum of numerators over sum of denominators).
"""

from __future__ import annotations

import functools
import io
import math
import re
import warnings
from collections.abc import Hashable, Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast

import matplotlib.figure
import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.backend_bases import RendererBase

    from . import _core
    from .corpus import Corpus

__all__ = [
    "FONT_FAMILY",
    "FONT_PATH",
    "FUNNEL_STAGES",
    "HEATMAP_INDICATORS",
    "OUTCOMES",
    "Figure",
    "add_cjk_fallback",
    "distributions",
    "funnel",
    "funnel_counts",
    "heatmap",
    "outcome_composition",
    "outcomes",
    "yoy_lines",
]

Labels = Literal["en", "zh"]

FONT_FAMILY = "Gongkai Sans CJK"
"""The family name of the bundled CJK font (a subset of Noto Sans CJK SC Regular)."""

FONT_PATH = Path(str(resources.files("gongkai") / "data" / "fonts" / "GongkaiSansCJK-Regular.ttf"))
"""The bundled font file (made by scripts/make_font.py; see data/fonts/README.md)."""

OUTCOMES: dict[str, tuple[str, tuple[str, ...]]] = {
    "granted": ("予以公开", ("granted",)),
    "partially_granted": ("部分公开", ("partially_granted",)),
    "denied": (
        "不予公开",
        (
            "denied_state_secret",
            "denied_prohibited_by_law",
            "denied_security_stability",
            "denied_third_party",
            "denied_internal_affairs",
            "denied_process_information",
            "denied_enforcement_file",
            "denied_administrative_query",
        ),
    ),
    "unavailable": (
        "无法提供",
        ("unavailable_not_held", "unavailable_needs_creation", "unavailable_unclear"),
    ),
    "rejected": (
        "不予处理",
        (
            "rejected_petition",
            "rejected_duplicate",
            "rejected_publication",
            "rejected_excessive",
            "rejected_confirmation",
        ),
    ),
    "other": ("其他处理", ("other_no_correction", "other_unpaid_fee", "other_misc", "other")),
}
"""Outcome categories of table 3: id -> (Chinese label, table 3 rows summed, column total)."""

_OUTCOME_COLOURS = {
    "granted": "#1a9850",
    "partially_granted": "#91cf60",
    "denied": "#d73027",
    "unavailable": "#fc8d59",
    "rejected": "#8073ac",
    "other": "#bababa",
}

FUNNEL_STAGES: dict[str, str] = {
    "received": "新收申请",
    "processed": "办结",
    "disclosed": "公开（含部分公开）",
    "disputed": "复议、诉讼",
    "corrected": "纠错",
}
"""Stages of the application funnel: id -> Chinese label."""

HEATMAP_INDICATORS: tuple[str, ...] = (
    "applications_new",
    "grant_rate",
    "disclosure_rate",
    "denial_rate",
    "unavailable_rate",
    "rejection_rate",
    "dispute_rate",
    "correction_rate",
)
"""The indicators of :func:`heatmap` by default."""

YOY_HIGHLIGHT = 8
"""How many agencies :func:`yoy_lines` draws in colour by default (the others in grey)."""

_T4_BLOCKS = ("reconsideration", "litigation_direct", "litigation_after_reconsideration")
_MAX_LABEL = 28  # characters of an agency or group name shown before it is cut with "…"
_GREY = "0.72"
_FEW = 10  # a box of fewer reports shows each of them
_LINE_COLOURS = ("C0", "C1", "C2", "C3", "C4", "C5", "C6", "C8", "C9")  # tab10 without its grey


# ---- the font and the figure


@functools.cache
def _register_font() -> None:
    """Makes the bundled font known to matplotlib (once); changes no setting."""
    from matplotlib import font_manager

    path = str(FONT_PATH)
    if not any(f.fname == path for f in font_manager.fontManager.ttflist):
        font_manager.fontManager.addfont(path)


def add_cjk_fallback(figure: matplotlib.figure.Figure) -> None:
    """Appends the bundled CJK font (:data:`FONT_FAMILY`) to the font family list of every text
    of ``figure`` (titles, labels, tick labels, legends, annotations, colorbars), so characters
    the text's own fonts lack are drawn with it. For figures made elsewhere (pyplot); the
    figures of this module do it themselves each time they are drawn."""
    from matplotlib.text import Text

    _register_font()
    for text in figure.findobj(Text):
        assert isinstance(text, Text)
        family = list(text.get_fontfamily())
        if FONT_FAMILY not in family:
            text.set_fontfamily([*family, FONT_FAMILY])


class Figure(matplotlib.figure.Figure):
    """A matplotlib ``Figure`` whose texts fall back to the bundled CJK font, also texts added
    after it was made (the fallback is applied again whenever it is drawn), and which shows
    itself as a PNG image in Jupyter (``_repr_png_``), with or without ``%matplotlib``."""

    def draw(self, renderer: RendererBase) -> None:
        add_cjk_fallback(self)
        super().draw(renderer)

    def _repr_png_(self) -> bytes:
        buffer = io.BytesIO()
        self.savefig(buffer, format="png", bbox_inches="tight")
        return buffer.getvalue()


def _figure(width: float, height: float) -> tuple[Figure, Axes]:
    fig = Figure(figsize=(width, height), layout="constrained")
    return fig, fig.add_subplot()


def _finish(fig: Figure) -> Figure:
    add_cjk_fallback(fig)
    return fig


# ---- text


def _text_width(text: str, size: float = 10.0) -> float:
    """Inches a one-line text of ``size`` points takes, roughly (CJK full width, Latin ~0.6)."""
    ems = sum(1.0 if ord(c) >= 0x2E80 else 0.6 for c in text)
    return ems * size / 72.0


def _cut(text: str, limit: int = _MAX_LABEL) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _indicator(corpus: Corpus, indicator: str) -> _core.Indicator:
    for i in corpus._indicators:
        if i.id == indicator:
            return i
    raise KeyError(f"no indicator {indicator!r}; the indicators are {', '.join(corpus.indicator_ids)}")


def _name(ind: _core.Indicator, labels: Labels) -> str:
    """The indicator's name: its Chinese label, or in English its id in words for rates and
    shares (grant rate) and its English name for counts (applications received)."""
    if labels == "zh" and ind.zh:
        return str(ind.zh)
    return ind.id.replace("_", " ") if ind.rate else str(ind.en or ind.id)


def _unit(ind: _core.Indicator, labels: Labels) -> str:
    if ind.rate:
        return "%"
    unit = str(ind.unit)
    if labels == "zh":
        return unit or "件"
    return {"件": "count", "万元": "10,000 yuan", "": "count"}.get(unit, unit)


def _axis_label(ind: _core.Indicator, labels: Labels, prefix: str = "") -> str:
    """Name and unit: "grant rate (%)", "本年新收申请（件）"; ``prefix`` before the unit."""
    name, unit = _name(ind, labels), _unit(ind, labels)
    if labels == "zh":
        inner = "，".join(p for p in (prefix, "" if unit in name else unit) if p)
        if not inner:
            return name
        if name.endswith("）"):  # 公开率（含部分公开） -> 公开率（含部分公开，%）
            return f"{name[:-1]}，{inner}）"
        return f"{name}（{inner}）"
    return f"{name} ({prefix + ', ' if prefix else ''}{unit})"


def _title_name(ind: _core.Indicator, labels: Labels) -> str:
    """The indicator in a title: "grant rate (予以公开率)" in English, "予以公开率" in Chinese."""
    name = _name(ind, labels)
    return f"{name} ({ind.zh})" if labels == "en" and ind.zh and ind.zh != name else name


_BY_ZH = {
    "county": "县区",
    "agency": "机关",
    "key": "机关",
    "prefecture": "地市",
    "province": "省份",
    "level": "层级",
    "type": "类型",
    "year": "年度",
}


_NOUNS = {
    "agency": ("agency", "agencies"),
    "key": ("agency", "agencies"),
    "county": ("county", "counties"),
    "prefecture": ("prefecture", "prefectures"),
    "province": ("province", "provinces"),
    "year": ("year", "years"),
}


def _groups_en(n: int, by: str) -> str:
    """ "6 counties", "20 agencies", "3 level groups"."""
    one, many = _NOUNS.get(by, (f"{by} group", f"{by} groups"))
    return f"{n} {one if n == 1 else many}"


def _by(by: str, labels: Labels) -> str:
    return _BY_ZH.get(by, by) if labels == "zh" else by


def _percent_axis(axis: Any) -> None:
    from matplotlib.ticker import PercentFormatter

    axis.set_major_formatter(PercentFormatter(xmax=1.0, decimals=0))


def _format_value(value: float, rate: bool) -> str:
    if math.isnan(value):
        return ""
    if rate:
        return f"{value:.1%}" if abs(value) < 0.1 else f"{value:.0%}"
    return f"{value:,.0f}"


def _wrap(text: str, width: float, size: float) -> str:
    """``text`` in lines of at most ``width`` inches at ``size`` points, cut after a ; or ,."""
    pieces = re.split(r"(?<=[;,]) |(?<=[；，])", text)
    lines = [""]
    for piece in pieces:
        glue = " " if lines[-1].endswith((";", ",")) else ""
        if lines[-1] and _text_width(lines[-1] + glue + piece, size) > width:
            lines.append(piece)
        else:
            lines[-1] += glue + piece
    return "\n".join(lines)


def _titles(fig: Figure, ax: Axes, title: str, subtitle: str) -> None:
    """The title (what the plot shows) over the figure, and under it in small grey type the
    reports behind it and how to read it; both wrapped to the figure's width."""
    width = fig.get_figwidth() - 0.4
    fig.suptitle(_wrap(title, width, 12.0))
    ax.set_title(_wrap(subtitle, width, 8.5), fontsize="small", color="0.3")


# ---- the corpus, positionally


def _missing(value: Any) -> bool:
    import pandas as pd

    return value is None or (isinstance(value, str) and value == "") or bool(pd.isna(value))


def _groups(corpus: Corpus, by: str) -> npt.NDArray[np.object_]:
    """The group of each report, in report order (meta column ``by``): None where it is missing
    (None, NaN, pd.NA) or empty."""
    values = corpus.meta[by].to_numpy(dtype=object)
    out = np.empty(len(values), dtype=object)
    for i, v in enumerate(values):
        out[i] = None if _missing(v) else v
    return out


def _years(corpus: Corpus, rows: npt.NDArray[np.bool_] | None = None) -> list[int]:
    """The years of the reports (``rows``, all by default), 0 and missing left out."""
    years = corpus.meta["year"].to_numpy(dtype=object)
    if rows is not None:
        years = years[rows]
    return sorted({int(y) for y in years if not _missing(y) and int(y) > 0})


def _extent(
    corpus: Corpus, labels: Labels, rows: npt.NDArray[np.bool_] | None = None, by: str | None = None
) -> str:
    """ "781 reports of 157 agencies, 2020–2024": the reports (``rows``, all by default) behind a
    plot; with ``by``, how many of them have no group and are left out."""
    n = int(len(corpus) if rows is None else rows.sum())
    keys = _groups(corpus, "key")
    if rows is not None:
        keys = keys[rows]
    agencies = len({k for k in keys if k is not None})
    years = _years(corpus, rows)
    span = "" if not years else str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"
    groups = _groups(corpus, by) if by is not None else np.empty(0, dtype=object)
    if rows is not None and by is not None:
        groups = groups[rows]
    left = sum(g is None for g in groups)
    if labels == "zh":
        out = f"{n}份年报，{agencies}个机关" + (f"，{span}年" if span else "")
        return out + (f"（{left}份无{_by(str(by), labels)}，未计入）" if left else "")
    out = f"{n} report{'s' if n != 1 else ''} of {agencies} agenc{'ies' if agencies != 1 else 'y'}"
    out += f", {span}" if span else ""
    return out + (f" ({left} without a {by} left out)" if left else "")


def _cells(corpus: Corpus, table: int, names: Sequence[str]) -> npt.NDArray[np.float64]:
    """Reports x 1: the sum of the named cells that hold a number (NaN counted as 0)."""
    from .corpus import Corpus as _C

    columns = {c: i for i, c in enumerate(_C.columns(table))}
    data = {2: corpus.core.table2, 3: corpus.core.table3, 4: corpus.core.table4}[table]
    idx = [columns[n] for n in names]
    return np.asarray(np.nansum(np.asarray(data)[:, idx], axis=1), dtype=np.float64)


def _floats(column: Any) -> npt.NDArray[np.float64]:
    """A column of numbers (floats or nullable integers) as floats, NaN where missing."""
    import pandas as pd

    return np.asarray(pd.Series(column).to_numpy(dtype=float, na_value=np.nan), dtype=np.float64)


def _report_parts(corpus: Corpus, indicator: str) -> pd.DataFrame:
    """The parts (value, numerator, denominator, ...) of one indicator per report, in report
    order (read by position: the index is the corpus's, whatever it is)."""
    return cast("pd.DataFrame", corpus.indicators(details=True, indicators=[indicator])[indicator])


def _pooled(corpus: Corpus, by: str, indicators: Sequence[str]) -> pd.DataFrame:
    """The indicators pooled per group of ``by`` with their parts, the groups that are no group
    ("") left out. Reports without a group are left out too; the plots say how many, so the
    grouping's warning about them is not repeated."""
    from .corpus import GroupingWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", GroupingWarning)
        frame = corpus.indicators(by=by, details=True, indicators=list(indicators))
    return frame[[not _missing(g) for g in frame.index]]


# ---- the plots


def outcomes(corpus: Corpus, by: str | None = "agency") -> pd.DataFrame:
    """Applications processed by outcome (columns of :data:`OUTCOMES`), pooled per group of
    ``by`` (a column of ``meta``) or per report (``by=None``, indexed as ``meta``)."""
    import pandas as pd

    frame = pd.DataFrame(
        {k: _cells(corpus, 3, [f"table3/{r}/total" for r in rows]) for k, (_, rows) in OUTCOMES.items()}
    )
    if by is None:
        frame.index = corpus.meta.index
        return frame
    out = frame.groupby(_groups(corpus, by), dropna=True).sum()
    out.index.name = by
    return out


def outcome_composition(
    corpus: Corpus, by: str = "agency", top: int | None = 20, *, labels: Labels = "en"
) -> Figure:
    """Stacked horizontal bars: the share of each outcome (granted, partially granted, denied,
    unavailable, rejected, other) among the applications processed, one bar per group of ``by``
    ("agency" or "key", or any column of ``meta``) pooled over its reports, the ``top`` groups
    with the most applications processed (all with ``top=None``), largest at the top; each bar's
    label ends with the number of applications behind it."""
    from matplotlib.ticker import MultipleLocator

    counts = outcomes(corpus, by)
    total = counts.sum(axis=1)
    counts = counts[total > 0]
    total = total[total > 0]
    groups = len(total)
    order = total.sort_values(ascending=False, kind="stable").index
    if top is not None:
        order = order[:top]
    shares = counts.loc[order[::-1]].div(total.loc[order[::-1]], axis=0)
    names = [f"{_cut(str(g))} ({total[g]:,.0f})" for g in shares.index]
    width = 6.0 + max((_text_width(n) for n in names), default=0.0) + 1.6
    fig, ax = _figure(width, max(3.4, 1.6 + 0.3 * len(shares)))  # at least the legend's height
    left = np.zeros(len(shares))
    y = np.arange(len(shares))
    for k, (zh, _) in OUTCOMES.items():
        x = shares[k].to_numpy(dtype=float)
        ax.barh(
            y,
            x,
            left=left,
            label=zh if labels == "zh" else k.replace("_", " "),
            color=_OUTCOME_COLOURS[k],
            height=0.8,
        )
        left += x
    ax.set_yticks(y, names)
    ax.set_ylim(-0.6, len(shares) - 0.4)
    ax.set_xlim(0, 1)
    _percent_axis(ax.xaxis)
    ax.xaxis.set_minor_locator(MultipleLocator(0.1))
    ax.tick_params(axis="y", length=0)
    ax.set_xlabel("占办结申请的比例" if labels == "zh" else "share of the applications processed (%)")
    ax.legend(
        title="办理结果" if labels == "zh" else "outcome",
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        borderaxespad=0.0,
        fontsize="small",
    )
    shown = len(shares)
    if labels == "zh":
        title = f"申请办理结果构成（按{_by(by, labels)}合计）"
        which = f"办结申请最多的{shown}个{_by(by, labels)}" + (f"（共{groups}个）" if shown < groups else "")
        subtitle = f"{which}；括号内为办结申请数；{_extent(corpus, labels, by=by)}"
    else:
        title = f"outcome of the applications processed (办理结果), per {by}, pooled over its reports"
        which = (
            f"the {_groups_en(shown, by)} with the most applications processed, of {groups}"
            if shown < groups
            else _groups_en(shown, by)
        )
        subtitle = f"{which}; in brackets the applications processed; {_extent(corpus, labels, by=by)}"
    _titles(fig, ax, title, subtitle)
    return _finish(fig)


def _boxes(ax: Axes, data: Sequence[npt.NDArray[Any]], positions: npt.NDArray[np.int64]) -> None:
    """Box plots drawn from their statistics (quartiles, whiskers at 1.5 IQR, outliers; every
    value where a group has fewer than 10): one patch per box. Not Axes.boxplot, which reads every rcParam and with that resolves an
    automatic backend (importing pyplot and perhaps a GUI toolkit)."""
    from matplotlib.cbook import boxplot_stats
    from matplotlib.patches import Rectangle

    edge, half = "#08519c", 0.3
    values = [np.asarray(d, dtype=float) for d in data]
    for points, stats, x in zip(values, boxplot_stats(values, whis=1.5), positions):
        ax.add_patch(
            Rectangle(
                (x - half, stats["q1"]),
                2 * half,
                stats["q3"] - stats["q1"],
                facecolor="#c6dbef",
                edgecolor=edge,
                zorder=2,
            )
        )
        ax.plot([x - half, x + half], [stats["med"]] * 2, color="#08306b", linewidth=2, zorder=2.5)
        for end, start in ((stats["whislo"], stats["q1"]), (stats["whishi"], stats["q3"])):
            ax.plot([x, x], [start, end], color=edge, linewidth=1, zorder=1.5)
            ax.plot([x - half / 2, x + half / 2], [end, end], color=edge, linewidth=1, zorder=1.5)
        # A small group shows every report; a large one its outliers.
        shown = points if len(points) < _FEW else np.asarray(stats["fliers"], dtype=float)
        if len(shown):
            ax.plot(
                np.full(len(shown), x),
                shown,
                linestyle="none",
                marker="o",
                markersize=3,
                markerfacecolor="none",
                markeredgecolor="0.4",
            )
    ax.set_xlim(positions[0] - 0.6, positions[-1] + 0.6)


def distributions(corpus: Corpus, indicator: str, by: str = "county", *, labels: Labels = "en") -> Figure:
    """Box plots of the report values of ``indicator``, one box per group of ``by`` (reports
    without a value or a group left out; groups in sorted order; under each the number of
    reports). For rates, a diamond marks the group's pooled value (sum of numerators over sum of
    denominators), which weighs each report by its applications where the box does not."""
    import pandas as pd
    from matplotlib.lines import Line2D

    ind = _indicator(corpus, indicator)
    values = pd.Series(_floats(_report_parts(corpus, indicator)["value"]))
    group = pd.Series(_groups(corpus, by), dtype=object)
    keep = values.notna() & group.notna()
    data = {g: v.to_numpy() for g, v in values[keep].groupby(group[keep].to_numpy())}
    names = sorted(data, key=str)
    ticks = [f"{_cut(str(g), 16)}\nn={len(data[g])}" for g in names]
    box = max((_text_width(_cut(str(g), 16)) for g in names), default=0.5) + 0.2
    slanted = len(names) > 8
    legend_w = 1.3
    width = 1.4 + legend_w + len(names) * (0.45 if slanted else max(0.7, box))
    fig, ax = _figure(min(max(width, 7.0), 18.0), 4.8 + (box * 0.5 if slanted else 0.0))
    handles: list[Any] = []
    if names:
        positions = np.arange(1, len(names) + 1)
        _boxes(ax, [data[g] for g in names], positions)
        if slanted:
            ax.set_xticks(positions, ticks, rotation=35, ha="right", rotation_mode="anchor")
        else:
            ax.set_xticks(positions, ticks)
        handles.append(
            Line2D([], [], color="#08306b", linewidth=2, label="中位数" if labels == "zh" else "median")
        )
        if ind.rate:
            pooled = _pooled(corpus, by, [indicator])[(indicator, "value")]
            ys = [float(pooled.get(g, np.nan)) for g in names]
            ax.plot(positions, ys, linestyle="none", marker="D", color="#e6550d", markersize=7, zorder=3)
            handles.append(
                Line2D(
                    [],
                    [],
                    linestyle="none",
                    marker="D",
                    color="#e6550d",
                    label="合计值" if labels == "zh" else "pooled",
                )
            )
    if ind.rate:
        _percent_axis(ax.yaxis)
    ax.set_ylabel(_axis_label(ind, labels, "每份年报" if labels == "zh" else "per report"))
    ax.set_xlabel(_by(by, labels))
    ax.grid(axis="y", color="0.9")
    ax.set_axisbelow(True)
    if handles:
        ax.legend(
            handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0, fontsize="small"
        )
    reports = int(keep.sum())
    if labels == "zh":
        title = f"{_name(ind, labels)}：各年报的分布（按{_by(by, labels)}）"
        pooled_note = "；合计值为分子之和/分母之和" if ind.rate else ""
        subtitle = (
            f"{reports}份有数值的年报，{len(names)}个{_by(by, labels)}；箱体为四分位数，须为1.5倍四分位距，"
            f"点为离群值（不足{_FEW}份时为每份年报）{pooled_note}"
        )
    else:
        title = f"{_title_name(ind, labels)} per report, distribution by {by}"
        subtitle = (
            f"{reports} reports with a value in {_groups_en(len(names), by)} "
            f"({_extent(corpus, labels, by=by)}); box: quartiles, whiskers: 1.5 IQR, "
            f"dots: outliers (every report where fewer than {_FEW})"
            + ("; pooled: Σ numerators / Σ denominators" if ind.rate else "")
        )
    _titles(fig, ax, title, subtitle)
    return _finish(fig)


def _gapped(rows: pd.DataFrame) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """Years and values of one agency with NaN for the years between that have no value, so
    that its line breaks there rather than bridging the gap."""
    import pandas as pd

    rows = rows.drop_duplicates("year", keep="last")
    years = rows["year"].to_numpy(dtype=np.int64)
    every = np.arange(years.min(), years.max() + 1, dtype=np.int64)
    values = pd.Series(rows["value"].to_numpy(dtype=float), index=years).reindex(every)
    return every, np.asarray(values.to_numpy(dtype=float), dtype=np.float64)


def yoy_lines(
    corpus: Corpus,
    indicator: str,
    keys: Sequence[str] | None = None,
    *,
    labels: Labels = "en",
    legend: bool = True,
    highlight: int = YOY_HIGHLIGHT,
) -> Figure:
    """One line per agency (``meta.key``) of ``indicator`` over the years of its reports; only
    ``keys`` when given (all agencies otherwise); agencies with no value are left out.

    Dozens of coloured lines cannot be told apart, so only the ``highlight`` largest agencies
    are drawn in colour, named in a legend outside the axes (by their name in their latest
    report, highest last value first); the others are thin grey lines that show the spread. The
    largest are those with the biggest base over all their years: the sum of the indicator for a
    count, the sum of its denominator (the applications or cases the rate is taken of) for a
    rate, so that a rate of 100% on one application is not what is picked. One axes rather than
    small multiples, because the point is to compare agencies on one scale.

    Each line's ``gid`` is the agency's key."""
    import pandas as pd
    from matplotlib.lines import Line2D
    from matplotlib.ticker import MaxNLocator

    ind = _indicator(corpus, indicator)
    details = _report_parts(corpus, indicator)
    frame = pd.DataFrame(
        {
            "key": _groups(corpus, "key"),
            "agency": _groups(corpus, "agency"),
            "year": corpus.meta["year"].to_numpy(dtype=object),
            "value": _floats(details["value"]),
            "base": _floats(details["denominator" if ind.rate else "value"]),
        }
    )
    frame = frame[
        [not _missing(k) and not _missing(y) and int(y) > 0 for k, y in zip(frame["key"], frame["year"])]
    ]
    if keys is not None:
        frame = frame[frame["key"].isin(list(keys))]
    frame = frame.assign(year=[int(y) for y in frame["year"]])
    series: list[tuple[Hashable, pd.DataFrame, float]] = []
    for group_key, group_rows in frame.groupby("key", sort=False):
        ordered = group_rows.sort_values("year")
        if ordered["value"].isna().all():
            continue
        base = float(np.nansum(np.where(ordered["value"].notna(), ordered["base"], np.nan)))
        series.append((group_key, ordered, base))
    ranked = sorted(series, key=lambda s: (-s[2], str(s[0])))
    coloured = ranked[: max(highlight, 0)]
    grey = ranked[len(coloured) :]

    def name(key: Hashable, rows: pd.DataFrame) -> str:
        agency = rows["agency"].dropna()
        return str(agency.iloc[-1]) if len(agency) else str(key)

    names = {s[0]: name(s[0], s[1]) for s in coloured}
    repeated = {n for n in names.values() if list(names.values()).count(n) > 1}
    legend_names = {k: _cut(n if n not in repeated else f"{n} ({k})") for k, n in names.items()}
    width = 6.5 + (
        max((_text_width(n, 9) for n in legend_names.values()), default=0.0) + 0.8 if legend else 0.0
    )
    fig, ax = _figure(width, 4.8)
    for key, rows, _ in grey:
        ax.plot(
            *_gapped(rows),
            color=_GREY,
            linewidth=0.8,
            marker="o",
            markersize=1.5,
            alpha=0.8,
            zorder=1,
            gid=str(key),
            label="_nolegend_",
        )
    last = [(float(rows["value"].dropna().iloc[-1]), key, rows) for key, rows, _ in coloured]
    colours = [_LINE_COLOURS[i % len(_LINE_COLOURS)] for i in range(len(coloured))]
    for colour, (_, key, rows) in zip(colours, sorted(last, key=lambda t: -t[0])):
        ax.plot(
            *_gapped(rows),
            color=colour,
            linewidth=2.0,
            marker="o",
            markersize=4,
            zorder=3,
            gid=str(key),
            label=legend_names[key],
        )
    if legend and ax.lines:
        handles, texts = ax.get_legend_handles_labels()
        if grey:
            other = (
                f"其他{len(grey)}个机关"
                if labels == "zh"
                else f"{len(grey)} other agenc{'ies' if len(grey) > 1 else 'y'}"
            )
            handles.append(Line2D([], [], color=_GREY, linewidth=1.0))
            texts.append(other)
        ax.legend(
            handles,
            texts,
            loc="upper left",
            bbox_to_anchor=(1.01, 1.0),
            borderaxespad=0.0,
            fontsize="small",
            title="机关（按末年数值）" if labels == "zh" else "agency (by last value)",
            title_fontsize="small",
        )
    ax.set_xlabel("年度" if labels == "zh" else "year")
    ax.set_ylabel(_axis_label(ind, labels))
    if ind.rate:
        _percent_axis(ax.yaxis)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(color="0.92")
    ax.set_axisbelow(True)
    drawn = {s[0] for s in series}
    rows_used = np.array([k in drawn for k in _groups(corpus, "key")], dtype=bool)
    if labels == "zh":
        title = f"{_name(ind, labels)}：各机关逐年变化"
        basis = "合计" if not ind.rate else "分母合计"
        subtitle = (
            f"{basis}最大的{len(coloured)}个机关着色，其余{len(grey)}个为灰色；{_extent(corpus, labels, rows_used)}"
            if grey
            else _extent(corpus, labels, rows_used)
        )
    else:
        title = f"{_title_name(ind, labels)} per agency and year"
        basis = "total over the years" if not ind.rate else "base (Σ denominator) over the years"
        others = f"{len(grey)} other{'s' if len(grey) > 1 else ''}"
        subtitle = (
            f"in colour the {len(coloured)} agencies with the largest {basis}, {others} in grey; "
            f"{_extent(corpus, labels, rows_used)}"
            if grey
            else _extent(corpus, labels, rows_used)
        )
    _titles(fig, ax, title, subtitle)
    return _finish(fig)


def heatmap(
    corpus: Corpus,
    by: str = "county",
    indicators: Sequence[str] | None = None,
    *,
    labels: Labels = "en",
    annotate: bool = True,
) -> Figure:
    """Groups (rows) x indicators (columns) pooled over each group's reports: rates are those of
    :meth:`Corpus.indicators` (sum of numerators over sum of denominators), counts are the
    group's total (the sum of its report values). The colours are normalised per column (the
    column's minimum lightest, its maximum darkest) so indicators of different scales can sit
    side by side; each cell is annotated with its value (rates in %). Cells without a value are
    grey and hatched, unlike any value. Row labels give the number of reports of each group."""
    import pandas as pd
    from matplotlib.colors import Normalize
    from matplotlib.patches import Patch, Rectangle

    ids = list(indicators) if indicators is not None else list(HEATMAP_INDICATORS)
    inds = [_indicator(corpus, i) for i in ids]
    pooled = _pooled(corpus, by, ids)
    # A rate's pooled value; a count's total, the numerator (NaN where no report has a value).
    columns = {i.id: _floats(pooled[(i.id, "value" if i.rate else "numerator")]) for i in inds}
    table = pd.DataFrame(columns, index=pooled.index)
    values = table.to_numpy(dtype=float)
    finite = np.where(np.isnan(values), np.nan, values)
    with np.errstate(invalid="ignore"):
        lo = (
            np.array([np.nanmin(c) if np.isfinite(c).any() else 0.0 for c in finite.T])
            if len(values)
            else np.zeros(len(ids))
        )
        hi = (
            np.array([np.nanmax(c) if np.isfinite(c).any() else 0.0 for c in finite.T])
            if len(values)
            else np.zeros(len(ids))
        )
    span = np.where(hi > lo, hi - lo, 1.0)
    colours = np.where(np.isnan(values), np.nan, (values - lo) / span)
    group_of = pd.Series(_groups(corpus, by), dtype=object)
    reports = group_of.dropna().value_counts()
    rows = [f"{_cut(str(g))} (n={int(reports.get(g, 0))})" for g in table.index]
    columns_text = [
        _axis_label(i, labels, "" if i.rate else ("合计" if labels == "zh" else "total")) for i in inds
    ]
    label_w = max((_text_width(r) for r in rows), default=0.5)
    height = 2.6 + 0.38 * max(len(table), 1)
    fig, ax = _figure(1.8 + label_w + 0.95 * len(ids), height)
    cmap = matplotlib.colormaps["Blues"]
    norm = Normalize(vmin=-0.25, vmax=1.15)  # the minimum light blue, never white; the maximum not black
    image = ax.imshow(
        np.ma.masked_invalid(colours), cmap=cmap, norm=norm, aspect="auto", interpolation="nearest"
    )
    missing = np.argwhere(np.isnan(values))
    for r, c in missing:
        ax.add_patch(
            Rectangle((c - 0.5, r - 0.5), 1, 1, facecolor="0.86", edgecolor="0.55", hatch="///", linewidth=0)
        )
    ax.set_xticks(np.arange(len(ids)), columns_text, rotation=35, ha="right", rotation_mode="anchor")
    ax.set_yticks(np.arange(len(table)), rows)
    ax.tick_params(length=0)
    ax.set_xticks(np.arange(-0.5, len(ids)), minor=True)
    ax.set_yticks(np.arange(-0.5, len(table)), minor=True)
    ax.grid(which="minor", color="white", linewidth=1.5)
    ax.tick_params(which="minor", length=0)
    for side in ax.spines.values():
        side.set_visible(False)
    if annotate:
        for r in range(values.shape[0]):
            for c in range(values.shape[1]):
                v = values[r, c]
                if np.isnan(v):
                    continue
                red, green, blue, _ = cmap(norm(colours[r, c]))
                dark = 0.2126 * red + 0.7152 * green + 0.0722 * blue < 0.5
                ax.text(
                    c,
                    r,
                    _format_value(v, inds[c].rate),
                    ha="center",
                    va="center",
                    fontsize="small",
                    color="white" if dark else "black",
                )
    # At most 3 inches long, at the top: on a tall map the "no value" key stays near the title.
    bar = fig.colorbar(
        image,
        ax=ax,
        ticks=[0, 1],
        fraction=0.04,
        pad=0.02,
        shrink=min(1.0, 3.0 / (height - 2.2)),
        anchor=(0.0, 1.0),
    )
    bar.ax.set_yticklabels(["最小" if labels == "zh" else "min", "最大" if labels == "zh" else "max"])
    bar.ax.set_ylim(0, 1)
    bar.set_label("列内位置" if labels == "zh" else "place within the column")
    if len(missing):  # under the colour bar: what a cell without a value looks like
        bar.ax.legend(
            handles=[
                Patch(
                    facecolor="0.86",
                    edgecolor="0.55",
                    hatch="///",
                    label="无数值" if labels == "zh" else "no value",
                )
            ],
            loc="upper left",
            bbox_to_anchor=(0.0, -0.04),
            borderaxespad=0.0,
            handlelength=1.2,
            fontsize="small",
            frameon=False,
        )
    if labels == "zh":
        title = f"各{_by(by, labels)}指标（合计：比率为分子之和/分母之和，数量为总数）"
        groups = "" if by in ("agency", "key") else f"{len(table)}个{_by(by, labels)}，"
        subtitle = f"{groups}{_extent(corpus, labels, by=by)}；颜色按列从最小到最大"
    else:
        title = f"indicators per {by}, pooled (rates: Σ numerators / Σ denominators; counts: totals)"
        groups = "" if by in ("agency", "key") else f"{_groups_en(len(table), by)}, "
        subtitle = f"{groups}{_extent(corpus, labels, by=by)}; colours from each column's minimum to maximum"
    _titles(fig, ax, title, subtitle)
    return _finish(fig)


def funnel_counts(corpus: Corpus, by: str | None = None) -> pd.DataFrame:
    """The stages of :data:`FUNNEL_STAGES` as counts: received = table3/new/total, processed =
    total_processed, disclosed = granted + partially granted, disputed = the totals of the three
    blocks of table 4, corrected = their corrected; one row ("all") pooled over the corpus, or
    one row per group of ``by``."""
    import pandas as pd

    frame = pd.DataFrame(
        {
            "received": _cells(corpus, 3, ["table3/new/total"]),
            "processed": _cells(corpus, 3, ["table3/total_processed/total"]),
            "disclosed": _cells(corpus, 3, ["table3/granted/total", "table3/partially_granted/total"]),
            "disputed": _cells(corpus, 4, [f"table4/{b}/total" for b in _T4_BLOCKS]),
            "corrected": _cells(corpus, 4, [f"table4/{b}/corrected" for b in _T4_BLOCKS]),
        }
    )
    if by is None:
        return frame.sum().to_frame("all").T
    out = frame.groupby(_groups(corpus, by), dropna=True).sum()
    out.index.name = by
    return out


def funnel(corpus: Corpus, by: str | None = None, *, labels: Labels = "en", log: bool = True) -> Figure:
    """The application funnel received -> processed -> disclosed -> disputed -> corrected
    (:func:`funnel_counts`): pooled over the corpus (one bar per stage, annotated with the count
    and its share of applications received) or, with ``by``, one group of bars per stage and a
    bar per group. ``log`` puts the counts on a log scale (disputes are few)."""
    from matplotlib.ticker import FuncFormatter

    counts = funnel_counts(corpus, by)
    stages = list(FUNNEL_STAGES)
    names = [FUNNEL_STAGES[s] if labels == "zh" else s for s in stages]
    n = len(counts)
    legend_w = (
        max((_text_width(_cut(str(g)), 9) for g in counts.index), default=0.0) + 0.9
        if by is not None and n
        else 0.0
    )
    fig, ax = _figure(8.0 + legend_w, 4.8)
    x = np.arange(len(stages))
    width = 0.8 / max(n, 1)
    for k, (group, row) in enumerate(counts.iterrows()):
        heights = row[stages].to_numpy(dtype=float)
        bars = ax.bar(
            x - 0.4 + width * (k + 0.5),
            heights,
            width,
            label=_cut(str(group)),
            color="#4292c6" if n == 1 else f"C{k % 10}",
        )
        if n == 1:
            received = heights[0]
            for bar, h in zip(bars, heights):
                share = f"\n{h / received:.1%}" if received > 0 else ""
                ax.annotate(
                    f"{h:,.0f}{share}",
                    (bar.get_x() + bar.get_width() / 2, max(h, 1.0)),
                    xytext=(0, 2),
                    textcoords="offset points",
                    ha="center",
                    va="bottom",
                    fontsize="small",
                )
    ax.set_xticks(x, names)
    scale = ""
    if log:
        ax.set_yscale("symlog", linthresh=1.0)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
        top = float(np.nanmax(counts[stages].to_numpy(dtype=float))) if n else 1.0
        ax.set_ylim(0, max(top, 1.0) * 4)
        scale = "，对数刻度" if labels == "zh" else ", log scale"
    ax.set_ylabel(
        f"申请数、案件数（件{scale}）" if labels == "zh" else f"applications / cases (count{scale})"
    )
    ax.grid(axis="y", color="0.92")
    ax.set_axisbelow(True)
    if by is not None and n:
        ax.legend(
            loc="upper left",
            bbox_to_anchor=(1.01, 1.0),
            borderaxespad=0.0,
            fontsize="small",
            title=_by(by, labels),
        )
    if labels == "zh":
        title = "申请漏斗：新收 → 办结 → 公开 → 复议、诉讼 → 纠错" + (
            f"（按{_by(by, labels)}）" if by else ""
        )
        note = "；柱上为数量及占新收申请的比例" if n == 1 else ""
        subtitle = f"{_extent(corpus, labels, by=by)}合计{note}"
    else:
        title = "application funnel: received → processed → disclosed → disputed → corrected" + (
            f", per {by}" if by else ""
        )
        note = "; above each bar the count and its share of the applications received" if n == 1 else ""
        subtitle = f"pooled over {_extent(corpus, labels, by=by)}{note}"
    _titles(fig, ax, title, subtitle)
    return _finish(fig)
