"""Every real report of the corpus parses to exactly its hand-checked truth.

A cell the source itself lost (numbers glued together with more than one way to cut them, a
page cut short) may come out missing, but only with a finding that names it: nothing may be
silently wrong, and no value may be wrong even with a finding. The cells right and the cells
lost per file are a ratchet: ``corpus_scores.json`` holds them, the test fails when a file
reads worse and asks for the table to be rewritten when it reads better
(``GONGKAI_UPDATE_SCORES=1 pytest tests/python/test_corpus.py``). The per-form accuracy is
printed with ``pytest -s``.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

import gongkai
from conftest import corpus_root
from gongkai.truth import score

SCORES = Path(__file__).with_name("corpus_scores.json")
RATCHET: dict[str, dict[str, int]] = json.loads(SCORES.read_text(encoding="utf-8")) if SCORES.exists() else {}
SEEN: dict[str, dict[str, int]] = {}

REPORT_SUFFIXES = (".txt", ".html", ".md", ".docx")


def _form(name: str) -> str:
    parts = name.rsplit("/", 1)[-1].split(".")
    return ".".join(parts[1:])  # "flat.txt", "orig.html", "raw.txt", "excerpt.txt", "md", ...


def _cases() -> list[tuple[str, str]]:
    root = corpus_root()
    if root is None:
        return []
    cases = []
    # the PDFs some .txt files were extracted from, read through gongkai.pdf
    for pdf in sorted((root / "originals").glob("*.pdf")):
        if (root / "truth" / f"{pdf.stem}.json").exists():
            cases.append((f"../originals/{pdf.name}", f"{pdf.stem}.json"))
    for report in sorted((root / "reports").iterdir()):
        stem = report.name.split(".")[0]
        for truth in (report.name.rsplit(".", 1)[0] + ".json", f"{stem}.excerpt.json", f"{stem}.json"):
            if (root / "truth" / truth).exists():
                cases.append((report.name, truth))
                break
    return cases


ACCURACY: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])

# Reports not yet read to their truth, with the reason; the list only shrinks.
NOT_YET: dict[str, str] = {}


def _params() -> list[Any]:
    return [
        pytest.param(
            r, t, id=r, marks=[pytest.mark.xfail(reason=NOT_YET[r], strict=True)] if r in NOT_YET else []
        )
        for r, t in _cases()
    ]


@pytest.mark.parametrize(("report", "truth"), _params())
def test_report_matches_truth(corpus: Path, report: str, truth: str) -> None:
    expected = json.loads((corpus / "truth" / truth).read_text(encoding="utf-8"))
    got = gongkai.parse(corpus / "reports" / report).to_dict()
    s = score(got, expected)
    acc = ACCURACY[_form(report)]
    acc[0] += 1
    acc[1] += s.right
    acc[2] += s.lost
    acc[3] += s.total
    SEEN[report] = {"right": s.right, "lost": s.lost}
    assert not s.problems, "\n".join(s.problems)
    was = RATCHET.get(report)
    assert was is not None, f"{report} is not in {SCORES.name}: rerun with GONGKAI_UPDATE_SCORES=1"
    assert s.right >= was["right"] and s.lost <= was["lost"], (
        f"{report} reads worse than before: right {s.right} (was {was['right']}), lost {s.lost} (was {was['lost']})"
    )
    assert (s.right, s.lost) == (was["right"], was["lost"]), (
        f"{report} reads better: right {s.right} (was {was['right']}), lost {s.lost} (was {was['lost']}); "
        f"rerun with GONGKAI_UPDATE_SCORES=1 to ratchet {SCORES.name}"
    )


def test_zz_scores_table() -> None:
    """With GONGKAI_UPDATE_SCORES=1, rewrites the ratchet from this run (every file must have run)."""
    if not os.environ.get("GONGKAI_UPDATE_SCORES"):
        pytest.skip("set GONGKAI_UPDATE_SCORES=1 to rewrite corpus_scores.json")
    names = [r for r, _ in _cases()]
    assert set(names) <= set(SEEN), "run the whole corpus test to rewrite the table"
    SCORES.write_text(json.dumps({n: SEEN[n] for n in sorted(names)}, indent=1) + "\n", encoding="utf-8")


def test_zz_print_accuracy_per_form() -> None:
    for form, (files, right, lost, total) in sorted(ACCURACY.items()):
        print(f"{form:14s} files {files:2d}  cells {total:4d}  right {right:4d}  lost with finding {lost:3d}")
