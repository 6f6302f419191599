import datetime

import pytest
from django.http import Http404

from khuyencong.registry.models import CraftVillageYear, VillageCriteria
from khuyencong.registry.paging import seek_page
from khuyencong.registry.selectors import (
    establishment_get,
    establishment_list,
    product_list,
    village_criteria_check,
    village_list,
)
from khuyencong.registry.services import product_create, village_year_upsert
from tests.registry.conftest import unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def places(make_est, make_village):
    """Records in old Chương Mỹ (legacy communes) and under today's communes, plus one in Hà Đông."""
    village = make_village("Làng nghề Vạn Phúc", commune=("legacy", "09544"), recognition="lang_nghe_truyen_thong",
                           recognition_year=2001)
    return {
        "old_phunghia": make_est("Mây tre Phú Vinh cũ", commune=("legacy", "10033"), kind="HTX"),
        "new_phunghia": make_est("Mây tre Phú Nghĩa mới", commune=("current", "10030"), polluting=True),
        "old_phungchau": make_est("Cơ khí Phụng Châu", commune=("legacy", "10021"), kind="DN"),
        "hadong": make_est("Lụa Vạn Phúc", commune=("legacy", "09544"), craft_village=village),
        "village": village,
    }


def names(qs):
    return sorted(e.name for e in qs)


def test_search_ignores_diacritics_and_case(places, make_user):
    user = make_user("canbo")
    assert names(village_list(user=user, filters={"q": "lang nghe van phuc"})) == ["Làng nghề Vạn Phúc"]
    assert names(village_list(user=user, filters={"q": "LÀNG NGHỀ vạn phúc"})) == ["Làng nghề Vạn Phúc"]
    assert names(establishment_list(user=user, filters={"q": "may tre"})) == ["Mây tre Phú Nghĩa mới",
                                                                              "Mây tre Phú Vinh cũ"]


def test_old_district_officer_sees_old_communes_and_their_successors(places, make_user):
    officer = make_user("chuongmy", role="local_officer", unit="277", hierarchy="legacy")
    assert names(establishment_list(user=officer)) == ["Cơ khí Phụng Châu", "Mây tre Phú Nghĩa mới",
                                                       "Mây tre Phú Vinh cũ"]
    with pytest.raises(Http404):
        establishment_get(user=officer, pk=places["hadong"].pk)


def test_current_commune_officer_sees_legacy_records_mapped_to_it(places, make_user):
    officer = make_user("phunghia", role="local_officer", unit="10030")
    assert names(establishment_list(user=officer)) == ["Mây tre Phú Nghĩa mới", "Mây tre Phú Vinh cũ"]
    with pytest.raises(Http404):
        establishment_get(user=officer, pk=places["old_phungchau"].pk)


def test_unit_filter_in_either_hierarchy(places, make_user):
    user = make_user("canbo")
    old_district = unit("legacy", "277")
    new_commune = unit("current", "10030")
    hadong_old = unit("legacy", "268")
    assert names(establishment_list(user=user, filters={"unit": old_district})) == [
        "Cơ khí Phụng Châu", "Mây tre Phú Nghĩa mới", "Mây tre Phú Vinh cũ"]
    assert names(establishment_list(user=user, filters={"unit": new_commune})) == [
        "Mây tre Phú Nghĩa mới", "Mây tre Phú Vinh cũ"]
    assert names(establishment_list(user=user, filters={"unit": hadong_old})) == ["Lụa Vạn Phúc"]
    assert names(village_list(user=user, filters={"unit": unit("current", "09556")})) == ["Làng nghề Vạn Phúc"]


def test_other_filters(places, make_user, make_est):
    user = make_user("canbo")
    assert names(establishment_list(user=user, filters={"kind": "DN"})) == ["Cơ khí Phụng Châu"]
    assert names(establishment_list(user=user, filters={"polluting": True})) == ["Mây tre Phú Nghĩa mới"]
    assert names(establishment_list(user=user, filters={"recognition": "lang_nghe_truyen_thong"})) == ["Lụa Vạn Phúc"]
    split = make_est("Gốm Bát Tràng cũ", commune=("legacy", "00583"))
    assert list(establishment_list(user=user, filters={"unplaced": True})) == [split]
    craft = places["village"].crafts.get()
    assert names(establishment_list(user=user, filters={"craft": craft.pk})) == ["Lụa Vạn Phúc"]


def test_products_are_scoped_through_their_establishment(places, make_user):
    staff = make_user("canbo")
    product_create(actor=staff, code="P1", name="Giỏ mây", establishment=places["old_phunghia"])
    product_create(actor=staff, code="P2", name="Khăn lụa", establishment=places["hadong"])
    officer = make_user("phunghia", role="local_officer", unit="10030")
    assert names(product_list(user=officer)) == ["Giỏ mây"]
    assert names(product_list(user=staff, filters={"unit": unit("legacy", "268")})) == ["Khăn lụa"]
    assert names(product_list(user=staff, filters={"q": "gio may"})) == ["Giỏ mây"]


def test_seek_pagination_walks_every_row_once(make_est, make_user):
    for i in range(7):
        make_est(f"Cơ sở {i % 3}", workers=None if i == 2 else i)
    user = make_user("canbo")
    for sort in ("name", "-name", "workers", "-workers", "code"):
        seen, cursor = [], None
        while True:
            page = seek_page(establishment_list(user=user), sort=sort, cursor=cursor, page_size=3)
            seen += [e.pk for e in page.rows]
            cursor = page.next_cursor
            if not cursor:
                break
        assert len(seen) == 7 and len(set(seen)) == 7, sort
        # Walking back from the last page gives the same pages in reverse.
        back, before = [], page.prev_cursor
        while before:
            prev = seek_page(establishment_list(user=user), sort=sort, before=before, page_size=3)
            back = [e.pk for e in prev.rows] + back
            before = prev.prev_cursor
        assert back + [e.pk for e in page.rows] == seen, sort
    assert seek_page(establishment_list(user=user), sort="name", cursor="rác!!", page_size=3).is_first
    from khuyencong.registry.paging import _encode

    for forged in (_encode("abc", 1), _encode(10**30, 1), _encode(5, 10**30)):
        assert seek_page(establishment_list(user=user), sort="workers", cursor=forged, page_size=3).is_first


def test_criteria_check_last_two_years(make_village, staff):
    village = make_village()
    village_year_upsert(actor=staff, village=village, year=2014, households=100, craft_households=25,
                        production_value=10**9)
    check = village_criteria_check(village)
    assert not check.met and "mới có 1 năm" in check.reasons[0]
    village_year_upsert(actor=staff, village=village, year=2015, households=100, craft_households=19,
                        production_value=10**9)
    check = village_criteria_check(village)
    assert not check.met and any("19,0% hộ làm nghề, dưới mức 20" in r for r in check.reasons)
    village_year_upsert(actor=staff, village=village, year=2015, households=100, craft_households=20,
                        production_value=10**9)
    assert village_criteria_check(village).met
    # Gap between the last two recorded years.
    CraftVillageYear.objects.filter(year=2014).update(year=2012)
    assert any("không liên tiếp" in r for r in village_criteria_check(village).reasons)


def test_criteria_thresholds_are_data(make_village, staff):
    village = make_village()
    for year in (2014, 2015):
        village_year_upsert(actor=staff, village=village, year=year, households=100, craft_households=25,
                            workers=50)
    assert village_criteria_check(village).met
    VillageCriteria.objects.create(legal_basis="Quy định mới (giả định)", valid_from=datetime.date(2030, 1, 1),
                                   min_craft_household_share=30, min_stable_years=2)
    assert village_criteria_check(village).met  # not yet in force
    assert not village_criteria_check(village, on=datetime.date(2031, 1, 1)).met


def test_location_rule_in_both_hierarchies(places, make_est, make_user, django_assert_num_queries):
    """geo.selectors.located_in_q is the one rule: list filters and scopes both use it. It evaluates its
    unit sets first (two small queries) and then filters with literal id lists."""
    from khuyencong.accounts.scoping import visible
    from khuyencong.geo.selectors import located_in_q, unit_successors
    from khuyencong.registry.models import Establishment

    split = make_est("Gốm Bát Tràng cũ (xã bị chia)", commune=("legacy", "00583"))
    assert split.current_commune is None
    rows = Establishment.objects.all()
    successors = list(unit_successors(unit("legacy", "00583")))
    assert len(successors) > 1
    for new_commune in successors:  # an unplaced record of a split commune shows under each successor
        assert split in rows.filter(located_in_q(new_commune))
    old_district = unit("legacy", "277")
    with django_assert_num_queries(2):
        legacy_district = located_in_q(old_district)
    assert names(rows.filter(legacy_district)) == ["Cơ khí Phụng Châu", "Mây tre Phú Nghĩa mới",
                                                   "Mây tre Phú Vinh cũ"]
    assert names(rows.filter(located_in_q(unit("current", "10030")))) == ["Mây tre Phú Nghĩa mới",
                                                                          "Mây tre Phú Vinh cũ"]
    assert names(rows.filter(located_in_q(unit("legacy", "10033")))) == ["Mây tre Phú Nghĩa mới",
                                                                         "Mây tre Phú Vinh cũ"]
    for hierarchy, code in (("legacy", "277"), ("legacy", "00583"), ("current", "01"), ("current", "10030")):
        officer = make_user(f"u{hierarchy}{code}", role="local_officer", unit=code, hierarchy=hierarchy)
        assert set(visible(rows, officer)) == set(rows.filter(located_in_q(unit(hierarchy, code))))
