"""The notebooks in notebooks/: each runs top to bottom, and is stored with the outputs a run
makes (scripts/run_notebooks.py), in kind: the exact text of stored outputs is compared by
``scripts/run_notebooks.py --check``, not here (see its docstring)."""

from __future__ import annotations

import importlib.util
import inspect
import re
from pathlib import Path
from typing import Any

import nbformat
import pytest

from conftest import REPO, corpus_root
from gongkai import plots

NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
IDS = [p.name for p in NOTEBOOKS]


def _script() -> Any:
    spec = importlib.util.spec_from_file_location("run_notebooks", REPO / "scripts" / "run_notebooks.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


RUN = _script()

# The functions of gongkai.plots that return a figure; a cell whose last line calls one shows it.
PLOTS = sorted(
    name
    for name in plots.__all__
    if inspect.isfunction(getattr(plots, name))
    and inspect.signature(getattr(plots, name)).return_annotation in ("Figure", plots.Figure)
)
PLOT_CALL = re.compile(r"^\s*plots\.(" + "|".join(PLOTS) + r")\(")

_executed: dict[str, nbformat.NotebookNode] = {}


def executed(path: Path) -> nbformat.NotebookNode:
    """The notebook run as scripts/run_notebooks.py runs it (once per session)."""
    if path.name not in _executed:
        corpus = corpus_root()
        if path.name in RUN.NEEDS_CORPUS and corpus is None:
            pytest.skip(f"{path.name} reads the corpus of real reports ($GONGKAI_CORPUS or ../shared/corpus)")
        _executed[path.name] = RUN.clean(RUN.execute(nbformat.read(path, as_version=4), corpus))
    return _executed[path.name]


def stored(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def kinds(cell: nbformat.NotebookNode) -> list[tuple[str, ...]]:
    """A code cell's outputs in kind: output type, stream name or mime types."""
    out = []
    for o in cell.get("outputs", []):
        if o.output_type == "stream":
            out.append((o.output_type, o.name))
        else:
            out.append((o.output_type, *sorted(o.get("data", {}))))
    return out


def code_cells(nb: nbformat.NotebookNode) -> list[tuple[int, nbformat.NotebookNode]]:
    return [(i, c) for i, c in enumerate(nb.cells) if c.cell_type == "code"]


def makes_a_plot(cell: nbformat.NotebookNode) -> bool:
    lines = [line for line in cell.source.splitlines() if line.strip()]
    return bool(lines) and bool(PLOT_CALL.match(lines[-1]))


def test_there_are_notebooks() -> None:
    assert {"quickstart.ipynb", "pingtan.ipynb"} <= set(IDS)
    assert PLOTS == ["distributions", "funnel", "heatmap", "outcome_composition", "yoy_lines"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_runs_without_error_or_warning(path: Path) -> None:
    assert RUN.problems(executed(path)) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_stored_outputs_are_those_a_run_makes(path: Path) -> None:
    fresh, kept = executed(path), stored(path)
    assert [c.source for c in kept.cells] == [c.source for c in fresh.cells]
    for (i, old), (_, new) in zip(code_cells(kept), code_cells(fresh)):
        assert kinds(old) == kinds(new), f"cell {i}: {old.source[:60]!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_cells_ending_in_a_plot_show_an_image(path: Path) -> None:
    kept = stored(path)
    plot_cells = [i for i, c in code_cells(kept) if makes_a_plot(c)]
    for i in plot_cells:
        assert any("image/png" in o.get("data", {}) for o in kept.cells[i].outputs), f"stored cell {i}"
    fresh = executed(path)
    for i in plot_cells:
        assert any("image/png" in o.get("data", {}) for o in fresh.cells[i].outputs), f"run cell {i}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_stored_notebook_is_complete_and_deterministic(path: Path) -> None:
    """Stored as scripts/run_notebooks.py writes it, without running anything: every code cell
    run once in order, no volatile metadata, nothing that changes from run to run."""
    text = path.read_text(encoding="utf-8")
    kept = nbformat.reads(text, as_version=4)
    nbformat.validate(kept)
    assert RUN.dumps(RUN.clean(nbformat.reads(text, as_version=4))) == text
    cells = code_cells(kept)
    assert [c.execution_count for _, c in cells] == list(range(1, len(cells) + 1))
    assert "version" not in kept.metadata.get("language_info", {})
    assert RUN.problems(kept) == []
    assert any(c.get("outputs") for _, c in cells)
