"""gongkai.dask: report files as a Dask DataFrame, on a local distributed cluster."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import gongkai

pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("dask.distributed")

import gongkai.dask
from test_batch import write_reports


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("dask")
    write_reports(d, 40, seed=11)
    (d / "empty.txt").write_bytes(b"")
    (d / "binary.html").write_bytes(bytes(range(256)) * 4)
    return d


@pytest.fixture(scope="module")
def client() -> object:
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    )
    c = distributed.Client(cluster)
    yield c
    c.close()
    cluster.close()


def test_dask_frame_equals_gongkai_read(folder: Path, client: object) -> None:
    df = gongkai.dask.read(folder, blocksize_files=7)
    assert df.npartitions == 6  # 42 inputs
    got = df.compute().reset_index(drop=True)
    corpus = gongkai.read(folder, workers=2, progress=False)
    assert list(got.columns) == [*gongkai.corpus.META_COLUMNS, *corpus.indicator_ids]
    assert len(got) == 40
    pd.testing.assert_frame_equal(got[list(gongkai.corpus.META_COLUMNS)], corpus.meta, check_dtype=False)
    want = corpus.indicators().reset_index(drop=True)
    np.testing.assert_array_equal(got[corpus.indicator_ids].to_numpy(), want.to_numpy())


def test_dask_accounting_lists_every_input(folder: Path, client: object) -> None:
    acc = gongkai.dask.read(folder, blocksize_files=10, accounting=True).compute().reset_index(drop=True)
    assert len(acc) == 42
    assert acc["status"].value_counts().to_dict().get("failed") == 2
    pd.testing.assert_frame_equal(acc, gongkai.read(folder, progress=False).accounting, check_dtype=False)


def test_meta_matches_partitions(folder: Path) -> None:
    df = gongkai.dask.read(folder, blocksize_files=50)
    pd.testing.assert_series_equal(df.dtypes, df.partitions[0].compute(scheduler="sync").dtypes)
    empty = gongkai.dask.read([], blocksize_files=5).compute(scheduler="sync")
    assert len(empty) == 0
