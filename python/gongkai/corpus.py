"""Many reports as matrices: indicators per report or pooled by any grouping, year over year,
comparisons across counties or levels.

The numbers live in the C++ core, column-wise (one Eigen matrix per table over all reports);
the arrays below are views of them. Indicators are ratios of two sums (docs/indicators.md): a
group's rate is the sum of its numerators over the sum of its denominators, never a mean of
ratios; a group's count (applications received, lawsuits ...) is its total. Every value comes
with the count of reports behind it.

Every frame of a corpus is indexed the same way, by **report**: ``"<agency key>/<year>"``
(``"350128/平潭综合实验区公安局/2024"``), the key being the agency's normalised identity
(``gongkai.places``) that stays the same across years and forms. A report whose agency or year
is not known is named by its source; two files of one agency and year whose numbers differ
(a conflict, see :func:`gongkai.forms.resolve_forms`) are ``.../2024`` and ``.../2024#2``. ``meta``,
``indicators()``, ``rank()``, ``yoy()`` and ``frame()`` share that index; pooled frames
(``indicators(by=...)``, ``compare()``) are indexed by their groups.
"""

from __future__ import annotations

import html
import os
import warnings
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Union

import numpy as np
import numpy.typing as npt

from . import _core
from .batch import _CHUNK_FILES, ACCOUNTING_COLUMNS, Progress, parse_inputs
from .choices import check_choice, check_choices
from .findings import finding_record, findings_frame, unreadable_record
from .forms import CONFLICT_RULE, Forms, _missing, _quality, conflict_note, conflict_records, resolve_forms
from .inputs import MAX_BYTES, TIME_LIMIT, inputs
from .report import Report, plural

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "META_COLUMNS",
    "REASONS",
    "SMALL_BASE",
    "Corpus",
    "GroupingWarning",
    "meta_frame",
    "read",
    "report_ids",
]

REASONS = ("", "missing input", "zero denominator", "not in the template")
"""Why a report's indicator is NaN, indexed by the codes of the core's reasons."""

POOLED_REASONS = ("", "no report with a value", "zero denominator")
"""Why a pooled indicator is NaN."""

SMALL_BASE = 30
"""Denominators below this are flagged: a rate on fewer than 30 cases says little."""

PathLike = Union[str, "os.PathLike[str]"]
Labels = Union[Literal["en", "zh"], bool]

META_COLUMNS = (
    "source",
    "agency",
    "key",
    "year",
    "template",
    "province",
    "prefecture",
    "county",
    "level",
    "type",
)
"""The columns of ``Corpus.meta`` (its index is ``report``)."""

LABELS_ZH: dict[str, str] = {
    "report": "报告",
    "source": "来源文件",
    "agency": "机关",
    "key": "机关标识",
    "year": "年度",
    "template": "模板",
    "province": "省级",
    "prefecture": "地级",
    "county": "县级",
    "level": "层级",
    "type": "类型",
    "indicator": "指标",
    "part": "分项",
    "unit": "单位",
    "value": "值",
    "numerator": "分子",
    "denominator": "分母",
    "reports": "报告数",
    "small_base": "基数过小",
    "reason": "缺失原因",
    "mean_per_report": "每份报告平均",
    "previous": "上年值",
    "change": "变化",
    "relative": "相对变化",
    "rank": "排名",
    "percentile": "百分位",
    "robust_z": "稳健z值",
    "outlier": "异常值",
}
"""Chinese names of the metadata columns and of the parts of the indicator frames."""

# Cell names of the canonical columns of tables 2, 3 and 4, side by side.
_TABLE_COLUMNS = {2: 32, 3: 182, 4: 15}


class GroupingWarning(UserWarning):
    """Reports were left out of a grouping because they lack the grouping's value (no county
    known, say); ``dropna=False`` gives them a group of their own."""


def _zh(labels: Labels) -> bool:
    if labels is True or labels == "zh":
        return True
    check_choice("labels", str(labels), ["en", "zh"])
    return False


def report_ids(
    keys: pd.Series | Sequence[Any], years: pd.Series | Sequence[Any], sources: pd.Series | Sequence[Any]
) -> pd.Series:
    """The id of each report: ``"<key>/<year>"`` where both are known, else its source; a
    second report with the same id (two files of one agency and year that conflict) gets
    ``#2``, a third ``#3``, in the order given. A Series of strings, one per report."""
    import pandas as pd

    key = pd.Series(keys).reset_index(drop=True).astype("string")
    year = pd.Series(years).reset_index(drop=True).astype("Int64")
    year = year.mask(year.eq(0).fillna(False))  # 0: no year
    source = pd.Series(sources).reset_index(drop=True).astype("string").fillna("?")
    known = (key.notna() & (key != "")).fillna(False) & year.notna()
    base = source.where(~known, key + "/" + year.astype("string"))
    seen = base.groupby(base, sort=False).cumcount()
    return base.where(seen == 0, base + "#" + (seen + 1).astype("string"))


def meta_frame(rows: Sequence[Mapping[str, Any]] | pd.DataFrame) -> pd.DataFrame:
    """Report metadata (rows, or a frame) as ``Corpus.meta``: the columns of
    :data:`META_COLUMNS`, text as pandas' string dtype with ``<NA>`` where unknown (never ""),
    the year a nullable integer (0 and missing are ``<NA>``), indexed by :func:`report_ids`."""
    import pandas as pd

    given = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(list(rows), columns=list(META_COLUMNS))
    given = given.reset_index(drop=True).reindex(columns=list(META_COLUMNS))
    columns: dict[str, Any] = {}
    for col in META_COLUMNS:
        if col == "year":
            year = pd.to_numeric(given[col], errors="coerce").astype("Float64")
            columns[col] = year.where(year > 0).astype("Int64")
        else:
            text = given[col].astype("string")
            columns[col] = text.mask((text == "").fillna(False))
    frame = pd.DataFrame(columns)
    frame.index = pd.Index(
        report_ids(frame["key"], frame["year"], frame["source"]), name="report", dtype="string"
    )
    return frame


def _years(column: pd.Series) -> npt.NDArray[np.int64]:
    """The years of a meta column as integers, 0 where unknown."""
    import pandas as pd

    y = pd.to_numeric(column, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    return np.where(np.isfinite(y), y, 0).astype(np.int64)


def _tables(core: _core.Corpus) -> list[tuple[npt.NDArray[np.float64], npt.NDArray[np.uint8]]]:
    return [
        (np.asarray(core.table2), np.asarray(core.state2)),
        (np.asarray(core.table3), np.asarray(core.state3)),
        (np.asarray(core.table4), np.asarray(core.state4)),
    ]


# ---------------------------------------------------------------------------------------------
# Indicator frames


def _is_count_terms(terms: Sequence[tuple[str, float, bool]]) -> bool:
    """Whether a sum of these cells is a count (whole numbers): cells of tables 3 and 4, or of
    table 2 but its amounts in 万元, with whole coefficients."""
    from .template import table2_fields

    amounts = {f"table2/{f.row}/{f.value}" for t in ("2021", "2019") for f in table2_fields(t) if f.amount}
    return all(name not in amounts and float(coeff).is_integer() for name, coeff, _ in terms)


@dataclass(frozen=True)
class _Kind:
    rate: bool
    count: bool  # the value is a count (an indicator without denominator summing counts)
    numerator_count: bool
    denominator_count: bool


def _kind(i: _core.Indicator) -> _Kind:
    num = _is_count_terms(i.numerator)
    den = _is_count_terms(i.denominator)  # an empty denominator is 1 a report: a count of reports
    return _Kind(bool(i.rate), not i.rate and not i.denominator and num, num, den)


def _as(values: Any, integer: bool) -> Any:
    """A column of numbers: nullable integers for counts, floats otherwise (and for a count
    column holding a number that is not whole, which a report may print: it is kept as
    printed, never rounded)."""
    import pandas as pd

    arr = np.asarray(values, dtype=np.float64)
    if not integer:
        return arr
    missing = np.isnan(arr)
    whole = np.where(missing, 0.0, arr)
    if np.isinf(whole).any() or not np.array_equal(whole, np.round(whole)):
        return arr
    return pd.arrays.IntegerArray(whole.astype(np.int64), missing)


def _frame(columns: Mapping[str, Any], index: Any) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(dict(columns), index=index)


def _nested(parts: Mapping[str, Any], ids: Sequence[str], index: Any = None) -> pd.DataFrame:
    """Columns (indicator, part) from one frame (or mapping of indicator id to column) per
    part, all on ``index`` (default: the first frame's). Built in one step, without aligning
    or reordering copies of the whole table."""
    import pandas as pd

    if index is None:
        index = next(iter(parts.values())).index
    data = {}
    for i in ids:
        for p, columns in parts.items():
            column = columns[i]
            data[(i, p)] = column.array if isinstance(column, pd.Series) else column
    out = pd.DataFrame(data, index=index, copy=False)
    out.columns = pd.MultiIndex.from_tuples(list(data), names=["indicator", "part"])
    return out


def _tidy(parts: Mapping[str, pd.DataFrame], ids: Sequence[str], units: Mapping[str, str]) -> pd.DataFrame:
    """One row per (row of the index, indicator), a column per part."""
    import pandas as pd

    first = next(iter(parts.values()))
    index = first.index
    n, k = len(index), len(ids)
    base = index.to_frame(index=False)
    base = base.loc[base.index.repeat(k)].reset_index(drop=True)
    out = base
    out["indicator"] = pd.array(list(ids) * n, dtype="string")
    out["unit"] = pd.array([units[i] for i in ids] * n, dtype="string")
    for name, frame in parts.items():
        cols = frame[list(ids)]
        if name in ("reports", "rank"):
            out[name] = pd.array(
                cols.to_numpy(dtype="float64", na_value=np.nan).reshape(-1), dtype="Float64"
            ).astype("Int64")
        elif name in ("small_base", "outlier"):
            out[name] = cols.to_numpy(dtype=bool, na_value=False).reshape(-1)
        elif name == "reason":
            out[name] = pd.array(cols.to_numpy(dtype=object).reshape(-1), dtype="string")
        else:
            out[name] = cols.to_numpy(dtype="float64", na_value=np.nan).reshape(-1)
    return out


def _translate(frame: pd.DataFrame, indicators: Mapping[str, str], tidy: bool) -> pd.DataFrame:
    """Chinese names for columns, index names and indicator ids."""
    import pandas as pd

    def name(x: Any) -> Any:
        return indicators.get(x, LABELS_ZH.get(x, x)) if isinstance(x, str) else x

    out = frame.copy()
    if isinstance(out.columns, pd.MultiIndex):
        out.columns = pd.MultiIndex.from_tuples(
            [tuple(name(x) for x in c) for c in out.columns], names=[name(n) for n in out.columns.names]
        )
    else:
        out.columns = pd.Index([name(c) for c in out.columns], name=name(out.columns.name))
    out.index = out.index.set_names([name(n) for n in out.index.names])
    if tidy and "指标" in out.columns:
        out["指标"] = out["指标"].map(lambda x: indicators.get(x, x)).astype("string")
    return out


# ---------------------------------------------------------------------------------------------
# The corpus


def _empty_findings() -> pd.DataFrame:
    return findings_frame([])


@dataclass(repr=False)
class Corpus:
    """Reports held column-wise, with one row of metadata per report (``meta``, indexed by
    report id) and the findings about them (``findings``)."""

    core: _core.Corpus
    meta: pd.DataFrame
    failures: list[tuple[str, str]] = field(default_factory=list)
    """Inputs that could not be read: (source, reason)."""
    duplicates: list[tuple[Any, Any]] = field(default_factory=list)
    """Other forms of a report already in the corpus (same agency, year and numbers):
    (source, kept source)."""
    accounting: pd.DataFrame | None = None
    """One row per input of gongkai.read (source, status, errors, reason); None otherwise."""
    findings: pd.DataFrame = field(default_factory=_empty_findings)
    """One row per finding about the reports of the corpus (gongkai.findings.FINDING_COLUMNS):
    what the parser could not read, the identities and rules that do not hold, conflicts
    between files, and a row per input that could not be read."""
    _indicators: list[_core.Indicator] = field(default_factory=lambda: list(_core.builtin_indicators()))
    _conflicted: npt.NDArray[np.bool_] | None = None  # reports in a conflict: no year over year

    # ---- building
    @classmethod
    def from_reports(
        cls, reports: Sequence[Report], *, manifest: Any = None, one_form: bool = True
    ) -> Corpus:
        """A corpus of parsed reports; ``manifest`` (gongkai.places.read_manifest) overrides
        agency and place by file. With ``one_form`` (the default) several forms of one report
        (same agency, year and numbers: a page, its PDF, its crawled text) count once, the form
        read best kept and the others listed in ``duplicates``; files of one agency and year
        whose numbers differ are both kept, with a ``corpus.conflict`` finding each (see
        :func:`resolve_forms`). Pages that are no annual report are left out. ``findings``
        holds what :func:`gongkai.read` keeps: the parse findings, those of the report-scope
        rules, of the series rules between an agency's consecutive years and the conflicts (the
        copy rules, which compare every pair of narratives, are :func:`gongkai.check.check_all`'s
        and ``gongkai check``'s)."""
        from .places import _place

        reports = [r for r in reports if getattr(r, "is_report", True)]
        checked = [[*r.findings, *r.check()] for r in reports]
        rows: list[dict[str, Any]] = []
        for r in reports:
            row = {"source": r.source, "year": r.year, "template": r.template}
            row.update(_place(r.source, r.agency, manifest))
            rows.append(row)
        tables = _tables(_core.Corpus.from_reports([r._r for r in reports]))
        forms = resolve_forms(
            [row["key"] for row in rows],
            [r.year for r in reports],
            [_quality(r, sum(f.severity == "error" for f in fs)) for r, fs in zip(reports, checked)],
            tables,
            one_form=one_form,
        )
        kept = [reports[i] for i in forms.keep]
        meta = meta_frame([rows[i] for i in forms.keep])
        ids = dict(zip(forms.keep, meta.index))
        corpus = cls(_core.Corpus.from_reports([r._r for r in kept]), meta)
        corpus.duplicates = [(reports[a].source, reports[b].source) for a, b in forms.duplicates]
        records: list[dict[str, Any]] = []
        for i in forms.keep:
            r = reports[i]
            records += [
                finding_record(f, source=r.source, agency=r.agency, year=r.year, report=ids[i])
                for f in checked[i]
            ]
        records += conflict_records(
            forms,
            [r.source for r in reports],
            tables,
            ids,
            [r.agency for r in reports],
            [r.year for r in reports],
        )
        corpus._conflicted = conflicted(forms, ids, meta)
        corpus.findings = findings_frame([*records, *corpus._series_records()])
        return corpus

    @classmethod
    def read(
        cls, paths: PathLike | Iterable[PathLike], *, manifest: Any = None, workers: int | None = None
    ) -> Corpus:
        """Every report file under ``paths`` (files, folders, globs): :func:`gongkai.read`
        without a progress bar. Inputs that cannot be read are in ``failures`` and
        ``accounting``."""
        return read(paths, workers=workers, progress=False, manifest=manifest)

    @classmethod
    def from_arrays(
        cls,
        table2: npt.ArrayLike,
        table3: npt.ArrayLike,
        table4: npt.ArrayLike,
        meta: pd.DataFrame,
        *,
        state2: npt.ArrayLike | None = None,
        state3: npt.ArrayLike | None = None,
        state4: npt.ArrayLike | None = None,
    ) -> Corpus:
        """A corpus of numbers without reports (reports x 32 / 182 / 15 canonical columns, see
        ``columns``); states default to "value" where a number is given and "absent" where NaN.
        ``meta`` needs at least the columns year and template; the others of
        :data:`META_COLUMNS` are filled with ``<NA>`` where missing, and the index becomes the
        report ids."""
        arrays = [np.asfortranarray(np.asarray(t, dtype=np.float64)) for t in (table2, table3, table4)]
        states = []
        for values, given in zip(arrays, (state2, state3, state4)):
            if given is None:
                states.append(np.asfortranarray(np.where(np.isnan(values), 6, 0).astype(np.uint8)))
            else:
                states.append(np.asfortranarray(np.asarray(given, dtype=np.uint8)))
        frame = meta_frame(meta)
        core = _core.Corpus.from_arrays(
            arrays[0],
            arrays[1],
            arrays[2],
            states[0],
            states[1],
            states[2],
            _years(frame["year"]).tolist(),
            [str(t) for t in frame["template"].fillna("none")],
        )
        return cls(core, frame)

    def __len__(self) -> int:
        return len(self.core)

    def select(self, rows: Any) -> Corpus:
        """The reports of ``rows`` as a corpus of their own: a boolean mask over the reports
        (``corpus.meta["county"] == "平潭县"``; ``<NA>`` counts as False), or report ids. Their
        numbers, metadata, findings and the indicators registered; the accounting of the inputs
        stays with the whole corpus (``accounting`` is None, ``failures`` and ``duplicates``
        empty). ``corpus[rows]`` is the same."""
        import pandas as pd

        n = len(self)
        if (
            isinstance(rows, (pd.Series, np.ndarray, list, tuple, pd.Index))
            and len(rows)
            and all(isinstance(x, str) for x in list(rows)[:1])
        ):
            wanted = list(rows)
            position = {r: k for k, r in enumerate(self.meta.index)}
            for r in wanted:
                if r not in position:
                    check_choice("report", r, list(self.meta.index))
            take = np.array([position[r] for r in wanted], dtype=np.int64)
        else:
            if isinstance(rows, pd.Series):
                mask = rows.astype("boolean").fillna(False).to_numpy(dtype=bool)
            else:
                mask = np.asarray(rows, dtype=bool)
            if mask.shape != (n,):
                raise ValueError(
                    f"a mask over the reports has {n} values, not {mask.shape[0] if mask.ndim else 1}"
                )
            take = np.flatnonzero(mask)
        core = self.core
        arrays = [
            np.asfortranarray(np.asarray(getattr(core, k))[take]) for k in ("table2", "table3", "table4")
        ]
        states = [
            np.asfortranarray(np.asarray(getattr(core, k))[take]) for k in ("state2", "state3", "state4")
        ]
        meta = self.meta.iloc[take]
        sub = Corpus.from_arrays(
            arrays[0], arrays[1], arrays[2], meta, state2=states[0], state3=states[1], state4=states[2]
        )
        sub.meta = meta.copy()
        sub.findings = self.findings[self.findings["report"].isin(meta.index).fillna(False)].reset_index(
            drop=True
        )
        sub._indicators = list(self._indicators)
        sub._conflicted = None if self._conflicted is None else self._conflicted[take]
        return sub

    def __getitem__(self, rows: Any) -> Corpus:
        return self.select(rows)

    # ---- the numbers
    @staticmethod
    def columns(table: int) -> list[str]:
        """Cell names of the canonical columns of table 2, 3 or 4."""
        n = _TABLE_COLUMNS[int(check_choice("table", str(table), ["2", "3", "4"]))]
        return [_core.column_name(table, c) for c in range(n)]

    @property
    def table3(self) -> npt.NDArray[np.float64]:
        """Reports x 182 canonical cells of table 3 (a view of the core's matrix)."""
        return self.core.table3

    # ---- indicators
    def register(
        self,
        id: str,
        numerator: Sequence[str | tuple[str, float]],
        denominator: Sequence[str | tuple[str, float]] = (),
        *,
        zh: str = "",
        en: str = "",
        unit: str = "",
        rate: bool | None = None,
    ) -> None:
        """Adds an indicator: sums of cells named like ``"table3/granted/total"`` (a tuple
        gives a coefficient, e.g. ``("table4/reconsideration/pending", -1)``). Without a
        denominator it is a count (pooled as a total) when its cells are counts."""
        if any(i.id == id for i in self._indicators):
            raise ValueError(f"an indicator {id!r} exists already")
        cells = [n for t in (*numerator, *denominator) for n in ([t] if isinstance(t, str) else [t[0]])]
        valid = set(self.columns(2) + self.columns(3) + self.columns(4))
        for c in cells:
            if c not in valid:
                check_choice("cell", c, sorted(valid))

        def terms(
            items: Sequence[str | tuple[str, float]],
        ) -> list[tuple[str, float] | tuple[str, float, bool]]:
            return [(t, 1.0) if isinstance(t, str) else (t[0], float(t[1])) for t in items]

        self._indicators.append(
            _core.Indicator(
                id,
                zh,
                en or id,
                unit,
                bool(denominator) if rate is None else rate,
                terms(numerator),
                terms(denominator),
            )
        )

    @property
    def indicator_ids(self) -> list[str]:
        return [i.id for i in self._indicators]

    def _values(self) -> _core.IndicatorValues:
        return _core.compute_indicators(self.core, self._indicators)

    def _select(self, indicators: Sequence[str] | str | None) -> list[_core.Indicator]:
        if indicators is None:
            return list(self._indicators)
        wanted = [indicators] if isinstance(indicators, str) else list(indicators)
        by_id = {i.id: i for i in self._indicators}
        return [by_id[check_choice("indicator", w, list(by_id))] for w in wanted]

    def _groups(self, by: str | Sequence[str]) -> list[str]:
        keys = [by] if isinstance(by, str) else list(by)
        if not keys:
            raise ValueError("group by at least one column of meta")
        return check_choices("column of meta", keys, list(self.meta.columns))

    def _group_codes(
        self, keys: list[str], dropna: bool, stacklevel: int = 4
    ) -> tuple[npt.NDArray[np.int64], Any, int]:
        """A group code per report (-1: left out), the groups' index and how many were left out."""
        import pandas as pd

        groups = self.meta[keys].reset_index(drop=True)
        grouped = groups.groupby(keys, dropna=dropna, sort=True)
        numbered = grouped.ngroup().to_numpy(dtype="float64", na_value=np.nan)
        codes: npt.NDArray[np.int64] = np.where(np.isnan(numbered), -1, numbered).astype(np.int64)
        index = grouped.size().index
        if not isinstance(index, pd.MultiIndex):
            index = pd.Index(index, name=keys[0], dtype=self.meta[keys[0]].dtype)
        left_out = int((codes < 0).sum())
        if left_out:
            warnings.warn(
                f"{left_out} of {len(self)} reports have no {' / '.join(keys)} and are left out "
                "(dropna=False gives them a group of their own)",
                GroupingWarning,
                stacklevel=stacklevel,
            )
        return codes, index, left_out

    def indicators(
        self,
        by: str | Sequence[str] | None = None,
        *,
        details: bool = False,
        tidy: bool = False,
        labels: Labels = "en",
        dropna: bool = True,
        indicators: Sequence[str] | None = None,
    ) -> pd.DataFrame:
        """Indicator values: one row per report (indexed by report id) or, with ``by`` (columns
        of ``meta``: "county", "year", ["county", "year"], ...), one row per group, pooled:
        rates as Σ numerators / Σ denominators, counts as the group's total.

        ``details``: columns (indicator, part) with the parts value, numerator, denominator,
        reports (behind the value), small_base (a rate on a denominator < 30), reason (why a
        value is NaN) and, for counts, mean_per_report (the total over the reports behind it).
        ``tidy``: one row per (report or group, indicator) with those parts as columns (and the
        unit). ``labels="zh"``: Chinese names for indicators, parts and columns. Reports that
        lack the grouping's value are left out with a :class:`GroupingWarning` saying how many
        (``frame.attrs["left_out"]``); ``dropna=False`` gives them a group of their own.
        Counts are nullable integers; rates and amounts floats.
        """
        import pandas as pd

        chosen = self._select(indicators)
        ids = [i.id for i in chosen]
        kinds = {i.id: _kind(i) for i in chosen}
        v = _core.compute_indicators(self.core, chosen)
        if by is None:
            index = self.meta.index
            value = np.asarray(v.value())
            num, den = np.asarray(v.numerator), np.asarray(v.denominator)
            reason = np.asarray(v.reason)
            reports = (reason == 0).astype(np.float64)
            reason_text = np.take(np.array(REASONS, dtype=object), reason)
            left_out = 0
        else:
            keys = self._groups(by)
            codes, index, left_out = self._group_codes(keys, dropna)
            p = _core.pool(v, chosen, codes, len(index))
            value = np.asarray(p.value())
            num, den = np.asarray(p.numerator), np.asarray(p.denominator)
            reports = np.asarray(p.reports, dtype=np.float64)
            zero = np.zeros_like(value, dtype=np.int64)
            for j, i in enumerate(chosen):
                if i.rate or i.denominator:
                    zero[:, j] = np.where(den[:, j] == 0, 2, 0)
            code = np.where(reports == 0, 1, zero)
            reason_text = np.take(np.array(POOLED_REASONS, dtype=object), code)
            num = np.where(reports == 0, np.nan, num)
            den = np.where(reports == 0, np.nan, den)
        rate = np.array([kinds[i].rate or bool(c.denominator) for i, c in zip(ids, chosen)])
        parts: dict[str, pd.DataFrame] = {
            "value": _frame({i: _as(value[:, j], kinds[i].count) for j, i in enumerate(ids)}, index),
        }
        if details or tidy:
            mean = np.where(rate[None, :] | (reports == 0), np.nan, num / np.where(reports == 0, 1, reports))
            parts["numerator"] = _frame(
                {i: _as(num[:, j], kinds[i].numerator_count) for j, i in enumerate(ids)}, index
            )
            parts["denominator"] = _frame(
                {i: _as(den[:, j], kinds[i].denominator_count) for j, i in enumerate(ids)}, index
            )
            parts["reports"] = _frame({i: _as(reports[:, j], True) for j, i in enumerate(ids)}, index)
            parts["small_base"] = _frame(
                {i: rate[j] & (np.nan_to_num(den[:, j], nan=0.0) < SMALL_BASE) for j, i in enumerate(ids)},
                index,
            )
            parts["reason"] = _frame(
                {i: pd.array(reason_text[:, j], dtype="string") for j, i in enumerate(ids)}, index
            )
            if by is not None:
                parts["mean_per_report"] = _frame({i: mean[:, j] for j, i in enumerate(ids)}, index)
        units = {i.id: ("%" if i.rate else i.unit) for i in chosen}
        if tidy:
            out = _tidy(parts, ids, units)
        elif details:
            out = _nested(parts, ids)
        else:
            out = parts["value"]
            out.columns = pd.Index(ids, name="indicator")
        if _zh(labels):
            out = _translate(out, {i.id: i.zh or i.id for i in chosen}, tidy)
        out.attrs["left_out"] = left_out
        return out

    def _agency_ids(self) -> npt.NDArray[np.int64]:
        """An id per report for its agency (``meta.key``); -1 where the agency is unknown or has
        two conflicting files for the report's year (such reports are not compared across
        years)."""
        import pandas as pd

        key = self.meta["key"]
        codes, _ = pd.factorize(key.astype(object).where(key.notna(), None), use_na_sentinel=True)
        agency = np.asarray(codes, dtype=np.int64)
        if self._conflicted is not None:
            agency = np.where(self._conflicted, -1, agency)
        return agency

    def _series_records(self) -> list[dict[str, Any]]:
        """The findings of the series rules (carry-over chain, stock of documents) between each
        agency's reports of consecutive years, as rows of the findings table."""
        sources = [str(x) for x in self.meta["source"].fillna("?")]
        agencies, years = self.meta["agency"], self.meta["year"]
        return [
            finding_record(
                f,
                source=sources[k],
                agency=None if _missing(agencies.iloc[k]) else str(agencies.iloc[k]),
                year=None if _missing(years.iloc[k]) else int(years.iloc[k]),
                report=str(self.meta.index[k]),
            )
            for k, f in _core.check_series_corpus(self.core, self._agency_ids().tolist(), sources)
        ]

    def yoy(
        self, *, tidy: bool = False, labels: Labels = "en", indicators: Sequence[str] | None = None
    ) -> pd.DataFrame:
        """Year over year for the same agency (``meta.key``): one row per report whose agency
        has a report of the year before, indexed by the later report's id; columns (indicator,
        part) with the parts value, previous, change (percentage points for rates), relative
        (counts: x(t) / x(t-1) - 1) and small_base (a rate on a denominator < 30 in either
        year). Agencies with two conflicting files for a year (``corpus.conflict``) are not
        compared across that year. ``tidy`` and ``labels`` as in :meth:`indicators`."""
        import pandas as pd

        chosen = self._select(indicators)
        ids = [i.id for i in chosen]
        kinds = {i.id: _kind(i) for i in chosen}
        v = _core.compute_indicators(self.core, chosen)
        y = _core.year_over_year(v, chosen, self._agency_ids(), _years(self.meta["year"]))
        later, before = y.report, y.previous
        index = pd.Index(self.meta.index.take(later), name="report", dtype="string")
        den = np.asarray(v.denominator)
        rate = np.array([i.rate for i in chosen], dtype=bool)
        small = np.zeros((len(later), len(ids)), dtype=bool)
        for j in np.flatnonzero(rate):
            small[:, j] = (den[later, j] < SMALL_BASE) | (den[before, j] < SMALL_BASE)
        value, previous = np.asarray(y.value), np.asarray(y.previous_value)
        change, relative = np.asarray(y.change), np.asarray(y.relative)
        parts: dict[str, dict[str, Any]] = {
            "value": {i: _as(value[:, j], kinds[i].count) for j, i in enumerate(ids)},
            "previous": {i: _as(previous[:, j], kinds[i].count) for j, i in enumerate(ids)},
            "change": {i: _as(change[:, j], kinds[i].count) for j, i in enumerate(ids)},
            "relative": {i: relative[:, j] for j, i in enumerate(ids)},
            "small_base": {i: small[:, j] for j, i in enumerate(ids)},
        }
        if tidy:
            frames = {p: _frame(cols, index) for p, cols in parts.items()}
            out = _tidy(frames, ids, {i.id: ("%" if i.rate else i.unit) for i in chosen})
        else:
            out = _nested(parts, ids, index)
        if _zh(labels):
            out = _translate(out, {i.id: i.zh or i.id for i in chosen}, tidy)
        return out

    def compare(
        self,
        by: str | Sequence[str] = "county",
        indicators: Sequence[str] | None = None,
        *,
        tidy: bool = False,
        labels: Labels = "en",
        dropna: bool = True,
    ) -> pd.DataFrame:
        """Groups (counties by default) side by side: for each indicator the pooled value (rates
        pooled, counts as totals), its rank among the groups (1 = highest), percentile, a robust
        z-score ((x - median) / (1.4826 MAD)), an outlier flag (|z| > 3.5), the reports behind
        it and the small-base flag. ``tidy``, ``labels`` and ``dropna`` as in
        :meth:`indicators`."""
        import pandas as pd

        chosen = self._select(indicators)
        ids = [i.id for i in chosen]
        keys = self._groups(by)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", GroupingWarning)
            d = self.indicators(
                by=keys if len(keys) > 1 else keys[0], details=True, dropna=dropna, indicators=ids
            )
        for w in caught:
            warnings.warn(w.message, w.category, stacklevel=2)
        parts: dict[str, dict[str, Any]] = defaultdict(dict)
        for i in ids:
            x = d[(i, "value")].astype("float64")
            median = x.median()
            mad = (x - median).abs().median() * 1.4826
            z = (x - median) / mad if mad and not np.isnan(mad) else x * np.nan
            parts["value"][i] = d[(i, "value")]
            parts["rank"][i] = _as(x.rank(ascending=False, method="min").to_numpy(), True)
            parts["percentile"][i] = (x.rank(pct=True) * 100).to_numpy()
            parts["robust_z"][i] = z.to_numpy()
            parts["outlier"][i] = (z.abs() > 3.5).to_numpy()
            parts["reports"][i] = d[(i, "reports")]
            parts["small_base"][i] = d[(i, "small_base")]
        frames = {p: pd.DataFrame(cols, index=d.index) for p, cols in parts.items()}
        units = {i.id: ("%" if i.rate else i.unit) for i in chosen}
        out = _tidy(frames, ids, units) if tidy else _nested(frames, ids)
        if _zh(labels):
            out = _translate(out, {i.id: i.zh or i.id for i in chosen}, tidy)
        out.attrs["left_out"] = d.attrs.get("left_out", 0)
        return out

    def rank(
        self, within: str = "county", indicators: Sequence[str] | None = None, *, labels: Labels = "en"
    ) -> pd.DataFrame:
        """Each report's place among the reports of its group (``within``: county, level, type,
        year ...): for each indicator the value, its rank in the group (1 = highest) and its
        percentile there; indexed by report id. Reports without a group (see
        :class:`GroupingWarning`) or a value are left unranked (NA)."""
        import pandas as pd

        chosen = self._select(indicators)
        ids = [i.id for i in chosen]
        (key,) = self._groups(within)
        values = self.indicators(indicators=ids)
        codes, _, _ = self._group_codes([key], True, stacklevel=3)
        group = pd.Series(np.where(codes < 0, np.nan, codes), index=values.index)
        numeric = values.astype("float64")
        grouped = numeric.groupby(group, dropna=True)
        parts = {
            "value": values,
            "rank": grouped.rank(ascending=False, method="min")
            .reindex(values.index)
            .astype("Float64")
            .astype("Int64"),
            "percentile": (grouped.rank(pct=True) * 100).reindex(values.index),
        }
        out = _nested(parts, ids)
        if _zh(labels):
            out = _translate(out, {i.id: i.zh or i.id for i in chosen}, False)
        return out

    def distribution(self, indicator: str, by: str = "county", *, dropna: bool = True) -> pd.DataFrame:
        """The distribution of one indicator's report values in each group: count, mean and the
        10th, 25th, 50th, 75th and 90th percentiles (reports without a value left out; reports
        without a group as in :meth:`indicators`)."""
        (chosen,) = self._select([indicator])
        (key,) = self._groups(by)
        values = self.indicators(indicators=[chosen.id])[chosen.id].astype("float64").reset_index(drop=True)
        codes, index, _ = self._group_codes([key], dropna, stacklevel=3)
        keep = codes >= 0
        described = (
            values[keep]
            .groupby(np.asarray(index.take(codes[keep]), dtype=object), dropna=False)
            .describe(percentiles=[0.1, 0.25, 0.5, 0.75, 0.9])
        )
        described.index.name = key
        described["count"] = described["count"].astype("Int64")
        return described.drop(columns=["std"])

    def frame(self, *, labels: Labels = "en", indicators: Sequence[str] | None = None) -> pd.DataFrame:
        """Metadata and indicator values in one DataFrame: one row per report, indexed by
        report id."""
        values = self.indicators(indicators=indicators)
        out = self.meta.join(values)
        if _zh(labels):
            out = _translate(out, {i.id: i.zh or i.id for i in self._indicators}, False)
        return out

    # ---- showing itself
    def _summary(self) -> dict[str, Any]:
        meta = self.meta
        years = sorted(int(y) for y in meta["year"].dropna().unique())
        severities = Counter(self.findings["severity"].dropna()) if len(self.findings) else Counter()
        conflicts = int((self.findings["rule"] == CONFLICT_RULE).sum()) if len(self.findings) else 0
        return {
            "reports": len(self),
            "agencies": int(meta["key"].nunique()),
            "counties": sorted(str(c) for c in meta["county"].dropna().unique()),
            "years": years,
            "templates": Counter(str(t) for t in meta["template"].dropna()),
            "failed": len(self.failures),
            "duplicates": len(self.duplicates),
            "conflicts": conflicts,
            "findings": {s: severities.get(s, 0) for s in ("error", "warning", "info")},
        }

    def __repr__(self) -> str:
        s = self._summary()
        years = f"{s['years'][0]}-{s['years'][-1]}" if s["years"] else "no year"
        f = s["findings"]
        return (
            f"<gongkai.Corpus {plural(s['reports'], 'report')}, {plural(s['agencies'], 'agency', 'agencies')}, "
            f"{plural(len(s['counties']), 'county', 'counties')}, years {years}; {s['failed']} failed, "
            f"{plural(s['duplicates'], 'duplicate form')}, {s['conflicts']} in conflict; "
            f"findings: {plural(f['error'], 'error')}, {plural(f['warning'], 'warning')}, {f['info']} info>"
        )

    def _repr_html_(self) -> str:
        s = self._summary()
        e = html.escape
        counties = ", ".join(s["counties"][:8]) + (
            f" … ({len(s['counties'])} in all)" if len(s["counties"]) > 8 else ""
        )
        years = Counter(int(y) for y in self.meta["year"].dropna())
        year_text = ", ".join(f"{y} ({years[y]})" for y in sorted(years)) or "—"
        templates = ", ".join(f"{t} ({n})" for t, n in sorted(s["templates"].items())) or "—"
        f = s["findings"]
        rows = [
            ("reports", f"{s['reports']}"),
            ("agencies", f"{s['agencies']}"),
            ("counties", f"{len(s['counties'])}: {counties}" if s["counties"] else "0"),
            ("years", year_text),
            ("templates", templates),
            ("failed inputs", f"{s['failed']}"),
            ("duplicate forms", f"{s['duplicates']}"),
            ("in conflict", f"{s['conflicts']} (same agency and year, different numbers: all kept)"),
            (
                "findings",
                f"{plural(f['error'], 'error')}, {plural(f['warning'], 'warning')}, {f['info']} info",
            ),
        ]
        if self.accounting is not None and len(self.accounting):
            status = Counter(self.accounting["status"])
            rows.append(("inputs", ", ".join(f"{k} {v}" for k, v in sorted(status.items()))))
        body = "".join(
            f"<tr><th style='text-align:left;padding-right:1em'>{e(k)}</th><td style='text-align:left'>{e(v)}</td></tr>"
            for k, v in rows
        )
        return f"<div><strong>gongkai.Corpus</strong><table>{body}</table></div>"


def read(
    paths: PathLike | Iterable[PathLike],
    workers: int | None = None,
    progress: Progress = True,
    manifest: Any = None,
    *,
    one_form: bool = True,
    chunk_files: int = _CHUNK_FILES,
    time_limit: float | None = TIME_LIMIT,
    max_bytes: int | None = MAX_BYTES,
) -> Corpus:
    """Parses every report under ``paths`` (files, folders, globs; see :func:`inputs`) on
    ``workers`` C++ threads (default ``os.cpu_count()``) and returns them as a Corpus.

    Raises FileNotFoundError, naming them, when ``paths`` name no input at all (every path
    missing, every glob empty, every folder without a report file); when some are found, the
    others are ``failed`` rows of the accounting and a warning names them. Inputs that are no
    annual report (:attr:`Report.is_report`) are ``not_a_report`` and stay out of ``meta`` and
    the tables; files of other types in a folder are ``skipped``.

    ``progress``: True for a progress bar (tqdm; a widget in Jupyter), False for none, or a
    callable ``progress(done, total)``. ``manifest`` and ``one_form`` as in
    :meth:`Corpus.from_reports`. ``corpus.accounting`` has one row per input (source, status,
    errors: the count of error findings, reason: why it failed or which form was kept);
    ``corpus.failures`` and ``corpus.duplicates`` as in :meth:`Corpus.read`. The reports are
    not kept (only their numbers and metadata): parse a file with :func:`gongkai.parse` to see
    its text, cells' origins and findings.

    One runaway file costs one ``failed`` row, not the batch: a file whose parse takes longer
    than ``time_limit`` seconds (default 60; None for no limit) fails with ``TimeLimitError``,
    and a file larger than ``max_bytes`` (default 256 MiB) is not read (docs/limits.md).
    """
    import pandas as pd

    if not isinstance(paths, (str, os.PathLike)):
        paths = list(paths)  # read twice: for manifests of gongkai fetch, then the inputs
    fetched = _fetched(paths)
    if fetched:  # a manifest given names agency and place first
        manifest = {**{k: e for k, (e, _) in fetched.items()}, **(manifest or {})}
    sources = inputs(paths)
    if sources and all(f.status for f in sources):
        why = [f.reason.removeprefix("FileNotFoundError: ") for f in sources if f.status == "failed"]
        raise FileNotFoundError("no report file found: " + "; ".join(why))
    missing = [f.reason.removeprefix("FileNotFoundError: ") for f in sources if f.status == "failed"]
    if missing:
        warnings.warn(
            f"gongkai.read: {len(missing)} input(s) not found or not listed, accounted as failed: "
            + "; ".join(missing),
            stacklevel=2,
        )
    batch = parse_inputs(
        sources, workers, progress, manifest, chunk_files, time_limit=time_limit, max_bytes=max_bytes
    )
    accounting, rows, index, tables = batch.accounting, batch.rows, batch.index, batch.tables
    if fetched:  # the year of a fetch manifest's title for a report that names none
        for row in rows:
            known = fetched.get(row["source"])
            if known is not None and not row["year"] and known[0].year:
                row["year"] = known[0].year
    # One report published in several forms (same agency, year and numbers): the form read best
    # is kept; files of one agency and year whose numbers differ are a conflict, both kept.
    forms = resolve_forms(
        [row["key"] for row in rows],
        [row["year"] for row in rows],
        batch.quality,
        tables,
        one_form=one_form,
        order=index,
    )
    keep = forms.keep
    duplicates: list[tuple[Any, Any]] = []
    for dropped, kept in forms.duplicates:
        duplicates.append((rows[dropped]["source"], rows[kept]["source"]))
        entry = accounting[index[dropped]]
        entry["status"] = "duplicate_form"
        entry["reason"] = (
            f"another form of the report, with the same numbers, is kept: {rows[kept]['source']}"
        )
    for group in forms.conflicts:
        for mine in group:
            entry = accounting[index[mine]]
            note = conflict_note([rows[other]["source"] for other in group if other != mine])
            entry["reason"] = f"{entry['reason']}; {note}" if entry["reason"] else note

    meta = meta_frame([rows[i] for i in keep])
    if fetched:  # where each report was fetched from
        meta["url"] = pd.array(
            [fetched.get(rows[i]["source"], (None, None))[1] or None for i in keep], dtype="string"
        )
    ids = dict(zip(keep, meta.index))
    corpus = Corpus.from_arrays(
        tables[0][0][keep],
        tables[1][0][keep],
        tables[2][0][keep],
        meta,
        state2=tables[0][1][keep],
        state3=tables[1][1][keep],
        state4=tables[2][1][keep],
    )
    if fetched:
        corpus.meta = meta  # with the url column
    corpus.duplicates = duplicates
    corpus.failures = [(a["source"], a["reason"]) for a in accounting if a["status"] == "failed"]
    corpus._conflicted = conflicted(forms, ids, meta)

    found = batch.found
    findings = pd.concat(found, ignore_index=True) if found else findings_frame([]).assign(row=np.int64(0))
    kept_rows = np.asarray(keep, dtype=np.int64)
    findings = findings[np.isin(findings["row"].to_numpy(), kept_rows)].copy()
    findings["report"] = pd.array([ids[int(k)] for k in findings["row"]], dtype="string")
    extra = conflict_records(
        forms,
        [row["source"] for row in rows],
        tables,
        ids,
        [row["agency"] for row in rows],
        [row["year"] for row in rows],
    )
    extra += corpus._series_records()
    extra += [unreadable_record(source, why) for source, why in corpus.failures]
    corpus.findings = pd.concat(
        [findings.drop(columns="row"), findings_frame(extra)], ignore_index=True
    ).reset_index(drop=True)

    frame = pd.DataFrame(accounting, columns=list(ACCOUNTING_COLUMNS))
    frame["errors"] = frame["errors"].astype("int64")
    corpus.accounting = frame
    return corpus


def _fetched(paths: PathLike | Iterable[PathLike]) -> dict[str, tuple[Any, str]]:
    """The report files listed by the manifests of ``gongkai fetch`` (``manifest.csv``) in the
    folders of ``paths``, by their source as :func:`inputs` names them: a ManifestEntry each
    whose agency (the title's, or the seed CSV's) stands only for a report that names none, whose
    place is the seed CSV's and whose year the title's; and the URL (docs/fetch.md)."""
    from .fetch import CACHE_DIR, MANIFEST, is_manifest, read_manifest
    from .places import ManifestEntry, locate

    items = [os.fspath(p) for p in ([paths] if isinstance(paths, (str, os.PathLike)) else paths)]
    out: dict[str, tuple[Any, str]] = {}
    for item in items:
        folder = Path(item)
        if not folder.is_dir() or not is_manifest(folder / MANIFEST):
            continue
        try:
            rows = read_manifest(folder / MANIFEST)
        except (OSError, ValueError) as e:
            warnings.warn(f"gongkai.read: {folder / MANIFEST}: cannot be read ({e})", stacklevel=3)
            continue
        for row in rows:
            saved = row["saved_path"]
            if not saved or saved.startswith(CACHE_DIR) or row["status"] not in ("downloaded", "unchanged"):
                continue
            source = str(folder / Path(saved))
            place = locate(row["place"]) if row["place"] else None
            year = int(row["year"]) if row["year"].isdigit() else None
            entry = ManifestEntry(
                source,
                agency=row["agency"],
                province=place.province if place else "",
                prefecture=place.prefecture if place else "",
                county=place.county if place else "",
                year=year,
                agency_fallback=True,
            )
            out[source] = (entry, row["final_url"] or row["url"])
    return out


def conflicted(forms: Forms, ids: Mapping[int, str], meta: pd.DataFrame) -> npt.NDArray[np.bool_]:
    """Per kept report (meta's order): whether it is in a conflict."""
    involved = {ids[i] for group in forms.conflicts for i in group}
    return np.array([r in involved for r in meta.index], dtype=bool)
