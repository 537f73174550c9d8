"""Many reports as matrices: indicators per report or pooled by any grouping, year over year,
comparisons across counties or levels.

The numbers live in the C++ core, column-wise (one Eigen matrix per table over all reports);
the arrays below are views of them. Indicators are ratios of two sums (docs/indicators.md):
a group's value is the sum of its numerators over the sum of its denominators, never a mean
of ratios, and every value comes with the count of reports behind it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Union

import numpy as np
import numpy.typing as npt

from . import _core
from .report import Report, parse

if TYPE_CHECKING:
    import pandas as pd

REASONS = ("", "missing input", "zero denominator", "not in the template")
"""Why an indicator is NaN, indexed by the codes of ``Corpus.reasons``."""

SMALL_BASE = 30
"""Denominators below this are flagged: a rate on fewer than 30 cases says little."""

PathLike = Union[str, "os.PathLike[str]"]
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


def _place(source: str, agency: str | None, manifest: Any) -> dict[str, Any]:
    """Agency identity, place and type of one report (gongkai.places), manifest first."""
    from . import places

    resolve = getattr(places, "resolve", None)
    if resolve is not None:
        info = resolve(source, agency, manifest)
        return {
            "agency": info.agency or agency,
            "key": info.key,
            "province": info.province,
            "prefecture": info.prefecture,
            "county": info.county,
            "level": info.level,
            "type": info.type,
        }
    key = "".join((agency or "").split())
    return {
        "agency": agency,
        "key": key or None,
        "province": "",
        "prefecture": "",
        "county": "",
        "level": "",
        "type": "",
    }


def _quality(r: Report) -> tuple[int, int]:
    read = int((r.table3_state == 0).sum() + (r.table4_state == 0).sum() + (r.table2_state == 0).sum())
    return read, -sum(f.severity == "error" for f in r.findings)


@dataclass
class Corpus:
    """Reports held column-wise, with one row of metadata per report (``meta``)."""

    core: _core.Corpus
    meta: pd.DataFrame
    failures: list[tuple[str, str]] = field(default_factory=list)
    """Inputs that could not be read: (source, reason)."""
    duplicates: list[tuple[Any, Any]] = field(default_factory=list)
    """Other forms of a report already in the corpus (same agency and year): (source, kept source)."""
    accounting: pd.DataFrame | None = None
    """One row per input of gongkai.read (source, status, errors, reason); None otherwise."""
    _indicators: list[_core.Indicator] = field(default_factory=lambda: list(_core.builtin_indicators()))

    # ---- building
    @classmethod
    def from_reports(
        cls, reports: Sequence[Report], *, manifest: Any = None, one_form: bool = True
    ) -> Corpus:
        """A corpus of parsed reports; ``manifest`` (gongkai.places.read_manifest) overrides
        agency and place by file. With ``one_form`` (the default) reports of the same agency and
        year are taken for one report published in several forms, and only the best read is
        kept (the others are listed in ``duplicates``)."""
        import pandas as pd

        rows: list[dict[str, Any]] = []
        for r in reports:
            row = {"source": r.source, "year": r.year, "template": r.template}
            row.update(_place(r.source, r.agency, manifest))
            rows.append(row)
        # One report published in several forms (HTML page, PDF, crawled text) is one report:
        # the form read best (most cells read, then fewest errors) is kept, the others listed.
        best: dict[tuple[Any, Any], int] = {}
        for i, (r, row) in enumerate(zip(reports, rows)):
            if not one_form or not row["key"] or not r.year:
                continue
            k = (row["key"], r.year)
            if k not in best or _quality(r) > _quality(reports[best[k]]):
                best[k] = i
        keep = [
            i
            for i, row in enumerate(rows)
            if not one_form
            or not row["key"]
            or not reports[i].year
            or best[(row["key"], reports[i].year)] == i
        ]
        duplicates = [
            (rows[i]["source"], rows[best[(rows[i]["key"], reports[i].year)]]["source"])
            for i in range(len(rows))
            if i not in set(keep)
        ]
        meta = pd.DataFrame([rows[i] for i in keep], columns=list(META_COLUMNS))
        meta["year"] = meta["year"].astype("Int64")
        corpus = cls(_core.Corpus.from_reports([reports[i]._r for i in keep]), meta)
        corpus.duplicates = duplicates
        return corpus

    @classmethod
    def read(cls, paths: PathLike | Iterable[PathLike], *, manifest: Any = None) -> Corpus:
        """Parses every report file under ``paths`` (files or folders); inputs that cannot be
        read are kept in ``failures`` with the reason."""
        from .cli import _inputs

        items = [os.fspath(p) for p in ([paths] if isinstance(paths, (str, os.PathLike)) else paths)]
        reports, failures = [], []
        for path in _inputs(items):
            try:
                r = parse(path)
            except (_core.Error, OSError) as e:
                failures.append((str(path), f"{type(e).__name__}: {e}"))
                continue
            if r.is_report:  # a page that is no report stays out, as in gongkai.read
                reports.append(r)
        corpus = cls.from_reports(reports, manifest=manifest)
        corpus.failures = failures
        return corpus

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
        ``meta`` needs at least the columns year and template."""
        arrays = [np.asfortranarray(np.asarray(t, dtype=np.float64)) for t in (table2, table3, table4)]
        states = []
        for values, given in zip(arrays, (state2, state3, state4)):
            if given is None:
                states.append(np.asfortranarray(np.where(np.isnan(values), 6, 0).astype(np.uint8)))
            else:
                states.append(np.asfortranarray(np.asarray(given, dtype=np.uint8)))
        meta = meta.reset_index(drop=True).copy()
        for col in META_COLUMNS:
            if col not in meta:
                meta[col] = None
        core = _core.Corpus.from_arrays(
            arrays[0],
            arrays[1],
            arrays[2],
            states[0],
            states[1],
            states[2],
            [int(y) for y in meta["year"].fillna(0)],
            [str(t) for t in meta["template"]],
        )
        return cls(core, meta)

    def __len__(self) -> int:
        return len(self.core)

    # ---- the numbers
    @staticmethod
    def columns(table: int) -> list[str]:
        """Cell names of the canonical columns of table 2, 3 or 4."""
        n = {2: 32, 3: 182, 4: 15}[table]
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
        gives a coefficient, e.g. ``("table4/reconsideration/pending", -1)``)."""
        if any(i.id == id for i in self._indicators):
            raise ValueError(f"an indicator {id!r} exists already")

        def terms(items: Sequence[str | tuple[str, float]]) -> list[tuple[str, float]]:
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

    def indicators(self, by: str | Sequence[str] | None = None, *, details: bool = False) -> pd.DataFrame:
        """Indicator values: one row per report (indexed by its source) or, with ``by`` (columns
        of ``meta``: "county", "year", ["county", "year"], ...), one row per group, pooled.

        With ``details`` the columns are (indicator, part) with the parts value, numerator,
        denominator, reports (behind the value), small_base (denominator < 30) and, per report,
        reason (why a value is NaN).
        """
        import pandas as pd

        v = self._values()
        ids = self.indicator_ids
        if by is None:
            index = pd.Index(self.meta["source"], name="source")
            value = pd.DataFrame(v.value(), index=index, columns=ids)
            if not details:
                return value
            reason = np.asarray(v.reason)
            parts = {
                "value": value,
                "numerator": pd.DataFrame(v.numerator, index=index, columns=ids),
                "denominator": pd.DataFrame(v.denominator, index=index, columns=ids),
                "reports": pd.DataFrame((reason == 0).astype(np.int64), index=index, columns=ids),
                "small_base": pd.DataFrame(np.asarray(v.denominator) < SMALL_BASE, index=index, columns=ids),
                "reason": pd.DataFrame(
                    np.take(np.array(REASONS, dtype=object), reason), index=index, columns=ids
                ),
            }
            return (
                pd.concat(parts, axis=1)
                .swaplevel(axis=1)
                .sort_index(axis=1, level=0, sort_remaining=False)[ids]
            )
        keys = [by] if isinstance(by, str) else list(by)
        groups = self.meta[keys].astype("object").where(self.meta[keys].notna(), None)
        valid = groups.notna().all(axis=1) & (groups != "").all(axis=1)
        codes, uniques = (
            pd.MultiIndex.from_frame(groups[valid]).factorize()
            if len(keys) > 1
            else pd.factorize(groups[valid][keys[0]])
        )
        group = np.full(len(self), -1, dtype=np.int64)
        group[valid.to_numpy()] = codes
        p = _core.pool(v, group.tolist(), len(uniques))
        index = (
            pd.MultiIndex.from_tuples(list(uniques), names=keys)
            if len(keys) > 1
            else pd.Index(uniques, name=keys[0])
        )
        value = pd.DataFrame(p.value(), index=index, columns=ids).sort_index()
        if not details:
            return value
        parts = {
            "value": value,
            "numerator": pd.DataFrame(p.numerator, index=index, columns=ids).sort_index(),
            "denominator": pd.DataFrame(p.denominator, index=index, columns=ids).sort_index(),
            "reports": pd.DataFrame(p.reports, index=index, columns=ids).sort_index(),
            "small_base": pd.DataFrame(
                np.asarray(p.denominator) < SMALL_BASE, index=index, columns=ids
            ).sort_index(),
        }
        return (
            pd.concat(parts, axis=1).swaplevel(axis=1).sort_index(axis=1, level=0, sort_remaining=False)[ids]
        )

    def yoy(self) -> pd.DataFrame:
        """Year over year for the same agency (``meta.key``): one row per report whose agency
        has a report of the year before, indexed by (key, year); columns (indicator, part) with
        the parts value, previous, change (percentage points for rates) and relative (counts)."""
        import pandas as pd

        v = self._values()
        key = self.meta["key"].astype("object")
        keys, _ = pd.factorize(key.where(key.notna() & (key != ""), None))
        years = [int(y) for y in self.meta["year"].fillna(0)]
        y = _core.year_over_year(v, self._indicators, [int(k) for k in keys], years)
        ids = self.indicator_ids
        index = pd.MultiIndex.from_arrays(
            [self.meta["key"].to_numpy()[y.report], np.asarray(years)[y.report]], names=["key", "year"]
        )
        value = np.asarray(v.value())
        parts = {
            "value": pd.DataFrame(value[y.report], index=index, columns=ids),
            "previous": pd.DataFrame(value[y.previous], index=index, columns=ids),
            "change": pd.DataFrame(y.change, index=index, columns=ids),
            "relative": pd.DataFrame(y.relative, index=index, columns=ids),
        }
        out = (
            pd.concat(parts, axis=1).swaplevel(axis=1).sort_index(axis=1, level=0, sort_remaining=False)[ids]
        )
        return out.sort_index()

    def compare(self, by: str = "county", indicators: Sequence[str] | None = None) -> pd.DataFrame:
        """Groups (counties by default) side by side: for each indicator the pooled value, its
        rank among the groups (1 = highest), percentile, a robust z-score ((x - median) / (1.4826
        MAD)), an outlier flag (|z| > 3.5), the reports behind it and the small-base flag."""
        import pandas as pd

        d = self.indicators(by=by, details=True)
        ids = list(indicators) if indicators is not None else self.indicator_ids
        parts = {}
        for i in ids:
            x = d[(i, "value")]
            median = x.median()
            mad = (x - median).abs().median() * 1.4826
            z = (x - median) / mad if mad and not np.isnan(mad) else x * np.nan
            parts[i] = pd.DataFrame(
                {
                    "value": x,
                    "rank": x.rank(ascending=False, method="min"),
                    "percentile": x.rank(pct=True) * 100,
                    "robust_z": z,
                    "outlier": z.abs() > 3.5,
                    "reports": d[(i, "reports")],
                    "small_base": d[(i, "small_base")],
                }
            )
        return pd.concat(parts, axis=1)

    def rank(self, within: str = "county", indicators: Sequence[str] | None = None) -> pd.DataFrame:
        """Each report's place among the reports of its group (``within``: county, level, type,
        year ...): for each indicator the value, its rank in the group (1 = highest) and its
        percentile there. Reports without a group or a value are left unranked (NaN)."""
        import pandas as pd

        ids = list(indicators) if indicators is not None else self.indicator_ids
        values = self.indicators()[ids].reset_index(drop=True)
        group = (
            self.meta[within]
            .astype("object")
            .where(self.meta[within].notna() & (self.meta[within] != ""), None)
        )
        grouped = values.groupby(group.to_numpy(), dropna=True)
        parts = {
            "value": values,
            "rank": grouped.rank(ascending=False, method="min"),
            "percentile": grouped.rank(pct=True) * 100,
        }
        out = (
            pd.concat(parts, axis=1).swaplevel(axis=1).sort_index(axis=1, level=0, sort_remaining=False)[ids]
        )
        out.index = pd.MultiIndex.from_arrays([self.meta["source"], group], names=["source", within])
        return out

    def distribution(self, indicator: str, by: str = "county") -> pd.DataFrame:
        """The distribution of one indicator's report values in each group: count, mean and the
        10th, 25th, 50th, 75th and 90th percentiles (reports without a value left out)."""
        values = self.indicators()[indicator].reset_index(drop=True)
        group = self.meta[by].astype("object").where(self.meta[by].notna() & (self.meta[by] != ""), None)
        described = values.groupby(group.to_numpy(), dropna=True).describe(
            percentiles=[0.1, 0.25, 0.5, 0.75, 0.9]
        )
        described.index.name = by
        return described.drop(columns=["std"])
