"""Every real report of the corpus parses to exactly its hand-checked truth."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

import gongkai
from conftest import corpus_root

# Forms this version reads; the others are in the corpus for later adapters (PDF text,
# markdown, crawled text with glued cells, cell-per-line excerpts).
SUPPORTED = ("html", "txt (text extracted from .docx")


def _cases() -> list[tuple[str, str, bool]]:
    root = corpus_root()
    if root is None:
        return []
    forms: dict[str, str] = {}
    with open(root / "index.tsv", encoding="utf-8") as f:
        for rec in csv.DictReader(f, delimiter="\t"):
            forms[rec["file"]] = rec["format"]
    cases = []
    for report in sorted((root / "reports").iterdir()):
        stem = report.name.split(".")[0]
        truth = root / "truth" / f"{stem}.json"
        if not truth.exists():
            # excerpts keep ".excerpt" in the truth name
            truth = root / "truth" / (report.name.rsplit(".", 1)[0] + ".json")
        if not truth.exists():
            continue
        form = forms.get(f"reports/{report.name}", "")
        cases.append((report.name, truth.name, form.startswith(SUPPORTED)))
    return cases


def _params() -> list[object]:
    params = []
    for report, truth, supported in _cases():
        marks = [] if supported else [pytest.mark.xfail(reason="form not read yet", strict=False)]
        params.append(pytest.param(report, truth, id=report, marks=marks))
    return params


@pytest.mark.parametrize(("report", "truth"), _params())
def test_report_matches_truth(corpus: Path, report: str, truth: str) -> None:
    expected = json.loads((corpus / "truth" / truth).read_text(encoding="utf-8"))
    got = gongkai.parse(corpus / "reports" / report).to_dict()
    assert got["agency"] == expected["agency"]
    assert got["year"] == expected["year"]
    assert got["template"] == expected["template"]
    for table in ("table2", "table3", "table4"):
        assert got[table] == expected[table], table


def test_supported_forms_are_in_the_corpus(corpus: Path) -> None:
    supported = [r for r, _, ok in _cases() if ok]
    assert any(r.endswith(".html") for r in supported)
    assert any(r.endswith(".txt") for r in supported)
