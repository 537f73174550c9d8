"""Writes python/gongkai/_core.pyi, the type stubs of the C++ extension, from the built module.

    python scripts/make_stubs.py [--output-dir DIR]

pybind11-stubgen reads the signatures and docstrings that the bindings (cpp/bindings/) give
every function, class and property of the installed ``gongkai._core``; ruff then formats its
output with the project's settings, so that two runs give the same bytes. Nothing else is
changed: pybind11 3 already names Eigen matrices as ``numpy.typing.NDArray[...]``, which mypy
--strict accepts. Run it after changing a binding (and rebuilding); tests/python/test_stubs.py
fails when the checked-in stubs differ from what it writes.
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STUBS = ROOT / "python" / "gongkai" / "_core.pyi"
MODULE = "gongkai._core"


def generate() -> str:
    """The stubs of the installed extension, formatted."""
    for tool, extra in (("pybind11_stubgen", "pybind11-stubgen"), ("ruff", "ruff")):
        if importlib.util.find_spec(tool) is None:
            raise SystemExit(f"make_stubs: {extra} is not installed (pip install -e '.[dev]')")
    with tempfile.TemporaryDirectory() as tmp:
        # From an empty folder, so that the installed package is the one read.
        subprocess.run(
            [sys.executable, "-m", "pybind11_stubgen", MODULE, "--output-dir", tmp, "--exit-code"],
            check=True,
            cwd=tmp,
        )
        raw = (Path(tmp) / "gongkai" / "_core.pyi").read_text(encoding="utf-8")
    # Formatted as if it were the checked-in file, so that the project's ruff settings apply.
    formatted = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--quiet", "--stdin-filename", str(STUBS), "-"],
        input=raw,
        capture_output=True,
        encoding="utf-8",
        check=True,
        cwd=ROOT,
    )
    return formatted.stdout


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--output-dir",
        type=Path,
        default=STUBS.parent,
        help="the folder to write _core.pyi to (default: python/gongkai)",
    )
    args = ap.parse_args()
    out = args.output_dir / STUBS.name
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        f.write(generate())
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
