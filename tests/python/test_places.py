"""The bundled table of administrative divisions and the OCR correction of agency names."""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

import gongkai
from gongkai import places, render


def test_divisions_cover_every_level() -> None:
    divs = places.divisions()
    levels = {d.level for d in divs}
    assert levels == {"province", "prefecture", "county"}
    by_code = {d.code: d for d in divs}
    assert by_code["321322"].name == "沭阳县"
    assert by_code[by_code["321322"].parent].name == "宿迁市"
    assert sum(d.level == "province" for d in divs) >= 31
    assert sum(d.level == "county" for d in divs) > 2800


def test_ocr_confusion_in_a_place_name_is_undone() -> None:
    assert places.correct_ocr("沐阳县人民政府") == "沭阳县人民政府"
    assert places.correct_ocr("沭阳县人民政府") is None  # already a division
    assert places.correct_ocr("上海市人民政府办公厅") is None
    assert places.correct_ocr("某某县人民政府") is None


def test_parse_corrects_the_agency_with_a_finding() -> None:
    text = "沐阳县人民政府\n2025年政府信息公开工作年度报告\n一、总体情况\n无。\n"
    r = gongkai.parse(text)
    assert r.agency == "沭阳县人民政府"
    assert [f.rule for f in r.findings if f.rule == "parse.agency_corrected"] == ["parse.agency_corrected"]


# ---- locate -------------------------------------------------------------------------------


def test_locate_reads_a_chain_of_full_names() -> None:
    hongze = places.Place("江苏省", "淮安市", "洪泽区", "320813", "county")
    assert places.locate("淮安市洪泽区人民政府") == hongze
    assert places.locate("洪泽区人民政府") == hongze
    assert places.locate("江苏省淮安市洪泽区人民政府") == hongze
    assert places.locate("江苏淮安洪泽区政府") == hongze  # short forms followed by a full name
    assert places.locate("淮安市人民政府") == places.Place("江苏省", "淮安市", "", "320800", "prefecture")
    assert places.locate("沭阳县人民政府") == places.Place("江苏省", "宿迁市", "沭阳县", "321322", "county")
    assert places.locate("佳县螅镇人民政府") == places.Place("陕西省", "榆林市", "佳县", "610828", "county")


def test_locate_undoes_ocr_confusions_and_ignores_notes() -> None:
    assert places.locate("沐阳县人民政府") == places.locate("沭阳县人民政府")
    assert places.locate("  《沭阳县 人民政府》") == places.locate("沭阳县人民政府")
    xiong = places.locate("雄县某乡（原文称“我乡”）")
    assert xiong == places.Place("河北省", "保定市", "雄县", "130638", "county")


def test_locate_a_municipality_is_its_province() -> None:
    shanghai = places.Place("上海市", "", "", "310000", "province")
    assert places.locate("上海市人民政府办公厅") == shanghai
    assert places.locate("上海市政府办公厅") == shanghai
    assert places.locate("重庆市人民政府") == places.Place("重庆市", "", "", "500000", "province")
    assert places.locate("北京市东城区人民政府") == places.Place(
        "北京市", "北京市", "东城区", "110101", "county"
    )


def test_every_division_locates_by_its_full_chain_and_alone_when_unique() -> None:
    by_code = {d.code: d for d in places.divisions()}
    counts = Counter(d.name for d in places.divisions())
    checked = 0
    for d in places.divisions():
        if d.name.endswith(("乡", "镇", "直辖")) or d.name in ("海域", "苏鲁交界"):
            continue  # Taiwan's townships and the table's odd rows read as no division
        chain = [d]
        while chain[-1].parent in by_code:
            chain.append(by_code[chain[-1].parent])
        # a municipality's prefecture (北京市 under 北京市) is written once and means the province
        names = [x.name for x in reversed(chain)]
        full = "".join(n for i, n in enumerate(names) if i == 0 or n != names[i - 1])
        want = chain[-1].code if len(set(names)) == 1 else d.code
        got = places.locate(full + "人民政府")
        assert got is not None and got.code == want, (full, got)
        if counts[d.name] == 1:
            alone = places.locate(d.name + "人民政府")
            assert alone is not None and alone.code == want, d.name
        checked += 1
    assert checked > 3300


def test_locate_ambiguous_names_only_when_a_parent_decides() -> None:
    assert places.locate("朝阳区人民政府") == places.Place("", "", "朝阳区", "", "county")
    assert places.locate("北京市朝阳区人民政府") == places.Place(
        "北京市", "北京市", "朝阳区", "110105", "county"
    )
    assert places.locate("长春市朝阳区人民政府") == places.Place(
        "吉林省", "长春市", "朝阳区", "220104", "county"
    )
    # a place after an agency word decides too, but never replaces the leading one
    assert places.locate("武汉市生态环境局洪山区分局") == places.Place(
        "湖北省", "武汉市", "洪山区", "420111", "county"
    )
    assert places.locate("沭阳县公安局城区派出所") == places.locate("沭阳县人民政府")


def test_locate_places_that_do_not_nest_keep_what_both_share() -> None:
    # 巢湖市 is now a county-level city of 合肥市, as is 庐江县: only 合肥市 is sure
    assert places.locate("巢湖市庐江县人民政府") == places.Place(
        "安徽省", "合肥市", "", "340100", "prefecture"
    )
    # 清河区 of 淮安 was merged away; the one of the table is in 铁岭: nothing is sure
    assert places.locate("淮安市清河区人民政府") is None


def test_locate_townships_and_unknown_places() -> None:
    assert places.locate("巨鹿县官亭镇人民政府") == places.Place(
        "河北省", "邢台市", "巨鹿县", "130529", "county"
    )
    assert places.locate("耒阳市马水镇人民政府") == places.Place(
        "湖南省", "衡阳市", "耒阳市", "430481", "county"
    )
    assert places.locate("沭阳县城区街道办事处") == places.locate(
        "沭阳县人民政府"
    )  # 城区 of 街道, not 山西's
    assert places.locate("官亭镇人民政府") is None
    assert places.locate("七里坪镇人民政府") is None
    assert places.locate("某区审计局") is None
    assert places.locate("") is None
    # an unknown place first: the real 东城区 in Beijing is not the 东城区 of 安平市
    assert places.locate("安平市东城区人民政府") is None
    assert places.locate("安兴县人民政府") is None  # not 兴县 of 山西
    # an unknown place after known ones only stops the reading
    wuhan = places.Place("湖北省", "武汉市", "", "420100", "prefecture")
    assert places.locate("武汉市生态环境局东湖生态旅游风景区分局") == wuhan


def test_locate_special_zone_is_the_county_it_covers() -> None:
    pingtan = places.Place("福建省", "福州市", "平潭县", "350128", "county")
    assert places.locate("平潭综合实验区") == pingtan
    assert places.locate("平潭综合实验区管委会") == pingtan
    assert places.locate("平潭综合实验区（管委会/全区汇总）") == pingtan
    assert places.locate("平潭县人民政府") == pingtan


def test_locate_xiongan_administers_three_counties_of_baoding() -> None:
    xiong = places.Place("河北省", "保定市", "雄县", "130638", "county")
    assert places.locate("河北雄安新区雄县人民政府") == xiong
    assert places.locate("保定市雄县人民政府") == xiong
    assert places.locate("雄安新区") == places.Place("河北省", "雄安新区", "", "133100", "prefecture")


def test_locate_national_bodies_name_their_place_after_themselves() -> None:
    assert places.locate("国家税务总局淮安市洪泽区税务局") == places.locate("洪泽区人民政府")


# ---- agency_key ---------------------------------------------------------------------------


def test_agency_key_follows_name_variants() -> None:
    key = places.agency_key
    assert key("洪泽区人民政府") == key("淮安市洪泽区人民政府") == "320813/人民政府"
    assert key("洪泽区政府") == key("江苏省淮安市洪泽区人民政府")
    assert key("平潭综合实验区") == key("平潭综合实验区管委会") == "350128/平潭综合实验区管理委员会"
    assert key("平潭综合实验区（管委会/全区汇总）") == key("平潭综合实验区管理委员会")
    assert key("平潭综合实验区") != key("平潭县人民政府")
    assert key("上海市人民政府办公厅") == key("上海市政府办公厅") == "310000/人民政府办公厅"
    assert key("《上海市人民政府办公厅》") == key("上海市 人民政府 办公厅")
    assert key("沭阳县人民政府") == key("沐阳县人民政府") == "321322/人民政府"
    assert key("洪泽区政府办") == key("洪泽区人民政府办公室") == "320813/人民政府办公室"
    assert key("上海市") == key("上海市人民政府")
    assert key("巨鹿县官亭镇人民政府") == "130529/官亭镇人民政府"


def test_agency_key_keeps_different_agencies_apart() -> None:
    key = places.agency_key
    assert key("洪泽区人民政府") != key("淮安市人民政府")
    assert key("上海市人民政府办公厅") != key("上海市人民政府")
    assert key("北京市朝阳区人民政府") != key("长春市朝阳区人民政府")
    assert key("县环保局") != key("淮安市生态环境局洪泽分局")  # a reorganisation
    assert key("洪泽区人民政府办公室") != key("洪泽区人民政府办公厅")
    assert key("洪泽区街道办事处") != key("洪泽区人民政府办公室")


def test_agency_key_of_unlocated_names_is_the_normalised_name() -> None:
    key = places.agency_key
    assert key("官亭镇 人民政府") == "官亭镇人民政府"
    assert key("朝阳区政府") == key("朝阳区人民政府") == "朝阳区人民政府"  # ambiguous: no code
    assert key("某区审计局（标题“2020年报_审计局”）") == "某区审计局"
    assert "/" not in key("七里坪镇人民政府")


# ---- agency_type --------------------------------------------------------------------------


def test_agency_type() -> None:
    t = places.agency_type
    for name in (
        "淮安市人民政府",
        "洪泽区政府",
        "上海市人民政府办公厅",
        "洪泽区政府办",
        "平潭综合实验区",
        "平潭综合实验区管委会",
        "苏州工业园区管理委员会",
        "上海市",
    ):
        assert t(name) == "government", name
    for name in (
        "淮安市生态环境局洪泽分局",
        "某区审计局",
        "淮安市发展和改革委员会",
        "江苏省教育厅",
        "淮安市城市管理委员会",
        "洪泽区人民政府金融工作办公室",
        "淮安市政务服务中心",
        "国家税务总局淮安市洪泽区税务局",
    ):
        assert t(name) == "department", name
    for name in (
        "巨鹿县官亭镇人民政府",
        "七里坪镇人民政府",
        "洪泽区高良涧街道办事处",
        "雄县某乡",
        "某某民族乡人民政府",
        "平潭综合实验区海坛片区管理局",
        "海坛片区管理局",
        "平潭综合实验区海坛片区管委会",
        "海坛片区管理委员会",
        "海坛片区管委会办公室",
    ):
        assert t(name) == "township", name
    # a 片区's own departments are departments; a free trade zone's 片区 is no township
    assert t("海坛片区社会事业局") == "department"
    assert t("中国（福建）自由贸易试验区平潭片区管委会") == "government"
    assert t("中国（上海）自由贸易试验区临港新片区管理委员会") == "government"
    for name in ("某某有限公司", "", "2020"):
        assert t(name) == "other", name
    assert set(places.TYPES) == {"government", "department", "township", "other"}


# ---- manifest -----------------------------------------------------------------------------


def _manifest(tmp_path: Path, text: str, name: str = "manifest.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


def test_manifest_overrides_agency_place_and_type(tmp_path: Path) -> None:
    path = _manifest(
        tmp_path,
        "file,agency,city,county,type,year,notes\n"
        "reports/qilipingzhen_2020.txt,七里坪镇人民政府,信阳市,商城县,,2020,site schy.gov.cn\n"
        "other/hongze.txt,,,,department,,\n"
        "# a comment\n"
        "\n"
        "chaoyang.txt,,,朝阳区,,,\n",
    )
    m = places.read_manifest(path)
    assert set(m) == {"reports/qilipingzhen_2020.txt", "other/hongze.txt", "chaoyang.txt"}
    e = m["reports/qilipingzhen_2020.txt"]
    assert (e.agency, e.prefecture, e.county, e.year, e.line) == (
        "七里坪镇人民政府",
        "信阳市",
        "商城县",
        2020,
        2,
    )

    info = places.resolve("/data/corpus/reports/qilipingzhen_2020.txt", "七里坪镇", m)
    assert info.from_manifest and info.agency == "七里坪镇人民政府"
    assert (info.province, info.prefecture, info.county, info.code) == (
        "河南省",
        "信阳市",
        "商城县",
        "411524",
    )
    assert info.type == "township" and info.level == "township" and info.year == 2020
    assert info.key == "411524/七里坪镇人民政府"

    # only the type is given: the place comes from the name
    info = places.resolve("other/hongze.txt", "淮安市洪泽区人民政府", m)
    assert (info.county, info.code, info.type, info.key) == (
        "洪泽区",
        "320813",
        "department",
        "320813/人民政府",
    )

    # an ambiguous county in the manifest is decided by a name that agrees with it
    info = places.resolve("x/chaoyang.txt", "北京市朝阳区人民政府", m)
    assert (info.province, info.county, info.code) == ("北京市", "朝阳区", "110105")
    info = places.resolve("x/chaoyang.txt", "朝阳区人民政府", m)
    assert (info.county, info.code, info.key) == ("朝阳区", "", "朝阳区人民政府")


def test_manifest_place_is_refined_by_a_name_that_agrees(tmp_path: Path) -> None:
    m = places.read_manifest(
        _manifest(tmp_path, "file,province,county\na.txt,江苏省,\nb.txt,北京市,朝阳区\nc.txt,,沭阳县\n")
    )
    a = places.resolve("a.txt", "淮安市洪泽区人民政府", m)
    assert (a.province, a.prefecture, a.county, a.code) == ("江苏省", "淮安市", "洪泽区", "320813")
    b = places.resolve("b.txt", "朝阳区人民政府", m)
    assert (b.province, b.prefecture, b.county, b.code, b.key) == (
        "北京市",
        "北京市",
        "朝阳区",
        "110105",
        "110105/人民政府",
    )
    # the manifest wins over a name that disagrees
    c = places.resolve("c.txt", "淮安市洪泽区人民政府", m)
    assert (c.province, c.prefecture, c.county, c.code, c.key) == (
        "江苏省",
        "宿迁市",
        "沭阳县",
        "321322",
        "321322/人民政府",
    )


def test_resolve_without_manifest_reads_the_name() -> None:
    info = places.resolve("a.txt", "淮安市洪泽区人民政府", None)
    assert info == places.AgencyInfo(
        key="320813/人民政府",
        agency="淮安市洪泽区人民政府",
        province="江苏省",
        prefecture="淮安市",
        county="洪泽区",
        code="320813",
        type="government",
        from_manifest=False,
        level="county",
    )
    empty = places.resolve("a.txt", None, {})
    assert (empty.key, empty.agency, empty.code, empty.type, empty.from_manifest) == (
        "",
        "",
        "",
        "other",
        False,
    )
    assert places.resolve("a.txt", "官亭镇人民政府").key == "官亭镇人民政府"
    assert places.resolve("", "沭阳县人民政府", {"a.txt": places.ManifestEntry("a.txt")}).code == "321322"
    assert (
        places.resolve(None, "沭阳县人民政府", {"a.txt": places.ManifestEntry("a.txt")}).from_manifest
        is False
    )


def test_manifest_matches_by_suffix_then_unique_file_name(tmp_path: Path) -> None:
    m = places.read_manifest(
        _manifest(
            tmp_path, "file,county\na/2024.txt,沭阳县\nb/2024.txt,洪泽区\nc/pingtan.html,平潭综合实验区\n"
        )
    )
    assert places.find_entry(m, "/x/a/2024.txt") == m["a/2024.txt"]
    assert places.find_entry(m, "2024.txt") is None  # two files of that name
    assert places.find_entry(m, "elsewhere/pingtan.html") == m["c/pingtan.html"]
    assert places.find_entry(m, "c/other.html") is None
    assert places.find_entry(None, "a/2024.txt") is None
    info = places.resolve("/y/c/pingtan.html", "平潭综合实验区管委会", m)
    assert (info.county, info.code, info.key) == (
        "平潭综合实验区",
        "350128",
        "350128/平潭综合实验区管理委员会",
    )


def test_manifest_reads_tsv_bom_and_gb18030(tmp_path: Path) -> None:
    m = places.read_manifest(_manifest(tmp_path, "\ufefffile\tagency\na.txt\t沭阳县人民政府\n", "m.tsv"))
    assert m["a.txt"].agency == "沭阳县人民政府"
    m = places.read_manifest(
        _manifest(tmp_path, "file,agency,level\nb.txt,淮安市人民政府,city\n", "gbk.csv", "gb18030")
    )
    assert (m["b.txt"].agency, m["b.txt"].level) == ("淮安市人民政府", "prefecture")


def test_corpus_index_reads_as_a_manifest(corpus: Path) -> None:
    m = places.read_manifest(corpus / "index.tsv")
    assert m["reports/suqian_shuyang_county_gov_2025.md"].agency == "沭阳县人民政府"
    assert m["reports/suqian_shuyang_county_gov_2025.md"].level == "county"
    fenju = m["reports/wuhan_sthjj_donghu_fenju_2023.excerpt.txt"]
    assert (fenju.level, fenju.type) == ("", "department")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("agency,county\n淮安市人民政府,\n", "m.csv:1: no 'file' column"),
        ("", "the manifest is empty"),
        (
            "file,agency\na.txt,x\nb.txt,y\na.txt,z\n",
            "m.csv:4: file 'a.txt' is listed again (first on line 2)",
        ),
        ("file,agency\n,淮安市人民政府\n", "m.csv:2: the 'file' cell is empty"),
        ("file,year\na.txt,2024年\n", "m.csv:2: year '2024年' is not a number"),
        ("file,type\na.txt,county\n", "m.csv:2: type 'county' is not one of"),
        ("file,level\na.txt,town\n", "m.csv:2: level 'town' is not one of"),
        ("file,agency\na.txt,x,extra\n", "m.csv:2: 3 cells but the header has 2"),
        ("file,city,prefecture\na.txt,x,y\n", "m.csv:1: both 'city' and 'prefecture'"),
        ("file,agency,Agency\na.txt,x,y\n", "m.csv:1: column 'agency' appears twice"),
    ],
)
def test_malformed_manifest_names_file_and_line(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(places.ManifestError, match=re.escape(message)):
        places.read_manifest(_manifest(tmp_path, text, "m.csv"))


def test_missing_manifest_is_a_manifest_error(tmp_path: Path) -> None:
    with pytest.raises(places.ManifestError, match="cannot read the manifest"):
        places.read_manifest(tmp_path / "absent.csv")
    assert issubclass(places.ManifestError, ValueError)


# ---- the corpus's agencies ----------------------------------------------------------------

_INDEX_TYPES = {"province": "government", "city": "government", "county": "government"}


def _region_names(region: str) -> dict[str, str] | None:
    """The division names a region of the corpus index gives, by level; None when it says the
    place is unknown. "平潭综合实验区(平潭县)" gives 平潭县; "保定市(雄安新区)" gives 保定市;
    names the table does not hold (东湖生态旅游风景区) give nothing."""
    if region.startswith("unknown"):
        return None
    levels: dict[str, set[str]] = {}
    for d in places.divisions():
        levels.setdefault(d.name, set()).add(d.level)
    out: dict[str, str] = {}
    for part in region.split("/"):
        outer, _, inner = part.partition("(")
        for name in (outer, inner.rstrip(")")):
            if name in levels:
                level = "province" if "province" in levels[name] else levels[name].pop()
                out.setdefault(level, name)
    if "平潭综合实验区" in region:
        out.update(prefecture="福州市", county="平潭县")  # the zone is 平潭县 (SPECIAL_ZONES)
    return out


def test_every_corpus_agency_is_placed_in_its_region(corpus: Path) -> None:
    rows = list(csv.DictReader((corpus / "index.tsv").open(encoding="utf-8"), delimiter="\t"))
    assert len(rows) >= 20
    located = 0
    for row in rows:
        want = _region_names(row["region"])
        got = places.locate(row["agency"])
        if want is None:
            assert got is None, row["agency"]
            continue
        assert got is not None, row["agency"]
        located += 1
        for level in places.LEVELS:
            assert getattr(got, level) == want.get(level, ""), (row["agency"], level)
        assert got.code, row["agency"]
        kind = _INDEX_TYPES.get(row["level"], row["level"])
        assert places.agency_type(row["agency"]) == kind, row["agency"]
    assert located >= 20


def test_corpus_agencies_keep_one_key_across_years(corpus: Path) -> None:
    rows = list(csv.DictReader((corpus / "index.tsv").open(encoding="utf-8"), delimiter="\t"))
    keys: dict[str, set[str]] = {}
    for row in rows:
        group = row["file"].split("/")[-1].split("_")[0:2]
        keys.setdefault("_".join(group), set()).add(places.agency_key(row["agency"]))
    assert keys["pingtan_gwh"] == {"350128/平潭综合实验区管理委员会"}
    assert keys["huaian_hongzequ"] == {"320813/人民政府"}
    assert keys["huaian_city"] == {"320800/人民政府"}


# ---- rendered agencies --------------------------------------------------------------------


def _rendered_places(name: str) -> tuple[str, str]:
    """(city, county) that render's generator put in ``name`` ("" when none), by its grammar:
    every invented place is two characters and a suffix."""
    stem = f"[{render._PLACE_FIRST}][{render._COUNTY_SECOND}]"
    depts = "|".join(sorted(set(render._DEPARTMENTS) | set(render._CITY_DEPARTMENTS), key=len, reverse=True))
    for pattern in (
        rf"(?P<county>{stem}[县区市])..(镇人民政府|乡人民政府|街道办事处)",
        rf"(?P<city>{stem}市)生态环境局(?P<county>{stem}[县区市])分局",
        rf"(?P<city>{stem}市)(?P<county>{stem}区)人民政府",
        rf"(?P<county>{stem}[县区市])({depts}|人民政府)",
        rf"(?P<city>{stem}市)({depts}|人民政府)",
    ):
        m = re.fullmatch(pattern, name)
        if m:
            d = m.groupdict()
            return d.get("city") or "", d.get("county") or ""
    raise AssertionError(f"not a rendered agency: {name}")


def _within(d: places.Division, outer: places.Division) -> bool:
    by_code = {x.code: x for x in places.divisions()}
    while d.parent:
        d = by_code[d.parent]
        if d.code == outer.code:
            return True
    return False


def test_rendered_agencies_locate_to_the_generator_place_or_nowhere() -> None:
    """Names of ``render.random_report`` mix invented and real places (安平县 and 南平市 are
    real; 安兴县 is not, though 兴县 is). Where the generator's place is a real division the
    name locates to it; an invented place never locates to a real one."""
    by_name: dict[str, list[places.Division]] = {}
    for d in places.divisions():
        by_name.setdefault(d.name, []).append(d)
    rng = np.random.default_rng(20251129)
    kinds = ("township", "county_dept", "county_gov", "city_dept", "city_gov")
    real = fictitious = 0
    for i in range(500):
        kind = kinds[i % len(kinds)]
        name = render.random_report(rng, kind=kind).agency
        city, county = _rendered_places(name)
        got = places.locate(name)
        # the type is the generator's kind; a government's office is part of the government
        want_type = {"township": "township", "county_gov": "government", "city_gov": "government"}.get(
            kind, "government" if name.endswith("人民政府办公室") else "department"
        )
        assert places.agency_type(name) == want_type, name

        cities = by_name.get(city, []) if city else []
        counties = by_name.get(county, []) if county else []
        if city and not cities:
            assert got is None, name  # the county of an invented city is not a real one
            fictitious += 1
            continue
        if city and county:
            inside = [k for k in counties if any(_within(k, c) for c in cities)]
            if inside:
                assert got is not None and got.code == inside[0].code and len(inside) == 1, name
                real += 1
            elif not counties or "分局" in name:
                # an invented county, or one elsewhere after the agency word: the city is sure
                assert got is not None and got.code == (cities[0].code if len(cities) == 1 else ""), name
                fictitious += 1
            else:
                # two real places that do not nest: at most what both share
                if got is not None:
                    assert got.code and all(
                        _within(x, places.Division(got.code, "", "", "")) or x.code == got.code
                        for x in (cities[0], counties[0])
                    ), name
                fictitious += 1
            continue
        named = counties or cities
        if not named:
            assert got is None, name
            fictitious += 1
        elif len(named) == 1:
            assert got is not None and got.code == named[0].code, name
            real += 1
        else:
            assert got is not None and got.code == "" and (county or city) in (got.county, got.prefecture), (
                name
            )
            real += 1
    assert real > 30 and fictitious > 300, (real, fictitious)
