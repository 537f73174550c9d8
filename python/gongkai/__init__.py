"""gongkai: parse, check and compare China's government information disclosure annual reports
(政府信息公开工作年度报告).

>>> import gongkai
>>> r = gongkai.parse("report.html")
>>> r.table3          # numpy view of the 25x7 table 3
>>> r.table3_frame()  # the same as a pandas DataFrame
"""

from __future__ import annotations

from pathlib import Path

from ._core import EncodingError, Error, Finding, ParseError, TimeLimitError
from .corpus import Corpus, read
from .report import CellOrigin, Report, parse

__all__ = [
    "CellOrigin",
    "Corpus",
    "EncodingError",
    "Error",
    "Finding",
    "ParseError",
    "Report",
    "TimeLimitError",
    "parse",
    "read",
    "sample_paths",
]

__version__ = "0.1.0"


def sample_paths() -> list[Path]:
    """The sample reports shipped with the package (rendered by gongkai.render)."""
    from importlib import resources

    root = Path(str(resources.files("gongkai") / "data"))
    return sorted(p for p in root.iterdir() if p.suffix in (".txt", ".html"))
