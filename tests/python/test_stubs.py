"""The checked-in stubs of gongkai._core are what scripts/make_stubs.py generates from the
installed extension."""

from __future__ import annotations

import difflib
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

STUBS = REPO / "python" / "gongkai" / "_core.pyi"


@pytest.mark.skipif(
    importlib.util.find_spec("pybind11_stubgen") is None,
    reason="pybind11-stubgen is not installed (it comes with gongkai[test])",
)
def test_stubs_are_the_ones_generated_from_the_bindings(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "make_stubs.py"), "--output-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, f"scripts/make_stubs.py failed:\n{run.stdout}{run.stderr}"
    generated = (tmp_path / "_core.pyi").read_bytes()
    checked_in = STUBS.read_bytes()
    if generated != checked_in:
        diff = difflib.unified_diff(
            checked_in.decode("utf-8").splitlines(keepends=True),
            generated.decode("utf-8").splitlines(keepends=True),
            "python/gongkai/_core.pyi (checked in)",
            "python/gongkai/_core.pyi (from the installed extension)",
        )
        pytest.fail(f"the stubs drifted: python scripts/make_stubs.py\n{''.join(diff)}", pytrace=False)
