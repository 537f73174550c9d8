"""The installed distribution: its metadata and the files it carries."""

from __future__ import annotations

import importlib.metadata

from conftest import REPO


def test_the_distribution_carries_its_licence() -> None:
    dist = importlib.metadata.distribution("gongkai")
    assert dist.metadata["License-Expression"] == "Apache-2.0 AND OFL-1.1 AND MIT"
    font, divisions = "python/gongkai/data/fonts/OFL.txt", "python/gongkai/data/divisions.LICENSE"
    files = dist.metadata.get_all("License-File")
    assert sorted(files) == sorted(["LICENSE", font, divisions])
    for name in files:
        assert dist.read_text(f"licenses/{name}") == (REPO / name).read_text(encoding="utf-8"), name
    assert "SIL OPEN FONT LICENSE Version 1.1" in (REPO / font).read_text(encoding="utf-8")
    assert "The MIT License" in (REPO / divisions).read_text(encoding="utf-8")
    assert "Apache License\n                           Version 2.0, January 2004" in (
        REPO / "LICENSE"
    ).read_text(encoding="utf-8")
