"""Render -> parse gives back exactly the numbers rendered, over many random reports."""

from __future__ import annotations

import numpy as np
import pytest

import gongkai
from gongkai import render

N = 200  # per layout and template


def _case(seed: int, template: str, layout: str) -> tuple[render.ReportData, bytes]:
    rng = np.random.default_rng(seed)
    data = render.random_report(rng, template)
    if rng.random() < 0.5:
        data = render.with_missing(data, rng, float(rng.uniform(0.02, 0.3)))
    variations = render.Variations.random(rng)
    if layout == "text":
        return data, render.render_text(data, rng=rng, variations=variations).encode("utf-8")
    html = render.render_html(data, rng=rng, variations=variations, page_chrome=bool(rng.random() < 0.5))
    encoding = "gbk" if rng.random() < 0.2 else "utf-8"
    return data, (render.encode_html(html, encoding) if encoding != "utf-8" else html.encode("utf-8"))


@pytest.mark.parametrize("layout", ["text", "html"])
@pytest.mark.parametrize("template", ["2021", "2019"])
def test_round_trip_gives_identical_numbers(layout: str, template: str) -> None:
    failures = []
    for seed in range(N):
        data, raw = _case(seed, template, layout)
        got = gongkai.parse(raw).to_dict()
        want = render.expected_dict(data)
        for key in ("agency", "year", "template", "table2", "table3", "table4"):
            if got[key] != want[key]:
                failures.append((seed, key, got[key], want[key]))
                break
        else:
            errors = [f["message"] for f in got["findings"] if f["severity"] == "error"]
            if errors:
                failures.append((seed, "findings", errors, []))
    assert not failures, f"{len(failures)} of {N} differ; first: {failures[0]}"
