"""Runs the notebooks in notebooks/ and stores them with their outputs, so that a reader of the
repository sees the tables and plots without running anything.

    python scripts/run_notebooks.py                  # run every notebook, write it back
    python scripts/run_notebooks.py pingtan.ipynb    # only these
    python scripts/run_notebooks.py --check          # run, and fail where the stored outputs differ

Each notebook runs top to bottom with nbclient (kernel ``python3``) in a fresh temporary working
directory, so that nothing is written into the repository. The corpus of real reports is passed
to the kernel as ``$GONGKAI_CORPUS`` (as set, else ``../shared/corpus`` beside the repository);
a notebook that needs it (``NEEDS_CORPUS``) is left as stored, with a message, where it is absent.

The stored form is deterministic, so that running the script twice gives the same bytes: the
notebook's metadata is the kernelspec and the language without its version, cells carry no
execution timings, cell ids are kept (a missing one is made from the cell's position), and the
execution counts are those of one run top to bottom (1, 2, 3 ...); the kernel runs with
PYTHONHASHSEED=0, so that sets iterate in the same order every time. The script refuses to store a
run that wrote to stderr (a warning names a file of the kernel's) or whose outputs name a
temporary path: both would change from run to run.

``--check`` runs the notebooks the same way and compares with the stored outputs: text/plain,
text/html and stream text must be the same, images only present with the same mime type (their
bytes vary with the matplotlib and FreeType versions). It exits 1 and prints what differs.

The test suite (tests/python/test_notebooks.py) does not use ``--check``: it runs every notebook
and checks that the stored outputs are those a run makes in kind (an output wherever a cell makes
one, an image wherever a cell ends in a plot). The exact text of the outputs depends on the
versions of pandas (its HTML and number formatting) and matplotlib, and on what the parser reads
from the real reports, which changes as the parser improves; compared exactly, the tests would
fail on another machine or with every parser improvement rather than on a broken notebook.
``--check`` is for whoever changes the package: it says which stored outputs are stale, and this
script without it stores the new ones.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = REPO / "notebooks"
NEEDS_CORPUS = frozenset({"pingtan.ipynb"})
TIMEOUT = 600

KERNELSPEC = {"display_name": "Python 3", "language": "python", "name": "python3"}
TEXT_TYPES = ("text/plain", "text/html")
# Temporary folders (the kernel's, tempfile's) in an output change from run to run.
VOLATILE = re.compile(r"/tmp/|ipykernel_\d+|/var/folders/|\\AppData\\Local\\Temp")


def corpus_root() -> Path | None:
    """The shared corpus of real reports: $GONGKAI_CORPUS, or ../shared/corpus beside the repo."""
    env = os.environ.get("GONGKAI_CORPUS")
    root = Path(env) if env else REPO.parent / "shared" / "corpus"
    return root.resolve() if (root / "reports").is_dir() else None


def execute(nb: nbformat.NotebookNode, corpus: Path | None) -> nbformat.NotebookNode:
    """Runs ``nb`` in a fresh temporary working directory, ``$GONGKAI_CORPUS`` set to ``corpus``."""
    env = dict(os.environ)
    env.pop("GONGKAI_CORPUS", None)
    if corpus is not None:
        env["GONGKAI_CORPUS"] = str(corpus)
    env["PYTHONHASHSEED"] = "0"
    with tempfile.TemporaryDirectory(prefix="gongkai-notebook-") as cwd:
        client = NotebookClient(
            nb,
            timeout=TIMEOUT,
            kernel_name="python3",
            record_timing=False,
            resources={"metadata": {"path": cwd}},
        )
        client.execute(env=env, stderr=subprocess.DEVNULL)  # the kernel's own log
    return nb


def clean(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The stored form: no volatile metadata, ids and execution counts as one run gives them."""
    language = dict(nb.metadata.get("language_info", {}))
    language.pop("version", None)
    nb.metadata = nbformat.from_dict(
        {"kernelspec": KERNELSPEC, "language_info": language or {"name": "python"}}
    )
    count = 0
    for i, cell in enumerate(nb.cells):
        cell.metadata.pop("execution", None)
        if not cell.get("id"):
            cell["id"] = f"cell-{i:02d}"
        if cell.cell_type != "code":
            continue
        count += 1
        if cell.get("execution_count") is not None:
            cell.execution_count = count
        for out in cell.get("outputs", []):
            if out.get("output_type") == "execute_result":
                out.execution_count = cell.execution_count
    nb.nbformat, nb.nbformat_minor = 4, 5
    return nb


def dumps(nb: nbformat.NotebookNode) -> str:
    """The text of the stored notebook (nbformat's JSON, sorted keys, one newline at the end)."""
    return nbformat.writes(nb).rstrip("\n") + "\n"


def problems(nb: nbformat.NotebookNode) -> list[str]:
    """What would make the stored outputs change from run to run, or hide a failure."""
    found = []
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            kind = out.get("output_type")
            if kind == "error":
                found.append(f"cell {i}: {out.get('ename')}: {out.get('evalue')}")
            elif kind == "stream" and out.get("name") == "stderr":
                found.append(f"cell {i}: writes to stderr: {out.get('text', '')[:200]!r}")
            for text in _texts(out):
                m = VOLATILE.search(text)
                if m:
                    found.append(f"cell {i}: names a temporary path ({m.group(0)!r})")
    return found


def _texts(out: dict[str, Any]) -> list[str]:
    if out.get("output_type") == "stream":
        return [out.get("text", "")]
    data = out.get("data", {})
    return [_joined(data[k]) for k in TEXT_TYPES if k in data]


def _joined(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def summary(nb: nbformat.NotebookNode) -> list[tuple[int, list[tuple[str, ...]]]]:
    """Per code cell: its outputs as --check compares them (kind, then text or mime types)."""
    out = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        items: list[tuple[str, ...]] = []
        for o in cell.get("outputs", []):
            kind = o.get("output_type", "")
            if kind == "stream":
                items.append((kind, o.get("name", ""), _joined(o.get("text", ""))))
            elif kind in ("execute_result", "display_data"):
                data = o.get("data", {})
                items.append((kind, *(f"{k}:\n{_joined(data[k])}" for k in TEXT_TYPES if k in data)))
                items.append(("images", *sorted(k for k in data if k.startswith("image/"))))
            else:
                items.append((kind, _joined(o.get("evalue", ""))))
        out.append((i, items))
    return out


def differences(stored: nbformat.NotebookNode, fresh: nbformat.NotebookNode) -> list[str]:
    """Where the fresh run's outputs differ from the stored ones, as unified diffs."""
    if [c.source for c in stored.cells] != [c.source for c in fresh.cells]:
        return ["the cells differ"]
    found = []
    for (i, old), (_, new) in zip(summary(stored), summary(fresh)):
        if old != new:
            a = "\n".join("\n".join(item) for item in old).splitlines()
            b = "\n".join("\n".join(item) for item in new).splitlines()
            diff = difflib.unified_diff(a, b, "stored", "run", lineterm="", n=1)
            found.append(f"cell {i}:\n" + "\n".join(list(diff)[:40]))
    return found


def run(paths: Sequence[Path], check: bool) -> int:
    corpus = corpus_root()
    failed = 0
    for path in paths:
        if path.name in NEEDS_CORPUS and corpus is None:
            print(f"{path.name}: skipped, the corpus of real reports is absent (set GONGKAI_CORPUS)")
            continue
        stored = nbformat.read(path, as_version=4)
        try:
            fresh = clean(execute(nbformat.read(path, as_version=4), corpus))
        except CellExecutionError as e:
            failed += 1
            print(f"{path.name}: not stored, a cell failed: {e.ename}: {e.evalue}")
            continue
        wrong = problems(fresh)
        if wrong:
            failed += 1
            print(f"{path.name}: not stored:\n  " + "\n  ".join(wrong))
            continue
        if check:
            diff = differences(stored, fresh)
            if diff:
                failed += 1
                print(f"{path.name}: the stored outputs differ from a run\n" + "\n".join(diff))
            else:
                print(f"{path.name}: the stored outputs are those a run makes")
            continue
        text = dumps(fresh)
        changed = path.read_text(encoding="utf-8") != text
        path.write_text(text, encoding="utf-8")
        print(f"{path.name}: {'written' if changed else 'unchanged'}")
    return 1 if failed else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", help="names or paths (default: every notebook in notebooks/)")
    parser.add_argument(
        "--check", action="store_true", help="fail where the stored outputs differ from a run"
    )
    args = parser.parse_args(argv)
    if args.notebooks:
        paths = [Path(n) if Path(n).exists() else NOTEBOOKS / n for n in args.notebooks]
        missing = [str(p) for p in paths if not p.is_file()]
        if missing:
            parser.error("no such notebook: " + ", ".join(missing))
    else:
        paths = sorted(NOTEBOOKS.glob("*.ipynb"))
    return run(paths, args.check)


if __name__ == "__main__":
    sys.exit(main())
