"""The real units from vietnam-provinces: counts, subtrees and the old → new links."""

import json

import pytest
from django.core.management import CommandError, call_command

from khuyencong.geo.models import AdminUnit, Hierarchy, Level, UnitSuccession
from khuyencong.geo.selectors import (
    UnitNotFound,
    current_commune_for,
    normalize_code,
    unit_get,
    unit_predecessors,
    unit_subtree,
    unit_successors,
)
from khuyencong.geo.services.units import units_load

pytestmark = pytest.mark.django_db


def test_national_counts_in_both_hierarchies():
    current = AdminUnit.objects.filter(hierarchy=Hierarchy.CURRENT)
    legacy = AdminUnit.objects.filter(hierarchy=Hierarchy.LEGACY)
    assert current.filter(level=Level.PROVINCE).count() == 34
    assert current.filter(level=Level.COMMUNE).count() == 3321
    assert legacy.filter(level=Level.PROVINCE).count() == 63
    assert legacy.filter(level=Level.DISTRICT).count() == 696
    assert legacy.filter(level=Level.COMMUNE).count() == 10051
    assert not legacy.exclude(valid_to="2025-06-30").exists()


def test_hanoi_current_has_126_communes_51_wards():
    hanoi = unit_get(code="01")
    communes = unit_subtree(hanoi, level=Level.COMMUNE)
    assert communes.count() == 126
    assert communes.filter(division_type="phường").count() == 51
    assert communes.filter(division_type="xã").count() == 75


def test_hanoi_legacy_has_30_districts_526_communes():
    hanoi = unit_get(code="1", hierarchy=Hierarchy.LEGACY)
    assert unit_subtree(hanoi, level=Level.DISTRICT).count() == 30
    assert unit_subtree(hanoi, level=Level.COMMUNE).count() == 526


def test_codes_are_reused_so_the_key_is_hierarchy_and_code():
    new = unit_get(code="00004", hierarchy=Hierarchy.CURRENT)
    old = unit_get(code="4", hierarchy=Hierarchy.LEGACY, level=Level.COMMUNE)
    assert new.name == "Phường Ba Đình"
    assert old.name == "Phường Trúc Bạch"
    assert old in unit_predecessors(new)


def test_old_phu_nghia_goes_to_new_phu_nghia():
    old = unit_get(code="10033", hierarchy=Hierarchy.LEGACY)
    assert [(u.code, u.name) for u in unit_successors(old)] == [("10030", "Xã Phú Nghĩa")]
    assert current_commune_for(old).code == "10030"


def test_split_commune_has_no_single_current_commune():
    hanoi_old = unit_get(code="01", hierarchy=Hierarchy.LEGACY)
    split = UnitSuccession.objects.filter(old__province=hanoi_old, partial=True).values("old").distinct()
    assert split.count() == 198
    old = AdminUnit.objects.get(pk=split[0]["old"])
    assert unit_successors(old).count() >= 2
    assert current_commune_for(old) is None


def test_district_successors_are_its_communes_successors():
    chuong_my = unit_get(code="277", hierarchy=Hierarchy.LEGACY)
    names = set(unit_successors(chuong_my).values_list("name", flat=True))
    assert "Xã Phú Nghĩa" in names
    assert all(u.hierarchy == Hierarchy.CURRENT for u in unit_successors(chuong_my))


def test_load_is_idempotent():
    before = (AdminUnit.objects.count(), UnitSuccession.objects.count())
    summary = units_load()
    assert (AdminUnit.objects.count(), UnitSuccession.objects.count()) == before
    assert summary.current["commune"] == 3321


def test_communes_carry_coordinates_where_the_data_has_them():
    unit = unit_get(code="10030")
    assert 20 < unit.latitude < 22 and 105 < unit.longitude < 106


@pytest.mark.parametrize(("raw", "level", "expected"), [("1", None, "01"), ("4", "commune", "00004"),
                                                        ("277", None, "277"), (" 10033 ", None, "10033")])
def test_codes_accept_missing_padding(raw, level, expected):
    assert normalize_code(raw, level) == expected


@pytest.mark.parametrize("raw", ["abc", "99999", "", "01a"])
def test_unknown_or_malformed_codes_raise_a_clear_message(raw):
    with pytest.raises(UnitNotFound, match="Mã đơn vị|Không tìm thấy"):
        unit_get(code=raw)


def test_units_command_lists_hanoi_communes_as_json(capsys):
    call_command("units", "01", hierarchy="current", level="commune", json=True)
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 126
    assert {"hierarchy": "current", "level": "commune", "code": "00004", "name": "Phường Ba Đình",
            "division_type": "phường", "parent_code": "01"} in rows


def test_units_resolve_command_both_ways(capsys):
    call_command("units", "resolve", "10033", source="legacy", json=True)
    assert [r["code"] for r in json.loads(capsys.readouterr().out)] == ["10030"]
    call_command("units", "resolve", "4", source="current")
    out = capsys.readouterr().out
    assert "Phường Trúc Bạch" in out and "Phường Quán Thánh" in out


def test_units_command_unknown_code_is_a_command_error():
    with pytest.raises(CommandError, match="Không tìm thấy đơn vị có mã “99999”"):
        call_command("units", "99999")
    with pytest.raises(CommandError, match="--from"):
        call_command("units", "resolve", "10033")
