"""The package's modules import down the data flow, never in a circle.

inputs -> report -> checks and forms -> batch -> corpus -> export, plots, dask, demo -> the
command line. The graph is read from the sources with ``ast``: imports inside functions and
under ``TYPE_CHECKING`` count, so a circle that a lazy import hides fails too.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from conftest import REPO

PACKAGE = REPO / "python" / "gongkai"

# Imported by `import gongkai` today: none of them (numpy is).
HEAVY = ("pandas", "matplotlib", "tqdm", "pypdfium2", "pdfplumber", "dask", "pyarrow", "openpyxl")


def modules(root: Path) -> dict[str, Path]:
    """The modules of the package in ``root`` by dotted name (``gongkai.render.html``): its
    ``.py`` files, a folder's ``__init__.py`` standing for the folder; a module known only by
    its stub (the C++ extension ``_core.pyi``) has no source to read."""
    out: dict[str, Path] = {}
    for p in sorted(root.rglob("*.py*")):
        if p.suffix not in (".py", ".pyi"):
            continue
        parts = list(p.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        name = ".".join(parts)
        if p.suffix == ".py" or name not in out:
            out[name] = p
    return out


def import_graph(root: Path) -> dict[str, set[str]]:
    """Module -> the modules of the same package it imports, wherever the import stands."""
    known = modules(root)
    top = root.name
    graph: dict[str, set[str]] = {}
    for name, path in known.items():
        if path.suffix != ".py":
            continue
        here = name if path.name == "__init__.py" else name.rpartition(".")[0]
        out: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                out |= {a.name for a in node.names if a.name.split(".")[0] == top}
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = here.split(".")[: len(here.split(".")) - (node.level - 1)]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                if target.split(".")[0] != top:
                    continue
                for alias in node.names:  # `from . import x`: the module x, else the package
                    sub = f"{target}.{alias.name}"
                    out.add(sub if sub in known else target)
        out.discard(name)
        graph[name] = out
    return graph


def tangles(graph: dict[str, set[str]]) -> list[set[str]]:
    """The groups of modules that import one another, directly or not (the strongly connected
    components of more than one module)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in graph:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group: set[str] = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.add(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(group)

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return groups


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One circle through each of the :func:`tangles` (ordered by their first module), as a
    path from that module back to it."""
    out = []
    for group in sorted(tangles(graph), key=min):
        start = min(group)
        paths = {start: [start]}
        todo = [start]
        circle: list[str] = []
        while todo and not circle:  # breadth first: the shortest way back to start
            v = todo.pop(0)
            for w in sorted(graph[v] & group):
                if w == start:
                    circle = [*paths[v], start]
                    break
                if w not in paths:
                    paths[w] = [*paths[v], w]
                    todo.append(w)
        out.append(circle)
    return out


def test_no_module_imports_in_a_circle() -> None:
    graph = import_graph(PACKAGE)
    found = [
        f"{' -> '.join(circle)} (the modules in circles with them: {', '.join(sorted(group))})"
        for circle, group in zip(cycles(graph), sorted(tangles(graph), key=min))
    ]
    assert not found, "import circles: " + "; ".join(found)


def test_no_module_imports_the_command_line() -> None:
    graph = import_graph(PACKAGE)
    assert sorted(m for m, deps in graph.items() if "gongkai.cli" in deps) == []


def test_the_renderer_imports_nothing_else_of_gongkai() -> None:
    """gongkai.render loads without the C++ extension (its tests load it by path)."""
    graph = import_graph(PACKAGE)
    outside = {
        m: sorted(d for d in deps if not d.startswith("gongkai.render"))
        for m, deps in graph.items()
        if m.startswith("gongkai.render")
    }
    assert {m: deps for m, deps in outside.items() if deps} == {}


def test_a_circle_through_an_import_inside_a_function_is_named(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("from .a import f\n", encoding="utf-8")
    (pkg / "a.py").write_text("from . import b\n\ndef f():\n    return b\n", encoding="utf-8")
    (pkg / "b.py").write_text("def g():\n    from .sub.c import h\n    return h\n", encoding="utf-8")
    (pkg / "sub" / "__init__.py").write_text("", encoding="utf-8")
    (pkg / "sub" / "c.py").write_text("import pkg.a\n", encoding="utf-8")
    (pkg / "d.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .e import E\n", encoding="utf-8"
    )
    (pkg / "e.py").write_text("from .d import D\n", encoding="utf-8")
    graph = import_graph(pkg)
    assert graph["pkg"] == {"pkg.a"}
    assert graph["pkg.a"] == {"pkg.b"}
    assert graph["pkg.b"] == {"pkg.sub.c"}
    assert cycles(graph) == [["pkg.a", "pkg.b", "pkg.sub.c", "pkg.a"], ["pkg.d", "pkg.e", "pkg.d"]]


def test_import_gongkai_leaves_pandas_and_matplotlib_unimported() -> None:
    script = f"import sys, gongkai; print(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})))"
    out = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True)
    assert out.stdout.strip() == "[]"
