"""Beyond one machine: report files as a Dask DataFrame of reports and indicators.

>>> from dask.distributed import Client
>>> client = Client("tcp://scheduler:8786")          # or Client() for a local cluster
>>> import gongkai.dask
>>> df = gongkai.dask.read("/shared/reports/**/*.html", blocksize_files=500)
>>> df.groupby("county").size().compute()

The files are listed on the calling machine (:func:`gongkai.inputs.expand`: files, folders,
globs) and cut into chunks of ``blocksize_files`` files; each chunk is parsed on a Dask worker
by :func:`gongkai.read` (``workers`` C++ threads, 1 by default: Dask runs one task per worker
thread). The workers must see the files at the same paths (shared storage). See
docs/scale-out.md.

Rows: the report id (``report``, as the index of ``Corpus.meta``), the metadata of
:data:`gongkai.corpus.META_COLUMNS`, then one column per built-in indicator (counts as
nullable integers, rates as floats): the rows of ``gongkai.read(paths).frame()``, in another
order. Which files are forms of one report and which conflict is decided across partitions
exactly as :func:`gongkai.read` decides it over its whole batch
(:func:`gongkai.forms.resolve_forms`): the reports of one agency and year are brought
together by a shuffle on (key, year), so the result is the same for any partitioning.
``accounting=True`` gives the accounting instead (one row per input: source, status,
errors, reason), also equal to gongkai.read's up to row order.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Union

import numpy as np

if TYPE_CHECKING:
    import dask.dataframe as dd
    import pandas as pd

__all__ = ["meta_frame", "read"]

PathLike = Union[str, "os.PathLike[str]"]

INSTALL_HINT = (
    'gongkai.dask needs the optional dependency: pip install "gongkai[dask]" '
    '(from a checkout of the source: pip install ".[dask]")'
)

_CELLS = 32 + 182 + 15


def _indicator_dtypes() -> dict[str, str]:
    from . import _core
    from .corpus import _kind

    return {i.id: ("Int64" if _kind(i).count else "float64") for i in _core.builtin_indicators()}


def meta_frame(accounting: bool = False) -> pd.DataFrame:
    """The zero-length frame with the columns and dtypes of the result."""
    import pandas as pd

    from .batch import ACCOUNTING_COLUMNS
    from .corpus import META_COLUMNS

    if accounting:
        return pd.DataFrame(
            {
                "source": pd.Series([], dtype="string"),
                "status": pd.Series([], dtype="string"),
                "errors": pd.Series([], dtype="int64"),
                "reason": pd.Series([], dtype="string"),
            },
            columns=list(ACCOUNTING_COLUMNS),
        )
    cols: dict[str, Any] = {"report": pd.Series([], dtype="string")}
    cols.update({c: pd.Series([], dtype="string") for c in META_COLUMNS})
    cols["year"] = pd.Series([], dtype="Int64")
    for name, dtype in _indicator_dtypes().items():
        cols[name] = pd.Series([], dtype=dtype)
    return pd.DataFrame(cols)


def _partition_meta(accounting: bool) -> pd.DataFrame:
    import pandas as pd

    extra: dict[str, Any] = {"_position": pd.Series([], dtype="int64")}
    if not accounting:
        extra["_group"] = pd.Series([], dtype="string")
        extra["_read"] = pd.Series([], dtype="int64")
        extra["_errors"] = pd.Series([], dtype="int64")
        # the cells read (NaN: not read), their bytes packed as text (latin-1 maps every byte to
        # a character), as Dask turns object columns into strings
        extra["_cells"] = pd.Series([], dtype="string")
    return pd.concat([meta_frame(accounting), pd.DataFrame(extra)], axis=1)


def _partition(
    files: Sequence[str], offset: int, workers: int, manifest: Any, accounting: bool
) -> pd.DataFrame:
    """Every report of one chunk of files, forms not yet resolved (that is done across the
    partitions), with what resolving needs: input position, quality and cells."""

    from .corpus import read as corpus_read

    meta = _partition_meta(accounting)
    corpus = corpus_read(list(files), workers=workers, progress=False, manifest=manifest, one_form=False)
    assert corpus.accounting is not None
    position = {s: offset + k for k, s in enumerate(files)}
    if accounting:
        acc = corpus.accounting.assign(_position=corpus.accounting["source"].map(position).astype("int64"))
        return acc.astype(meta.dtypes.to_dict())[list(meta.columns)]
    if len(corpus) == 0:
        return meta
    frame = corpus.frame().reset_index()
    values = np.hstack(
        [np.asarray(corpus.core.table2), np.asarray(corpus.core.table3), np.asarray(corpus.core.table4)]
    )
    states = np.hstack(
        [np.asarray(corpus.core.state2), np.asarray(corpus.core.state3), np.asarray(corpus.core.state4)]
    )
    cells = np.where(states == 0, values, np.nan)
    errors = dict(zip(corpus.accounting["source"], corpus.accounting["errors"]))
    frame["_position"] = frame["source"].map(position).astype("int64")
    known = frame["key"].notna() & frame["year"].notna()
    frame["_group"] = (frame["key"] + "/" + frame["year"].astype("string")).where(
        known, "#" + frame["_position"].astype("string")
    )
    frame["_read"] = (states == 0).sum(axis=1).astype("int64")
    frame["_errors"] = frame["source"].map(errors).astype("int64")
    # one column of packed cells, not 229: a shuffle moves whole rows, and its cost grows with columns
    frame["_cells"] = [
        row.tobytes().decode("latin-1") for row in np.ascontiguousarray(cells, dtype=np.float64)
    ]
    return frame.astype(meta.dtypes.to_dict())[list(meta.columns)]


def _decide(part: pd.DataFrame) -> tuple[pd.DataFrame, Any]:
    from .forms import resolve_forms

    part = part.sort_values("_position", kind="stable").reset_index(drop=True)
    packed = "".join(part["_cells"]).encode("latin-1")
    cells = np.frombuffer(packed, dtype=np.float64).reshape(len(part), _CELLS)
    states = np.where(np.isnan(cells), 1, 0).astype(np.uint8)
    forms = resolve_forms(
        part["key"].tolist(),
        part["year"].tolist(),
        list(zip(part["_read"].tolist(), (-part["_errors"]).tolist())),
        [(cells, states)],
        order=part["_position"].tolist(),
    )
    return part, forms


def _resolve(part: pd.DataFrame) -> pd.DataFrame:
    """The reports of some (key, year) groups, each group whole: the forms of one report
    reduced to the one kept, report ids as gongkai.read gives them."""

    from .corpus import report_ids

    result = meta_frame()
    if len(part) == 0:
        return result
    part, forms = _decide(part)
    kept = part.iloc[forms.keep].reset_index(drop=True)
    # conflicting files of one agency and year share a group: number them as gongkai.read does
    kept["report"] = report_ids(kept["key"], kept["year"], kept["source"]).array
    typed: pd.DataFrame = kept[list(result.columns)].astype(result.dtypes.to_dict())
    return typed


def _statuses(part: pd.DataFrame) -> pd.DataFrame:
    """Per input whose accounting the forms change: its status and the reason to add."""
    import pandas as pd

    from .forms import conflict_note

    columns = {"source": "string", "_status": "string", "_note": "string"}
    if len(part) == 0:
        return pd.DataFrame({c: pd.Series([], dtype=t) for c, t in columns.items()})
    part, forms = _decide(part)
    src = part["source"].tolist()
    rows: list[dict[str, Any]] = []
    for dropped, kept in forms.duplicates:
        note = f"another form of the report, with the same numbers, is kept: {src[kept]}"
        rows.append({"source": src[dropped], "_status": "duplicate_form", "_note": note})
    for group in forms.conflicts:
        for mine in group:
            note = conflict_note([src[other] for other in group if other != mine])
            rows.append({"source": src[mine], "_status": None, "_note": note})
    return pd.DataFrame(rows, columns=list(columns)).astype(columns)


def _apply(acc: pd.DataFrame) -> pd.DataFrame:
    """The accounting with the statuses and notes of the forms (as gongkai.read writes them)."""
    import pandas as pd

    duplicate = (acc["_status"] == "duplicate_form").fillna(False)
    noted = acc["_note"].notna()
    joined = acc["reason"].where(acc["reason"] == "", acc["reason"] + "; ") + acc["_note"]
    out = acc.assign(
        status=acc["status"].mask(duplicate, "duplicate_form"),
        reason=acc["reason"].mask(noted, joined).mask(duplicate, acc["_note"]),
    ).sort_values("_position", kind="stable")
    result = meta_frame(accounting=True)
    typed: pd.DataFrame = pd.DataFrame(out[list(result.columns)]).astype(result.dtypes.to_dict())
    return typed


def read(
    paths: PathLike | Iterable[PathLike],
    *,
    blocksize_files: int = 256,
    workers: int = 1,
    manifest: Any = None,
    accounting: bool = False,
) -> dd.DataFrame:
    """A Dask DataFrame of the reports under ``paths`` (files, folders, globs): one row per
    report (its id, metadata and indicator values), several forms of one report counted once
    and conflicting files both kept, as by :func:`gongkai.read`; or with ``accounting`` one
    row per input (source, status, errors, reason). Files are read ``blocksize_files`` to a
    task; nothing is parsed until the frame is computed; ``workers`` C++ threads parse each
    chunk."""
    try:
        import dask.dataframe as dd
        from dask.delayed import delayed
    except ImportError as e:
        raise ImportError(INSTALL_HINT) from e

    from .inputs import expand

    files = expand(paths)
    size = max(1, int(blocksize_files))
    chunks = [files[i : i + size] for i in range(0, len(files), size)] or [[]]
    part = delayed(_partition, pure=True)
    reports = dd.from_delayed(
        [part(c, k * size, workers, manifest, False) for k, c in enumerate(chunks)],
        meta=_partition_meta(False),
        verify_meta=False,
    )
    # tasks, not p2p: the same result under any scheduler (p2p needs the distributed one)
    together = reports.shuffle(on="_group", npartitions=reports.npartitions, shuffle_method="tasks")
    if not accounting:
        frame: dd.DataFrame = together.map_partitions(_resolve, meta=meta_frame())
        return frame
    acc = dd.from_delayed(
        [part(c, k * size, workers, manifest, True) for k, c in enumerate(chunks)],
        meta=_partition_meta(True),
        verify_meta=False,
    )
    statuses = together.map_partitions(_statuses, meta=_statuses(_partition_meta(False)))
    merged = acc.merge(statuses, on="source", how="left")
    out: dd.DataFrame = merged.map_partitions(_apply, meta=meta_frame(accounting=True))
    return out
