"""The text layout: a report as text extracted from a .docx (:func:`render_text`)."""

from __future__ import annotations

import numpy as np

from .layout import Variations, _Builder, _default_rng, _grid, _pad_text, _Para
from .model import ReportData
from .traditional import to_traditional

# --------------------------------------------------------------------------------------------
# Text layout (text extracted from .docx)
# --------------------------------------------------------------------------------------------


def render_text(
    data: ReportData,
    *,
    rng: np.random.Generator | None = None,
    variations: Variations | None = None,
) -> str:
    """The report as text extracted from a .docx, like ``corpus/reports/julu_*.txt``.

    Title lines (agency, then "YYYY年政府信息公开工作年度报告"), a preamble stating the
    统计期限, sections 一 to 六 as unindented lines, and the three tables one cell per line:
    each cell starts with a TAB, a label split over lines continues without a TAB, a vertically
    merged cell shows a TAB alone in the rows it covers, a horizontally merged cell appears
    once, and a blank line ends each row (one more ends the table). ``rng`` decides the wording
    and per-cell choices (default: seeded from agency, year and template); ``variations``
    defaults to none. Returns text with a final newline.
    """
    rng = _default_rng(data) if rng is None else rng
    v = Variations() if variations is None else variations
    blocks = _Builder(data, rng, v).document()
    lines = [data.agency, f"{data.year}年政府信息公开工作年度报告", ""]
    para_idx = [i for i, b in enumerate(blocks) if isinstance(b, _Para) and not b.heading]
    bookmark_at = para_idx[int(rng.integers(len(para_idx)))] if v.bookmark and para_idx else -1
    for i, block in enumerate(blocks):
        if isinstance(block, _Para):
            lines.append(("[bookmark: _GoBack]" if i == bookmark_at else "") + block.text)
            continue
        for seq in _grid(block):
            for cont, cell in seq:
                if cont:
                    lines.append("\t")
                    continue
                parts = [_pad_text(p, cell, rng, v) for p in cell.parts]
                lines.append("\t" + parts[0])
                lines.extend(parts[1:])
            lines.append("")
        lines.append("")
    text = "\n".join(lines) + "\n"
    return to_traditional(text) if v.traditional else text
