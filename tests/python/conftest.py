from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def corpus_root() -> Path | None:
    """The shared corpus of real reports: $GONGKAI_CORPUS, or ../shared/corpus beside the repo."""
    env = os.environ.get("GONGKAI_CORPUS")
    root = Path(env) if env else REPO.parent / "shared" / "corpus"
    return root if (root / "truth").is_dir() else None


@pytest.fixture(scope="session")
def corpus() -> Path:
    root = corpus_root()
    if root is None:
        pytest.skip("the corpus of real reports (../shared/corpus) is not available")
    return root
