"""The Python examples of the docs run as written.

A block may be preceded by ``<!-- example-test: scheduler=ADDRESS reports=FOLDER -->``: it is
meant for a real cluster, and the test runs it with a ``LocalCluster``'s address in place of
ADDRESS and its folder of rendered reports in place of FOLDER. The other blocks run in a folder
that holds ``reports/``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from conftest import REPO
from gongkai import render

BLOCK = re.compile(r"(?:<!-- example-test: (?P<marker>[^>]*?) -->\n)?```python\n(?P<code>.*?)```", re.DOTALL)


@dataclass(frozen=True)
class Example:
    doc: str
    index: int
    code: str
    substitute: dict[str, str]  # what the test replaces: scheduler, reports


def examples(doc: str) -> list[Example]:
    text = (REPO / "docs" / doc).read_text(encoding="utf-8")
    out = []
    for i, m in enumerate(BLOCK.finditer(text)):
        marker = dict(kv.split("=", 1) for kv in (m["marker"] or "").split())
        assert set(marker) <= {"scheduler", "reports"}, marker
        out.append(Example(doc, i, m["code"], marker))
    return out


SCALE_OUT = examples("scale-out.md")

# Real places, so that grouping by county and province has something to group.
AGENCIES = ("淮安市洪泽区人民政府", "沭阳县人民政府", "淮安市淮阴区人民政府")
YEARS = (2022, 2023)


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Six rendered reports (three agencies, two years) as text, HTML and .docx in ``reports/``."""
    folder = tmp_path_factory.mktemp("docs") / "reports"
    folder.mkdir()
    rng = np.random.default_rng(2024)
    for i, (agency, year) in enumerate((a, y) for a in AGENCIES for y in YEARS):
        data = render.random_report(rng, "2021", agency=agency, year=year)
        if i % 3 == 0:
            (folder / f"{i}.txt").write_text(render.render_text(data, rng=rng), encoding="utf-8")
        elif i % 3 == 1:
            (folder / f"{i}.html").write_text(render.render_html(data, rng=rng), encoding="utf-8")
        else:
            (folder / f"{i}.docx").write_bytes(render.render_docx(data, rng=rng))
    return folder


def test_the_examples_are_found() -> None:
    assert [(e.index, sorted(e.substitute)) for e in SCALE_OUT] == [(0, []), (1, ["reports", "scheduler"])]


def run(example: Example) -> dict[str, Any]:
    namespace: dict[str, Any] = {"__name__": "__doc_example__"}
    code = compile(example.code, f"docs/{example.doc}, example {example.index + 1}", "exec")
    exec(code, namespace)  # noqa: S102 - running the docs' own examples is the point
    return namespace


def test_scale_out_reading_on_one_machine(reports: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(reports.parent)
    ns = run(SCALE_OUT[0])
    corpus = ns["corpus"]
    assert len(corpus.accounting) == 6 and set(corpus.accounting["status"]) == {"parsed"}
    assert set(corpus.indicators(by="county").index) == {"洪泽区", "淮阴区", "沭阳县"}


def test_scale_out_reading_on_a_cluster(reports: Path) -> None:
    distributed = pytest.importorskip("dask.distributed")
    example = SCALE_OUT[1]
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    )
    code = example.code
    code = code.replace(example.substitute["scheduler"], cluster.scheduler_address)
    code = code.replace(example.substitute["reports"], str(reports))
    assert example.substitute["scheduler"] in example.code and example.substitute["reports"] in example.code
    try:
        ns = run(Example(example.doc, example.index, code, {}))
        assert ns["client"].scheduler.address == cluster.scheduler_address
        assert len(ns["df"].compute()) == 6
        acc = ns["acc"]
        assert len(acc) == 6 and set(acc["status"]) == {"parsed"}
        ns["client"].close()
    finally:
        cluster.close()


@pytest.mark.parametrize(
    "page", ["README.md", *(f"docs/{p.name}" for p in sorted((REPO / "docs").glob("*.md")))]
)
def test_every_link_of_a_page_to_a_file_of_the_repository_resolves(page: str) -> None:
    path = REPO / page
    text = path.read_text(encoding="utf-8")
    broken = [
        link
        for link in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text)
        if "://" not in link and not (path.parent / link).exists()
    ]
    assert not broken, f"{page} links to files that do not exist: {broken}"
