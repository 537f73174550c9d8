"""Plots of a corpus (matplotlib): outcome composition per agency, indicator distributions per
county, year-over-year lines, a group x indicator heatmap and the application funnel.

Every function takes a :class:`gongkai.Corpus` and returns a :class:`matplotlib.figure.Figure`
built without pyplot (no window is opened, nothing is shown; save it with ``fig.savefig``).
Labels are English ids by default; ``labels="zh"`` uses the Chinese labels, which need a CJK
font that matplotlib can find (without one the characters render as boxes).

Counts pooled over several reports (composition, funnel) are sums of the cells that hold a
number: a blank or absent cell adds nothing. Indicator values are those of
:meth:`Corpus.indicators` (pooled groups: sum of numerators over sum of denominators).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from .corpus import Corpus

__all__ = [
    "FUNNEL_STAGES",
    "HEATMAP_INDICATORS",
    "OUTCOMES",
    "distributions",
    "funnel",
    "heatmap",
    "outcome_composition",
    "outcomes",
    "yoy_lines",
]

Labels = Literal["en", "zh"]

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

_T4_BLOCKS = ("reconsideration", "litigation_direct", "litigation_after_reconsideration")


def _figure(figsize: tuple[float, float]) -> tuple[Figure, Axes]:
    from matplotlib.figure import Figure

    fig = Figure(figsize=figsize, layout="constrained")
    return fig, fig.add_subplot()


def _cells(corpus: Corpus, table: int, names: Sequence[str]) -> npt.NDArray[np.float64]:
    """Reports x 1: the sum of the named cells that hold a number (NaN counted as 0)."""
    from .corpus import Corpus as _C

    columns = {c: i for i, c in enumerate(_C.columns(table))}
    data = {2: corpus.core.table2, 3: corpus.core.table3, 4: corpus.core.table4}[table]
    idx = [columns[n] for n in names]
    return np.asarray(np.nansum(np.asarray(data)[:, idx], axis=1), dtype=np.float64)


def _groups(corpus: Corpus, by: str) -> pd.Series:
    """The group of each report (meta column ``by``), None where missing or empty."""
    col = corpus.meta[by].astype("object")
    return col.where(col.notna() & (col != ""), None)


def _indicator_label(corpus: Corpus, indicator: str, labels: Labels) -> str:
    if labels == "zh":
        for i in corpus._indicators:
            if i.id == indicator and i.zh:
                return str(i.zh)
    return indicator


def outcomes(corpus: Corpus, by: str | None = "agency") -> pd.DataFrame:
    """Applications processed by outcome (columns of :data:`OUTCOMES`), pooled per group of
    ``by`` (a column of ``meta``) or per report (``by=None``, indexed by source)."""
    import pandas as pd

    frame = pd.DataFrame(
        {k: _cells(corpus, 3, [f"table3/{r}/total" for r in rows]) for k, (_, rows) in OUTCOMES.items()}
    )
    if by is None:
        frame.index = pd.Index(corpus.meta["source"], name="source")
        return frame
    out = frame.groupby(_groups(corpus, by).to_numpy(), dropna=True).sum()
    out.index.name = by
    return out


def outcome_composition(
    corpus: Corpus, by: str = "agency", top: int | None = 20, *, labels: Labels = "en"
) -> Figure:
    """Stacked horizontal bars: the share of each outcome (granted, partially granted, denied,
    unavailable, rejected, other) among the applications processed, one bar per group of ``by``
    ("agency" or "key", or any column of ``meta``) pooled over its reports, the ``top`` groups
    with the most applications processed (all with ``top=None``), largest at the top."""
    counts = outcomes(corpus, by)
    total = counts.sum(axis=1)
    counts = counts[total > 0]
    total = total[total > 0]
    order = total.sort_values(ascending=False).index
    if top is not None:
        order = order[:top]
    shares = counts.loc[order[::-1]].div(total.loc[order[::-1]], axis=0)
    fig, ax = _figure((9.0, 1.2 + 0.35 * max(len(shares), 1)))
    left = np.zeros(len(shares))
    y = np.arange(len(shares))
    for k, (zh, _) in OUTCOMES.items():
        x = shares[k].to_numpy(dtype=float)
        ax.barh(y, x, left=left, label=zh if labels == "zh" else k)
        left += x
    ax.set_yticks(y, [str(g) for g in shares.index])
    ax.set_xlim(0, 1)
    ax.set_xlabel("办结申请占比" if labels == "zh" else "share of applications processed")
    ax.set_title("办理结果构成" if labels == "zh" else f"outcome composition per {by}")
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.02 if not shares.empty else 0), ncols=3)
    return fig


def distributions(corpus: Corpus, indicator: str, by: str = "county", *, labels: Labels = "en") -> Figure:
    """Box plots of the report values of ``indicator``, one box per group of ``by`` (reports
    without a value or a group left out; groups in sorted order)."""
    values = corpus.indicators()[indicator].reset_index(drop=True)
    group = _groups(corpus, by).reset_index(drop=True)
    keep = values.notna() & group.notna()
    data = {g: v.to_numpy() for g, v in values[keep].groupby(group[keep].to_numpy())}
    names = sorted(data, key=str)
    fig, ax = _figure((max(4.0, 0.6 * len(names) + 2), 4.5))
    if names:
        ax.boxplot([data[g] for g in names], patch_artist=True)
        ax.set_xticks(np.arange(1, len(names) + 1), [str(g) for g in names], rotation=45, ha="right")
    ax.set_ylabel(_indicator_label(corpus, indicator, labels))
    ax.set_xlabel(by)
    ax.set_title(f"{_indicator_label(corpus, indicator, labels)} / {by}")
    return fig


def yoy_lines(
    corpus: Corpus,
    indicator: str,
    keys: Sequence[str] | None = None,
    *,
    labels: Labels = "en",
    legend: bool = True,
) -> Figure:
    """One line per agency (``meta.key``) of ``indicator`` over the years of its reports; only
    ``keys`` when given (all agencies otherwise); agencies with no value are left out. The
    legend names each agency by its key (``meta.key``), or by its name as in its latest report
    with ``labels="zh"``."""
    import pandas as pd
    from matplotlib.ticker import MaxNLocator

    frame = pd.DataFrame(
        {
            "key": corpus.meta["key"].to_numpy(),
            "agency": corpus.meta["agency"].to_numpy(),
            "year": corpus.meta["year"].to_numpy(),
            "value": corpus.indicators()[indicator].to_numpy(),
        }
    )
    frame = frame[frame["key"].notna() & (frame["key"] != "") & frame["year"].notna()]
    if keys is not None:
        frame = frame[frame["key"].isin(list(keys))]
    fig, ax = _figure((8.0, 4.5))
    for key, rows in sorted(frame.groupby("key"), key=lambda kv: str(kv[0])):
        rows = rows.sort_values("year")
        if rows["value"].isna().all():
            continue
        name = rows["agency"].dropna()
        ax.plot(
            rows["year"].astype(int).to_numpy(),
            rows["value"].to_numpy(dtype=float),
            marker="o",
            label=str(name.iloc[-1]) if len(name) and labels == "zh" else str(key),
        )
    ax.set_xlabel("年度" if labels == "zh" else "year")
    ax.set_ylabel(_indicator_label(corpus, indicator, labels))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    if legend and ax.lines:
        ax.legend(fontsize="small")
    return fig


def heatmap(
    corpus: Corpus,
    by: str = "county",
    indicators: Sequence[str] | None = None,
    *,
    labels: Labels = "en",
    annotate: bool = True,
) -> Figure:
    """Groups (rows) x indicators (columns) of pooled values; the colours are normalised per
    column (the column's minimum lightest, its maximum darkest) so indicators of different
    scales can sit side by side; each cell is annotated with its value (NaN blank)."""
    ids = list(indicators) if indicators is not None else list(HEATMAP_INDICATORS)
    table = corpus.indicators(by=by)[ids]
    values = table.to_numpy(dtype=float)
    lo = np.nanmin(np.where(np.isnan(values), np.inf, values), axis=0) if len(values) else np.zeros(len(ids))
    hi = np.nanmax(np.where(np.isnan(values), -np.inf, values), axis=0) if len(values) else np.zeros(len(ids))
    span = np.where(hi > lo, hi - lo, 1.0)
    colours = np.where(np.isnan(values), np.nan, (values - lo) / span)
    fig, ax = _figure((1.2 + 1.1 * len(ids), 1.5 + 0.4 * max(len(table), 1)))
    image = ax.imshow(np.ma.masked_invalid(colours), cmap="Blues", vmin=0, vmax=1, aspect="auto")
    ax.set_xticks(
        np.arange(len(ids)), [_indicator_label(corpus, i, labels) for i in ids], rotation=45, ha="right"
    )
    ax.set_yticks(np.arange(len(table)), [str(g) for g in table.index])
    if annotate:
        for r in range(values.shape[0]):
            for c in range(values.shape[1]):
                v = values[r, c]
                text = "" if np.isnan(v) else (f"{v:.0f}" if abs(v) >= 10 else f"{v:.2f}")
                ax.text(
                    c,
                    r,
                    text,
                    ha="center",
                    va="center",
                    fontsize="small",
                    color="white" if colours[r, c] > 0.6 else "black",
                )
    fig.colorbar(image, ax=ax, label="column-normalised" if labels == "en" else "列内归一化")
    ax.set_title(f"{by} x indicator")
    return fig


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
    out = frame.groupby(_groups(corpus, by).to_numpy(), dropna=True).sum()
    out.index.name = by
    return out


def funnel(corpus: Corpus, by: str | None = None, *, labels: Labels = "en", log: bool = True) -> Figure:
    """The application funnel received -> processed -> disclosed -> disputed -> corrected
    (:func:`funnel_counts`): pooled over the corpus (one bar per stage, annotated with the count
    and its share of applications received) or, with ``by``, one group of bars per stage and a
    bar per group. ``log`` puts the counts on a log scale (disputes are few)."""
    counts = funnel_counts(corpus, by)
    stages = list(FUNNEL_STAGES)
    names = [FUNNEL_STAGES[s] if labels == "zh" else s for s in stages]
    fig, ax = _figure((8.0, 4.5))
    x = np.arange(len(stages))
    n = len(counts)
    width = 0.8 / max(n, 1)
    for k, (group, row) in enumerate(counts.iterrows()):
        heights = row[stages].to_numpy(dtype=float)
        bars = ax.bar(x - 0.4 + width * (k + 0.5), heights, width, label=str(group))
        if n == 1:
            received = heights[0]
            for bar, h in zip(bars, heights):
                share = f"\n{h / received:.1%}" if received > 0 else ""
                ax.annotate(
                    f"{h:.0f}{share}",
                    (bar.get_x() + bar.get_width() / 2, max(h, 1.0)),
                    ha="center",
                    va="bottom",
                    fontsize="small",
                )
    ax.set_xticks(x, names)
    if log:
        ax.set_yscale("symlog", linthresh=1.0)
    ax.set_ylabel("申请、案件数" if labels == "zh" else "count")
    ax.set_title("申请漏斗" if labels == "zh" else "application funnel" + (f" per {by}" if by else ""))
    if by is not None and n:
        ax.legend(fontsize="small")
    return fig
