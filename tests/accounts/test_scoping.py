"""Scope across the 2025 reform, on real units and real records (establishments)."""

import pytest
from django.http import Http404

from khuyencong.accounts.scoping import get_visible_or_404, visible
from khuyencong.geo.models import AdminUnit, UnitSuccession
from khuyencong.geo.selectors import unit_get
from khuyencong.registry.derive import apply_derived
from khuyencong.registry.models import Establishment

pytestmark = pytest.mark.django_db


def _establishment(code: str, commune: AdminUnit) -> Establishment:
    record = Establishment(code=code, name=f"Cơ sở {code}", kind="HKD", commune=commune)
    apply_derived(record)
    record.save()
    return record


@pytest.fixture
def records():
    old_phu_nghia = unit_get(code="10033", hierarchy="legacy")  # old Xã Phú Nghĩa, huyện Chương Mỹ
    new_phu_nghia = unit_get(code="10030")  # new Xã Phú Nghĩa
    hanoi_old = unit_get(code="01", hierarchy="legacy")
    split = UnitSuccession.objects.filter(old__province=hanoi_old, partial=True).select_related("old").first().old
    return {
        "old": _establishment("OLD", old_phu_nghia),
        "new": _establishment("NEW", new_phu_nghia),
        "split": _establishment("SPLIT", split),
        "ba_dinh": _establishment("BD", unit_get(code="00004")),
        "hcm": _establishment("HCM", unit_get(code="79").children.order_by("code").first()),
        "split_unit": split,
    }


def _codes(user):
    return set(visible(Establishment, user).values_list("code", flat=True))


def test_old_record_gets_its_current_commune(records):
    assert records["old"].current_commune.code == "10030"
    assert records["new"].current_commune == records["new"].commune
    assert records["split"].current_commune is None  # flagged until an officer chooses


def test_current_commune_officer_sees_old_records_of_the_area(make_user, records):
    officer = make_user("pn", role="local_officer", unit="10030")
    assert _codes(officer) == {"OLD", "NEW"}


def test_legacy_district_officer_sees_old_communes_and_successor_communes(make_user, records):
    officer = make_user("cm", role="local_officer", unit="277", hierarchy="legacy")
    assert _codes(officer) == {"OLD", "NEW"}


def test_split_commune_record_is_visible_to_every_successor(make_user, records):
    successors = list(records["split_unit"].successions.values_list("new__code", flat=True))
    assert len(successors) >= 2
    for index, code in enumerate(successors):
        officer = make_user(f"s{index}", role="local_officer", unit=code)
        assert "SPLIT" in _codes(officer)


def test_province_staff_see_the_province_and_nothing_else(make_user, records):
    staff = make_user("hn", role="centre_staff", unit="01")
    assert _codes(staff) == {"OLD", "NEW", "SPLIT", "BD"}
    assert "HCM" not in _codes(staff)


def test_out_of_scope_object_is_a_404(make_user, records):
    officer = make_user("pn", role="local_officer", unit="10030")
    assert get_visible_or_404(Establishment, officer, code="OLD").code == "OLD"
    with pytest.raises(Http404):
        get_visible_or_404(Establishment, officer, code="BD")


def test_nationwide_assignment_and_anonymous(make_user, records):
    national = make_user("tw", role="viewer", unit=None)
    assert _codes(national) == {"OLD", "NEW", "SPLIT", "BD", "HCM"}
    from django.contrib.auth.models import AnonymousUser

    assert _codes(AnonymousUser()) == set()
