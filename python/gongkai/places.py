"""China's administrative divisions (bundled: data/divisions.csv) and what they tell about
agency names."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class Division:
    """A province, prefecture-level or county-level division."""

    code: str  # 6-digit division code
    name: str
    level: str  # "province", "prefecture" or "county"
    parent: str  # code of the division it belongs to; "" for provinces


@lru_cache(maxsize=1)
def divisions() -> tuple[Division, ...]:
    """Every division of the bundled table (3,400 or so)."""
    with resources.files("gongkai").joinpath("data/divisions.csv").open(encoding="utf-8") as f:
        return tuple(Division(r["code"], r["name"], r["level"], r["parent"]) for r in csv.DictReader(f))


@lru_cache(maxsize=1)
def _names() -> frozenset[str]:
    return frozenset(d.name for d in divisions() if len(d.name) >= 2)


# Characters that OCR reads for one another in place names (each maps to its look-alikes).
OCR_CONFUSIONS: dict[str, str] = {
    "沐": "沭",
    "沭": "沐",
    "己": "已巳",
    "已": "己巳",
    "未": "末",
    "末": "未",
    "毫": "亳",
    "亳": "毫",
    "衮": "兖",
    "兖": "衮",
    "汨": "汩",
    "汩": "汨",
    "泾": "经",
    "睢": "雎",
    "雎": "睢",
}


def correct_ocr(agency: str) -> str | None:
    """The agency name with one OCR confusion undone, when that makes an unknown place name a
    division of the bundled table ("沐阳县人民政府" -> "沭阳县人民政府"); None when no such
    correction exists or the name already holds a known division at that place."""
    names = _names()
    best: tuple[int, str] | None = None
    for i, ch in enumerate(agency):
        for alt in OCR_CONFUSIONS.get(ch, ""):
            fixed = agency[:i] + alt + agency[i + 1 :]
            for start in range(max(0, i - 8), i + 1):
                for end in range(i + 1, min(len(fixed), start + 12) + 1):
                    part = fixed[start:end]
                    if (
                        part in names
                        and agency[start:end] not in names
                        and (best is None or len(part) > best[0])
                    ):
                        best = (len(part), fixed)
    return best[1] if best else None
