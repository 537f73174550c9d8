"""The installed distribution: its metadata and the files it carries."""

from __future__ import annotations

import importlib.metadata

from conftest import REPO


def test_the_distribution_carries_its_licence() -> None:
    dist = importlib.metadata.distribution("gongkai")
    assert dist.metadata["License-Expression"] == "Apache-2.0"
    assert dist.metadata.get_all("License-File") == ["LICENSE"]
    assert dist.read_text("licenses/LICENSE") == (REPO / "LICENSE").read_text(encoding="utf-8")
    assert "Apache License\n                           Version 2.0, January 2004" in (
        REPO / "LICENSE"
    ).read_text(encoding="utf-8")
