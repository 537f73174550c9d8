"""China's administrative divisions (bundled: data/divisions.csv) and what they tell about
agency names.

- ``divisions()``: the table (province, prefecture and county-level divisions with codes);
- ``correct_ocr(name)``: an agency name with an OCR confusion in a place name undone;
- ``locate(name) -> Place | None``: the province, prefecture, county and code an agency name
  names, never guessed;
- ``agency_key(name)``: one identity for the variants of an agency's name across years;
- ``agency_type(name)``: government, department, township or other;
- ``read_manifest(path)`` and ``resolve(source, agency, manifest) -> AgencyInfo``: all of the
  above for one report, overridden by a manifest CSV that gives agency and place by file.
"""

from __future__ import annotations

import csv
import os
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Union


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


@lru_cache(maxsize=1 << 16)
def correct_ocr(agency: str) -> str | None:
    """The agency name with one OCR confusion undone, when that makes an unknown place name a
    division of the bundled table ("沐阳县人民政府" -> "沭阳县人民政府"); None when no such
    correction exists or the name already holds a known division at that place."""
    if not any(ch in OCR_CONFUSIONS for ch in agency):
        return None  # and the table of divisions is not loaded, which costs a command 50 ms
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


# --------------------------------------------------------------------------------------------
# Places named in agency names
# --------------------------------------------------------------------------------------------

LEVELS = ("province", "prefecture", "county")

SPECIAL_ZONES: dict[str, str] = {
    # The zone's territory is exactly that of 平潭县, which keeps its division code under 福州市
    # (the zone is run by the province, but the code table has no entry of its own for it).
    "平潭综合实验区": "350128",
}
"""Zones that are not divisions of the table but cover exactly one of them: name -> code.
An agency of such a zone is placed in that division; its key keeps the zone's name."""

# Agencies of national bodies that name their place after the body ("国家税务总局淮安市洪泽区税务局").
NATIONAL_PREFIXES = (
    "国家税务总局",
    "国家金融监督管理总局",
    "中国人民银行",
    "中国银行保险监督管理委员会",
    "中国证券监督管理委员会",
    "中国共产党",
    "中共",
)

_SHORT_SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市")
_EXCLUDED_NAMES = frozenset({"苏鲁交界", "海域"})
# A division name right before one of these is part of a township's or a street's name.
_TOWNSHIP_AFTER = ("镇", "乡", "街道", "苏木", "社区", "村")
# A division name may follow an agency word that ends in one of these ("…生态环境局洪山区分局").
_AGENCY_END = "局厅委办会处署"
_PLACE_END = "省市县区州旗盟"


@dataclass(frozen=True)
class Place:
    """Where an agency is: the names of its province, prefecture and county ("" when not known)
    and the 6-digit code and level of the innermost division known for certain.

    When the name is ambiguous (朝阳区 is in Beijing and in 长春), only the parts that every
    reading shares are filled, and ``code`` is "" while ``level`` is the level named."""

    province: str
    prefecture: str
    county: str
    code: str
    level: str


@lru_cache(maxsize=1)
def _by_code() -> dict[str, Division]:
    return {d.code: d for d in divisions()}


def _ancestry(d: Division) -> list[Division]:
    """``d`` and the divisions it belongs to, innermost first."""
    by_code = _by_code()
    out = [d]
    while out[-1].parent and out[-1].parent in by_code:
        out.append(by_code[out[-1].parent])
    return out


def _usable(d: Division) -> bool:
    # Taiwan's 乡/镇 are county-level in the table but read as townships in mainland names.
    return d.name not in _EXCLUDED_NAMES and not d.name.endswith(("直辖", "乡", "镇"))


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, tuple[Division, ...]], dict[str, tuple[Division, ...]], int]:
    """Full names -> divisions, short forms -> divisions, the longest name's length.

    A municipality (北京市) is both a province and a prefecture of the same name: the name
    stands for the province. Short forms: provinces without 省/市/自治区 (江苏, 广西, 内蒙古),
    prefectures named X市 without 市 (淮安)."""
    full: dict[str, list[Division]] = {}
    short: dict[str, list[Division]] = {}
    by_code = _by_code()
    for d in divisions():
        if not _usable(d):
            continue
        parent = by_code.get(d.parent)
        if parent is not None and parent.name == d.name:
            continue  # 北京市 the prefecture is 北京市 the province
        full.setdefault(d.name, []).append(d)
        if d.level == "province" or (d.level == "prefecture" and d.name.endswith("市")):
            for suffix in _SHORT_SUFFIXES:
                if d.name.endswith(suffix) and len(d.name) - len(suffix) >= 2:
                    short.setdefault(d.name[: -len(suffix)], []).append(d)
                    break
    for zone, code in SPECIAL_ZONES.items():
        full[zone] = [by_code[code]]
    longest = max(len(n) for n in full)
    return (
        {k: tuple(v) for k, v in full.items()},
        {k: tuple(v) for k, v in short.items() if k not in full},
        longest,
    )


_DROPPED = re.compile(r"\([^()]*\)|〔[^〔〕]*〕")


def _clean(name: str) -> str:
    """NFKC, OCR confusions undone, parenthesised notes dropped, white space, punctuation and
    quotes removed."""
    s = unicodedata.normalize("NFKC", name)
    s = "".join(s.split())
    fixed = correct_ocr(s)
    if fixed is not None:
        s = fixed
    previous = None
    while previous != s:
        previous, s = s, _DROPPED.sub("", s)
    return "".join(ch for ch in s if not unicodedata.category(ch).startswith(("P", "Z", "S", "C")))


@dataclass(frozen=True)
class _Match:
    start: int
    end: int
    candidates: tuple[Division, ...]
    zone: str = ""


def _name_at(s: str, pos: int) -> int:
    """The length of the longest full name at ``pos``, 0 when none."""
    full, _, longest = _index()
    return next((n for n in range(min(longest, len(s) - pos), 1, -1) if s[pos : pos + n] in full), 0)


def _full_at(s: str, pos: int) -> _Match | None:
    n = _name_at(s, pos)
    if not n:
        return None
    if s.startswith(_TOWNSHIP_AFTER, pos + n) and not _name_at(s, pos + n):
        return None  # 城区街道, 新城区街道: a street's name (not 临汾市乡宁县, 江苏省镇江市)
    name = s[pos : pos + n]
    return _Match(pos, pos + n, _index()[0][name], name if name in SPECIAL_ZONES else "")


def _match_at(s: str, pos: int) -> _Match | None:
    """The division named at ``pos``: the longest full name, else a short form (淮安, 江苏)
    directly followed by another name."""
    m = _full_at(s, pos)
    if m is not None:
        return m
    short = _index()[1]
    for n in (3, 2):
        found = short.get(s[pos : pos + n])
        if found is not None and _match_at(s, pos + n) is not None:
            return _Match(pos, pos + n, found)
    return None


ALSO_WITHIN: dict[str, str] = {
    # 雄安新区 (133100) administers 雄县, 容城县 and 安新县, which keep their codes under 保定市.
    "130638": "133100",
    "130629": "133100",
    "130632": "133100",
}
"""Divisions administered by another than their parent in the table: code -> that other's
code. A name may put them under either (保定市雄县, 雄安新区雄县); their place keeps the table's."""


def _is_within(d: Division, outer: Division) -> bool:
    """Whether ``outer`` holds ``d`` (not ``d`` itself)."""
    if d.code == outer.code:
        return False
    return any(a.code == outer.code or ALSO_WITHIN.get(a.code) == outer.code for a in _ancestry(d))


def _common(readings: Sequence[Division]) -> Division | None:
    """The innermost division that holds every reading (itself included)."""
    shared: list[Division] | None = None
    for d in readings:
        chain = _ancestry(d)
        shared = chain if shared is None else [a for a in shared if any(a.code == b.code for b in chain)]
    return shared[0] if shared else None


@dataclass(frozen=True)
class _Analysis:
    readings: tuple[Division, ...]  # the innermost divisions the name may mean; () when none
    start: int  # where the leading places begin in the cleaned name
    end: int  # and end
    zone: str  # a special zone named there
    text: str  # the cleaned name


def _narrow(readings: Sequence[Division], m: _Match) -> tuple[Division, ...]:
    return tuple(d for d in m.candidates if any(_is_within(d, r) for r in readings))


@lru_cache(maxsize=1 << 16)
def _analyse(name: str) -> _Analysis:
    s = _clean(name)
    start = 0
    for prefix in NATIONAL_PREFIXES:
        if s.startswith(prefix):
            start = len(prefix)
            break
    pos, zone = start, ""
    readings: tuple[Division, ...] = ()
    while pos < len(s):
        m = _match_at(s, pos)
        if m is None:
            break
        zone = zone or m.zone
        if not readings:
            readings = m.candidates
        else:
            narrowed = _narrow(readings, m)
            if not narrowed:
                # Two places that do not nest (巢湖市庐江县): only what both readings share is sure.
                common = _common(list(readings) + list(m.candidates))
                readings = (common,) if common is not None else ()
                pos = m.end
                break
            readings = narrowed
        pos = m.end
    end = pos
    if not readings:
        return _Analysis((), start, start, "", s)
    # Places after an agency word (…生态环境局洪山区分局) refine the leading ones, never replace them.
    i = end
    while i < len(s):
        if s[i - 1] in _AGENCY_END:
            m = _full_at(s, i)
            if m is not None:
                narrowed = _narrow(readings, m)
                if narrowed:
                    readings = narrowed
                    i = m.end
                    continue
        i += 1
    return _Analysis(readings, start, end, zone, s)


def _place_of(readings: Sequence[Division]) -> Place | None:
    if not readings:
        return None
    if len(readings) == 1:
        names = {a.level: a.name for a in _ancestry(readings[0])}
        return Place(
            names.get("province", ""),
            names.get("prefecture", ""),
            names.get("county", ""),
            readings[0].code,
            readings[0].level,
        )
    fields: dict[str, str] = {}
    for level in LEVELS:
        seen = {next((a.code for a in _ancestry(d) if a.level == level), "") for d in readings}
        if len(seen) == 1 and "" not in seen:
            fields[level] = _by_code()[seen.pop()].name
        else:
            named = {next((a.name for a in _ancestry(d) if a.level == level), "") for d in readings}
            fields[level] = named.pop() if len(named) == 1 and level == readings[0].level else ""
    levels = {d.level for d in readings}
    return Place(
        fields["province"],
        fields["prefecture"],
        fields["county"],
        "",
        levels.pop() if len(levels) == 1 else "",
    )


def locate(name: str) -> Place | None:
    """The place of an agency, from the divisions its name begins with.

    - The name is cleaned first (NFKC, OCR confusions undone, notes in parentheses dropped).
    - Places are read from the start of the name (after a national body's name such as
      国家税务总局), each the longest full name of the table there (淮安市, 洪泽区, 沭阳县),
      or a short form followed by another place (江苏淮安市, 淮安洪泽区), and each must lie
      within the one before (淮安市洪泽区 -> 320813 of 淮安市 320800 of 江苏省 320000). A name
      followed by 镇/乡/街道 is a township's, not a division.
    - Ambiguous names (朝阳区) are resolved only by a place named before or after an agency
      word (…局朝阳分局 does not count; …局朝阳区分局 does); otherwise the result has only the
      parts every reading shares and no code.
    - Places that do not nest (巢湖市庐江县) keep only the division holding both, if any.
    - A place the table does not hold, at the start (雄安新区…, 苏州工业园区…, an invented
      安平市东城区…), makes the name unlocatable: a real 东城区 in Beijing is not the 东城区 of
      an unknown city. After known places it only stops the reading (武汉市东湖生态旅游风景区
      -> 武汉市).
    - Special zones (SPECIAL_ZONES) stand for the division they cover: 平潭综合实验区 -> 平潭县.
    - Townships are not in the table: 巨鹿县官亭镇人民政府 -> 巨鹿县; 官亭镇人民政府 -> None.
    """
    return _place_of(_analyse(name).readings)


# --------------------------------------------------------------------------------------------
# Agency identity and type
# --------------------------------------------------------------------------------------------

_GOVERNMENT = re.compile(r"(?<!人民)政府")
_BAN = re.compile(r"办(?![公事理])")
_ZONE_COMMITTEE = re.compile(r"(区|园|新城|岛|港)管理委员会(办公室|办公厅)?$")


def _normalise_agency(part: str) -> str:
    """人民政府/政府 -> 人民政府, 办公室/办 -> 办公室, 管理委员会/管委会 -> 管理委员会."""
    part = part.replace("管委会", "管理委员会")
    part = _GOVERNMENT.sub("人民政府", part)
    return _BAN.sub("办公室", part)


def _split(name: str) -> tuple[_Analysis, str]:
    """The analysis of ``name`` and its agency part: the name without its leading places,
    normalised; a bare place means its government (a special zone's: 管理委员会)."""
    a = _analyse(name)
    rest = _normalise_agency(a.text[: a.start] + a.text[a.end :])
    if not a.readings:
        return a, rest
    if a.zone:
        return a, a.zone + (rest or "管理委员会")
    return a, rest or "人民政府"


def agency_key(name: str) -> str:
    """A normalised identity of an agency, the same for the variants of its name across years.

    ``"<code>/<agency part>"`` when the name's place is located to one division
    (``locate``), else the normalised name alone (no "/"), so that keys of located and of
    unlocated names never meet:

    - cleaning: NFKC, OCR confusions undone (沐阳县 -> 沭阳县), notes in parentheses, white
      space, punctuation and quotes (《》“”) dropped;
    - the leading places are replaced by the innermost division's code, so a prefix naming
      its city or province does not matter (洪泽区人民政府 = 淮安市洪泽区人民政府 =
      320813/人民政府); places later in the name stay in the agency part;
    - the agency part unifies 政府 with 人民政府, 办 with 办公室 (not in 办公厅, 办事处) and
      管委会 with 管理委员会 (上海市政府办公厅 = 上海市人民政府办公厅 = 310000/人民政府办公厅);
    - a bare place stands for its government (上海市 = 上海市人民政府); a special zone keeps its
      name in the agency part and stands for its 管理委员会 (平潭综合实验区 =
      平潭综合实验区管委会 = 350128/平潭综合实验区管理委员会, apart from 平潭县人民政府);
    - an ambiguous place (朝阳区人民政府) has no code: its key is the normalised name, which
      differs from that of the same agency named with its city.

    Reorganised agencies (县环保局 -> 市生态环境局某某分局) get different keys."""
    a, rest = _split(name)
    place = _place_of(a.readings)
    if place is None or not place.code:
        return _normalise_agency(a.text)
    return f"{place.code}/{rest}"


TYPES = ("government", "department", "township", "other")

_TOWNSHIP = re.compile(r"(镇|乡|街道|苏木)(人民政府|办事处|人民政府办公室)?$")
# the administration of a 片区, an area of former townships at township level (平潭's 海坛片区);
# not a 片区 of a free trade zone (…自由贸易试验区平潭片区, 临港新片区), which is far larger
_AREA = re.compile(r"片区(管理局|管理委员会)(办公室)?$")
_FREE_TRADE_AREA = re.compile(r"自由贸易试验区|自贸试验区|自贸区|新片区")
_DEPARTMENT_END = (
    "局",
    "委员会",
    "委",
    "厅",
    "办公室",
    "署",
    "中心",
    "院",
    "所",
    "站",
    "队",
    "处",
    "部",
    "馆",
    "会",
    "室",
    "科",
    "行",
    "社",
)


def agency_type(name: str) -> str:
    """The kind of agency: one of ``TYPES``.

    - "township": a township's or street's government (…镇/乡/街道/苏木 人民政府, …街道办事处,
      or the bare …镇, …乡), or the administration of a township-level 片区 (…片区管理局,
      …片区管委会, and its office; not a free trade zone's 片区);
    - "government": a people's government (…人民政府, …政府), its general office (…人民政府
      办公厅/办公室, …政府办), a zone's management committee (…区/园 管委会), or a bare place
      (上海市, 平潭综合实验区);
    - "department": a government's department or branch (…局, …委员会, …委, …厅, other
      …办公室 such as 人民政府金融工作办公室, …中心, …处, …署 ...);
    - "other": anything else."""
    a = _analyse(name)
    t = _normalise_agency(a.text)
    if not t:
        return "other"
    if _TOWNSHIP.search(t) or (_AREA.search(t) and not _FREE_TRADE_AREA.search(t)):
        return "township"
    if t.endswith(("人民政府", "人民政府办公厅", "人民政府办公室")) or _ZONE_COMMITTEE.search(t):
        return "government"
    if a.readings and a.start == 0 and a.end == len(a.text):
        return "government"  # a bare place
    if t.endswith(_DEPARTMENT_END):
        return "department"
    if t[-1] in _PLACE_END and len(t) <= 12:
        return "government"  # a place the table does not hold (苏州工业园区)
    return "other"


# --------------------------------------------------------------------------------------------
# Manifest: agency and place given by file
# --------------------------------------------------------------------------------------------

PathLike = Union[str, "os.PathLike[str]"]

MANIFEST_COLUMNS = ("file", "agency", "province", "prefecture", "county", "level", "type", "year")
"""The columns a manifest may have (``city`` is read as ``prefecture``); others are ignored."""

AGENCY_LEVELS = ("province", "prefecture", "county", "township")


class ManifestError(ValueError):
    """A manifest that cannot be read; the message names the file and line."""


@dataclass(frozen=True)
class ManifestEntry:
    """One row of a manifest: what it says about one report file ("" when it says nothing)."""

    file: str
    agency: str = ""
    province: str = ""
    prefecture: str = ""
    county: str = ""
    level: str = ""  # the agency's level: province, prefecture, county or township
    type: str = ""  # one of TYPES
    year: int | None = None
    line: int = 0  # line of the manifest it comes from
    agency_fallback: bool = False  # the agency only for a report that names none (gongkai fetch's guess)


def _read_text(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as e:
        raise ManifestError(f"{path}: neither UTF-8 nor GB18030 ({e})") from None


def read_manifest(path: PathLike) -> dict[str, ManifestEntry]:
    """The manifest at ``path``: a CSV (or tab-separated, by a .tsv name or a header with tabs
    and no commas) whose header has ``file`` and any of ``agency, province, prefecture (or
    city), county, level, type, year``; other columns are ignored, as are blank lines and lines
    starting with "#". UTF-8 (with or without BOM) or GB18030. A level ``city`` reads as
    ``prefecture``; a level ``department`` (as in the corpus index) as type department.

    Returns the entries by file as written; ``resolve`` also finds them by path suffix or file
    name. Raises ManifestError, naming the file and line, for a missing ``file`` column, an
    empty file, a file listed twice, a row with too many cells, a year that is not a number, an
    unknown type or level."""
    p = Path(os.fspath(path))
    try:
        text = _read_text(p)
    except OSError as e:
        raise ManifestError(f"{p}: cannot read the manifest ({e.strerror or e})") from None
    lines = text.splitlines()
    header_at = next(
        (i for i, ln in enumerate(lines) if ln.strip() and not ln.lstrip().startswith("#")), None
    )
    if header_at is None:
        raise ManifestError(f"{p}: the manifest is empty (it needs a header with a 'file' column)")
    first = lines[header_at]
    tab = p.suffix.lower() == ".tsv" or ("\t" in first and "," not in first)
    rows = list(csv.reader(lines, delimiter="\t" if tab else ","))
    header = [h.strip().lower() for h in rows[header_at]]
    where = f"{p}:{header_at + 1}"
    if "file" not in header:
        raise ManifestError(f"{where}: no 'file' column in the header ({', '.join(header)})")
    if "city" in header and "prefecture" in header:
        raise ManifestError(f"{where}: both 'city' and 'prefecture' columns; give one")
    header = ["prefecture" if h == "city" else h for h in header]
    for h in set(header):
        if h in MANIFEST_COLUMNS and header.count(h) > 1:
            raise ManifestError(f"{where}: column {h!r} appears twice")
    columns = {h: i for i, h in enumerate(header) if h in MANIFEST_COLUMNS}
    out: dict[str, ManifestEntry] = {}
    for i in range(header_at + 1, len(rows)):
        row, where = rows[i], f"{p}:{i + 1}"
        if not any(c.strip() for c in row) or row[0].lstrip().startswith("#"):
            continue
        if len(row) > len(header) and any(c.strip() for c in row[len(header) :]):
            raise ManifestError(f"{where}: {len(row)} cells but the header has {len(header)}")
        cell = {h: (row[j].strip() if j < len(row) else "") for h, j in columns.items()}
        file = cell["file"]
        if not file:
            raise ManifestError(f"{where}: the 'file' cell is empty")
        if file in out:
            raise ManifestError(f"{where}: file {file!r} is listed again (first on line {out[file].line})")
        year: int | None = None
        if cell.get("year"):
            try:
                year = int(cell["year"])
            except ValueError:
                raise ManifestError(f"{where}: year {cell['year']!r} is not a number") from None
        kind = cell.get("type", "").lower()
        if kind and kind not in TYPES:
            raise ManifestError(f"{where}: type {cell['type']!r} is not one of {', '.join(TYPES)}")
        level = cell.get("level", "").lower()
        level = "prefecture" if level == "city" else level
        if level == "department":  # the corpus index's level column: a type, level unknown
            level, kind = "", kind or "department"
        if level and level not in AGENCY_LEVELS:
            raise ManifestError(
                f"{where}: level {cell['level']!r} is not one of {', '.join(AGENCY_LEVELS)} (or city)"
            )
        out[file] = ManifestEntry(
            file,
            _nfkc(cell.get("agency", "")),
            _nfkc(cell.get("province", "")),
            _nfkc(cell.get("prefecture", "")),
            _nfkc(cell.get("county", "")),
            level,
            kind,
            year,
            i + 1,
        )
    return out


def _nfkc(s: str) -> str:
    return unicodedata.normalize("NFKC", s).strip()


def find_entry(manifest: Mapping[str, ManifestEntry] | None, source: PathLike | None) -> ManifestEntry | None:
    """The manifest's entry for ``source``: by the path as written, else by the one entry whose
    path ends ``source`` or that ``source`` ends with (reports/a.txt for /data/reports/a.txt),
    else by the one entry of the same file name; None when there is none or several."""
    if not manifest or source is None:
        return None
    src = os.fspath(source)
    if src in manifest:
        return manifest[src]
    parts = Path(src.replace("\\", "/")).parts
    if not parts:
        return None
    suffix: list[ManifestEntry] = []
    named: list[ManifestEntry] = []
    for key, entry in manifest.items():
        kp = Path(key.replace("\\", "/")).parts
        if not kp:
            continue
        n = min(len(kp), len(parts))
        if kp[-n:] == parts[-n:] and (n > 1 or len(kp) == len(parts) == 1):
            suffix.append(entry)
        if kp[-1] == parts[-1]:
            named.append(entry)
    if len(suffix) == 1:
        return suffix[0]
    if len(named) == 1:
        return named[0]
    return None


@dataclass(frozen=True)
class AgencyInfo:
    """What is known of a report's agency: identity (``agency_key``), name, place, type."""

    key: str
    agency: str
    province: str
    prefecture: str
    county: str
    code: str  # 6-digit code of the innermost division known, "" when none
    type: str  # one of TYPES
    from_manifest: bool  # a manifest row was found for the report
    level: str = ""  # the agency's level: province, prefecture, county, township or ""
    year: int | None = None  # the year the manifest gives


def _agency_level(kind: str, place: Place | None) -> str:
    if kind == "township":
        return "township"
    return place.level if place is not None and place.level in AGENCY_LEVELS else ""


def resolve(
    source: PathLike | None, agency: str | None, manifest: Mapping[str, ManifestEntry] | None = None
) -> AgencyInfo:
    """Agency identity, place and type of the report read from ``source`` whose title names
    ``agency``, the manifest's row for the file (``find_entry``) overriding what the name says.

    The manifest's agency replaces the name (unless the entry's ``agency_fallback`` says it is
    only for a report that names no agency, as a fetch manifest's guess). Its province/prefecture/county replace the place
    read from the name unless that place agrees with them (then the name may add levels the
    manifest leaves out, or decide an ambiguous county); missing upper levels come from the
    table, and the code is that of the innermost division the manifest's names locate to. Its
    type and level replace the guessed ones. The key is the
    name's agency part (``agency_key``) under the manifest's place when that has a code, so a
    township named without its county (七里坪镇人民政府) gets a key under the county the
    manifest gives."""
    entry = find_entry(manifest, source)
    if entry is None:
        return _resolve_name(agency or "")
    return _resolve(entry, agency)


@lru_cache(maxsize=1 << 16)
def _resolve_name(agency: str) -> AgencyInfo:
    """What the agency's name alone says (no manifest row): one answer per name."""
    return _resolve(None, agency)


def _resolve(entry: ManifestEntry | None, agency: str | None) -> AgencyInfo:
    by_entry = entry is not None and entry.agency and not (entry.agency_fallback and agency)
    name = (entry.agency if entry is not None and by_entry else agency) or ""
    place = locate(name) if name else None
    if entry is not None and (entry.province or entry.prefecture or entry.county):
        given = (entry.province, entry.prefecture, entry.county)
        agrees = place is not None and all(
            not want or got == want
            for want, got in zip(given, (place.province, place.prefecture, place.county))
        )
        if not agrees:  # the manifest's place, completed from the table
            listed = locate("".join(given))
            place = Place(
                entry.province or (listed.province if listed else ""),
                entry.prefecture or (listed.prefecture if listed else ""),
                entry.county or (listed.county if listed else ""),
                listed.code if listed else "",
                listed.level if listed else "",
            )
    kind = entry.type if entry is not None and entry.type else (agency_type(name) if name else "other")
    if name:
        rest = _split(name)[1]
        key = f"{place.code}/{rest}" if place is not None and place.code else agency_key(name)
    else:
        key = f"{place.code}/" if place is not None and place.code else ""
    return AgencyInfo(
        key=key,
        agency=name,
        province=place.province if place else "",
        prefecture=place.prefecture if place else "",
        county=place.county if place else "",
        code=place.code if place else "",
        type=kind,
        from_manifest=entry is not None,
        level=entry.level if entry is not None and entry.level else _agency_level(kind, place),
        year=entry.year if entry is not None else None,
    )


def _place(source: str, agency: str | None, manifest: Any) -> dict[str, Any]:
    """Agency identity, place and type of one report (:func:`resolve`) as the columns of a
    corpus's metadata, manifest first."""
    info = resolve(source, agency, manifest)
    return {
        "agency": info.agency or agency,
        "key": info.key,
        "province": info.province,
        "prefecture": info.prefecture,
        "county": info.county,
        "level": info.level,
        "type": info.type,
    }
