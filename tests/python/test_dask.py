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
from gongkai import render
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
    got = df.compute()
    corpus = gongkai.read(folder, workers=2, progress=False)
    assert list(got.columns) == ["report", *gongkai.corpus.META_COLUMNS, *corpus.indicator_ids]
    assert len(got) == 40
    want = corpus.frame().sort_index()
    pd.testing.assert_frame_equal(got.set_index("report").sort_index(), want, check_index_type=False)


def test_dask_accounting_lists_every_input(folder: Path, client: object) -> None:
    acc = gongkai.dask.read(folder, blocksize_files=10, accounting=True).compute()
    assert len(acc) == 42
    assert acc["status"].value_counts().to_dict().get("failed") == 2
    want = gongkai.read(folder, progress=False).accounting
    pd.testing.assert_frame_equal(
        acc.sort_values("source").reset_index(drop=True),
        want.sort_values("source").reset_index(drop=True),
        check_dtype=False,
    )


@pytest.fixture(scope="module")
def colliding(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Agencies whose names collide: four 城关镇人民政府 of one year with different numbers
    (conflicts) and some reports in two forms (text and HTML, the same numbers)."""
    d = tmp_path_factory.mktemp("colliding")
    rng = np.random.default_rng(1)
    for i in range(12):
        agency = "城关镇人民政府" if i % 3 == 0 else f"测试{i}县人民政府"
        data = render.random_report(rng, "2021", agency=agency, year=2023)
        (d / f"r{i:02d}.txt").write_text(render.render_text(data, rng=rng), encoding="utf-8")
        if i % 4 == 0:
            (d / f"r{i:02d}.html").write_text(render.render_html(data, rng=rng), encoding="utf-8")
    return d


@pytest.mark.parametrize("blocksize", [1, 5, 100])
def test_forms_and_conflicts_are_decided_across_partitions(
    colliding: Path, client: object, blocksize: int
) -> None:
    corpus = gongkai.read(colliding, progress=False)
    status = corpus.accounting["status"].value_counts().to_dict()
    assert status == {"parsed": 12, "duplicate_form": 3}  # the HTML forms of r00, r04, r08
    # the four 城关镇人民政府 files: one conflict finding each
    assert len(corpus) == 12 and len(corpus.findings[corpus.findings["rule"] == "corpus.conflict"]) == 4
    got = gongkai.dask.read(colliding, blocksize_files=blocksize).compute()
    pd.testing.assert_frame_equal(
        got.set_index("report").sort_index(), corpus.frame().sort_index(), check_index_type=False
    )
    acc = gongkai.dask.read(colliding, blocksize_files=blocksize, accounting=True).compute()
    pd.testing.assert_frame_equal(
        acc.sort_values("source").reset_index(drop=True),
        corpus.accounting.sort_values("source").reset_index(drop=True),
        check_dtype=False,
    )


def test_meta_matches_partitions(folder: Path) -> None:
    df = gongkai.dask.read(folder, blocksize_files=50)
    pd.testing.assert_series_equal(df.dtypes, df.partitions[0].compute(scheduler="sync").dtypes)
    empty = gongkai.dask.read([], blocksize_files=5).compute(scheduler="sync")
    assert len(empty) == 0
