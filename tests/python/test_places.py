"""The bundled table of administrative divisions and the OCR correction of agency names."""

from __future__ import annotations

import gongkai
from gongkai import places


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
