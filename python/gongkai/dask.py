"""Beyond one machine: report files as a Dask DataFrame of reports and indicators.

>>> from dask.distributed import Client
>>> client = Client("tcp://scheduler:8786")          # or Client() for a local cluster
>>> import gongkai.dask
>>> df = gongkai.dask.read("/shared/reports/**/*.html", blocksize_files=500)
>>> df.groupby("county").size().compute()

The files are listed on the calling machine (:func:`gongkai.batch.expand`: files, folders,
globs) and cut into chunks of ``blocksize_files`` files; each chunk is one partition, parsed
on a Dask worker by :func:`gongkai.read` (``workers`` C++ threads, 1 by default: Dask runs one
task per worker thread) and turned into a pandas DataFrame with one row per report read. The
workers must see the files at the same paths (shared storage). See docs/scale-out.md.

Rows: the metadata of :data:`gongkai.corpus.META_COLUMNS` (source, agency, key, year,
template, province, prefecture, county, level, type), then one float column per built-in
indicator (``Corpus.indicator_ids``), indexed by position within the partition. Another form
of the same report (same agency and year) is dropped when it falls in the same partition
only: list the files of one agency together, or deduplicate on (key, year) afterwards.
Inputs that fail are left out; ``accounting=True`` gives the accounting instead (one row per
input: source, status, errors, reason).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Union

if TYPE_CHECKING:
    import dask.dataframe as dd
    import pandas as pd

__all__ = ["meta_frame", "read"]

PathLike = Union[str, "os.PathLike[str]"]

INSTALL_HINT = 'gongkai.dask needs the optional dependency: pip install "gongkai[dask]"'


def meta_frame(accounting: bool = False) -> pd.DataFrame:
    """The zero-length frame with the columns and dtypes of a partition."""
    import pandas as pd

    from . import _core
    from .batch import ACCOUNTING_COLUMNS
    from .corpus import META_COLUMNS

    if accounting:
        return pd.DataFrame(
            {
                "source": pd.Series([], dtype=object),
                "status": pd.Series([], dtype=object),
                "errors": pd.Series([], dtype="int64"),
                "reason": pd.Series([], dtype=object),
            },
            columns=list(ACCOUNTING_COLUMNS),
        )
    cols: dict[str, Any] = {c: pd.Series([], dtype=object) for c in META_COLUMNS}
    cols["year"] = pd.Series([], dtype="Int64")
    for i in _core.builtin_indicators():
        cols[i.id] = pd.Series([], dtype="float64")
    return pd.DataFrame(cols)


def _partition(files: Sequence[str], workers: int, manifest: Any, accounting: bool) -> pd.DataFrame:
    import pandas as pd

    from .batch import read as batch_read

    meta = meta_frame(accounting)
    corpus = batch_read(list(files), workers=workers, progress=False, manifest=manifest)
    if accounting:
        assert corpus.accounting is not None
        return corpus.accounting.astype(meta.dtypes.to_dict())
    if len(corpus) == 0:
        return meta
    values = corpus.indicators().reset_index(drop=True)
    frame = pd.concat([corpus.meta.reset_index(drop=True), values], axis=1)
    frame = frame[list(meta.columns)]
    return frame.astype(meta.dtypes.to_dict())


def read(
    paths: PathLike | Iterable[PathLike],
    *,
    blocksize_files: int = 256,
    workers: int = 1,
    manifest: Any = None,
    accounting: bool = False,
) -> dd.DataFrame:
    """A Dask DataFrame of the reports under ``paths`` (files, folders, globs): one partition
    per ``blocksize_files`` files, one row per report read (metadata and indicator values), or
    with ``accounting`` one row per input (source, status, errors, reason). Nothing is parsed
    until the frame is computed; ``workers`` C++ threads parse each partition."""
    try:
        import dask.dataframe as dd
        from dask.delayed import delayed
    except ImportError as e:
        raise ImportError(INSTALL_HINT) from e

    from .batch import expand

    files = expand(paths)
    size = max(1, int(blocksize_files))
    chunks = [files[i : i + size] for i in range(0, len(files), size)] or [[]]
    part = delayed(_partition, pure=True)
    parts = [part(chunk, workers, manifest, accounting) for chunk in chunks]
    frame: dd.DataFrame = dd.from_delayed(parts, meta=meta_frame(accounting), verify_meta=False)
    return frame
