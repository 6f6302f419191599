"""The registry forms: every error in one pass, duplicates flagged before saving, automatic codes, units by name."""

import pytest
from django.urls import reverse

from khuyencong.core.audit import audit_history
from khuyencong.geo.models import AdminUnit
from khuyencong.registry.models import CraftVillage, DuplicateFlag, DuplicateStatus, Establishment, Product
from tests.registry.conftest import unit

pytestmark = pytest.mark.django_db

NEW = {"name": "Cơ sở thử nghiệm A", "kind": "HKD", "commune_code": "10030", "commune_hierarchy": "current"}


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def test_field_rules_and_service_rules_are_reported_together(staff_client):
    url = reverse("registry:establishment_create")
    response = staff_client.post(url, NEW | {"name": "", "tax_code": "12345", "workers": "-5"})
    errors = response.context["form"].errors
    assert set(errors) == {"name", "tax_code", "workers"}
    body = response.content.decode()
    assert "Mã số thuế “12345” không hợp lệ" in body and "Số lao động không được âm." in body
    assert not Establishment.objects.exists()


def test_a_used_code_and_tax_code_show_with_the_field_errors(staff_client, make_est):
    make_est("Cơ sở có sẵn", code="CS-1", tax_code="0101234567")
    response = staff_client.post(reverse("registry:establishment_create"),
                                 NEW | {"code": "CS-1", "tax_code": "0101234567", "founded_year": "1200"})
    assert set(response.context["form"].errors) == {"code", "tax_code", "founded_year"}
    body = response.content.decode()
    assert "Mã “CS-1” đã được dùng cho cơ sở khác." in body and "(mã cơ sở CS-1)" in body


def test_village_form_reports_a_used_code_with_missing_crafts(staff_client, make_village):
    make_village("Làng có sẵn", code="LN-1")
    response = staff_client.post(reverse("registry:village_create"), {
        "code": "LN-1", "name": "Làng mới", "commune_code": "10030", "commune_hierarchy": "current",
        "crafts": " ; ", "recognition": "lang_nghe"})
    assert set(response.context["form"].errors) == {"code", "crafts", "recognition_year"}


def test_a_commune_outside_the_officers_units_is_shown_before_saving(client, make_user):
    client.force_login(make_user("phunghia", role="local_officer", unit="10030"))
    response = client.post(reverse("registry:establishment_create"),
                           NEW | {"commune_code": "00577", "workers": "-1"})
    assert set(response.context["form"].errors) == {"commune", "workers"}
    assert "Xã/phường này nằm ngoài địa bàn bạn được sửa." in response.content.decode()


# --- duplicates before saving ------------------------------------------------------------------------------

def test_a_likely_duplicate_is_shown_and_not_saved_until_confirmed(staff_client, staff):
    url = reverse("registry:establishment_create")
    assert staff_client.post(url, NEW).status_code == 302
    first = Establishment.objects.get()
    response = staff_client.post(url, NEW)
    assert response.status_code == 200 and Establishment.objects.count() == 1
    body = response.content.decode()
    assert "Có thể trùng với cơ sở đã có trong sổ" in body
    assert first.code in body and "100%" in body and "Tôi đã kiểm tra, đây không phải trùng lặp" in body

    response = staff_client.post(url, NEW | {"confirm_not_duplicate": "on"})
    assert response.status_code == 302 and Establishment.objects.count() == 2
    second = Establishment.objects.exclude(pk=first.pk).get()
    flag = DuplicateFlag.objects.get()
    assert flag.status == DuplicateStatus.NOT_DUPLICATE and flag.resolved_by == staff and flag.score == 100
    summaries = [e.summary for e in audit_history(second)]
    assert f"Xác nhận không trùng với “Cơ sở thử nghiệm A” (mã {first.code})" in summaries
    # nothing waits on the review page: the person who saved it has decided
    assert "Cơ sở thử nghiệm A" not in staff_client.get(reverse("registry:duplicate_list")).content.decode()


def test_editing_another_field_does_not_ask_again(staff_client, make_est):
    make_est("Cơ sở thử nghiệm A", commune=("current", "10030"))
    twin = make_est("Cơ sở thử nghiệm A", commune=("current", "10030"), code="T-TWIN")
    data = NEW | {"code": "T-TWIN", "workers": "7"}
    response = staff_client.post(reverse("registry:establishment_edit", args=[twin.pk]), data)
    assert response.status_code == 302
    twin.refresh_from_db()
    assert twin.workers == 7


def test_duplicates_are_checked_while_typing(staff_client, make_est):
    existing = make_est("Cơ sở thử nghiệm A", commune=("current", "10030"))
    url = reverse("registry:duplicate_check")
    body = staff_client.get(url, {"name": "co so thu nghiem a", "commune_code": "phu nghia",
                                  "commune_hierarchy": "current"}).content.decode()
    assert existing.code in body and "100%" in body
    body = staff_client.get(url, {"name": "Xưởng gỗ khác hẳn", "commune_code": "10030"}).content.decode()
    assert existing.code not in body


def test_the_check_while_typing_reveals_nothing_outside_the_users_units(client, make_user, make_est):
    make_est("Gốm Minh Hải", commune=("current", "00577"), code="BT-1")
    client.force_login(make_user("phunghia", role="local_officer", unit="10030"))
    body = client.get(reverse("registry:duplicate_check"), {"name": "Gốm Minh Hải", "commune_code": "00577"})
    assert "BT-1" not in body.content.decode()


# --- automatic codes ---------------------------------------------------------------------------------------

def test_records_left_without_a_code_get_the_next_one(staff_client, make_est):
    make_est("Nhập từ tệp", code="CS-000001", commune=("current", "00577"))  # an import used the pattern
    response = staff_client.post(reverse("registry:establishment_create"), NEW)
    est = Establishment.objects.get(name="Cơ sở thử nghiệm A")
    assert est.code == "CS-000002"
    assert "Đã lưu cơ sở CS-000002" in staff_client.get(response.url).content.decode()

    staff_client.post(reverse("registry:village_create"), {
        "name": "Làng thử", "commune_code": "10030", "commune_hierarchy": "current", "crafts": "mây tre đan",
        "recognition": "none"})
    assert CraftVillage.objects.get(name="Làng thử").code == "LN-000001"
    staff_client.post(reverse("registry:product_create"), {"name": "Khay mây", "establishment_code": est.code})
    assert Product.objects.get(name="Khay mây").code == "SP-000001"


def test_an_emptied_code_on_edit_keeps_the_records_own(staff_client, make_est):
    est = make_est("Cơ sở B", commune=("current", "10030"), code="CS-B")
    staff_client.post(reverse("registry:establishment_edit", args=[est.pk]),
                      NEW | {"name": "Cơ sở B", "code": "", "workers": "3"})
    est.refresh_from_db()
    assert est.code == "CS-B" and est.workers == 3


# --- the unit picker ---------------------------------------------------------------------------------------

def test_a_commune_typed_by_name_is_found_in_the_users_units(staff_client):
    response = staff_client.post(reverse("registry:establishment_create"), NEW | {"commune_code": "phu nghia"})
    assert response.status_code == 302
    assert Establishment.objects.get().commune == unit("current", "10030")
    # the old hierarchy: "Xã Phú Nghĩa" exists in four provinces, one of them in the user's Hà Nội
    staff_client.post(reverse("registry:establishment_create"),
                      NEW | {"name": "Cơ sở cũ", "commune_code": "Xã Phú Nghĩa", "commune_hierarchy": "legacy"})
    assert Establishment.objects.get(name="Cơ sở cũ").commune == unit("legacy", "10033")


def test_an_ambiguous_name_lists_the_candidates_with_codes_and_where_they_lie(staff_client):
    url = reverse("registry:establishment_create")
    # Xã Đông Xuân of Sóc Sơn and of Quốc Oai, Phường Đồng Xuân of Hoàn Kiếm: one folded name in Hà Nội
    sources = AdminUnit.objects.filter(hierarchy="legacy", level="commune", search_name__endswith=" dong xuan",
                                       province__code="01").select_related("district")
    assert sources.count() == 3
    response = staff_client.post(url, NEW | {"commune_code": "dong xuan", "commune_hierarchy": "legacy"})
    body = response.content.decode()
    assert "Có 3 đơn vị tên “dong xuan” trong hệ thống trước 01/07/2025" in body
    for source in sources:
        assert f"{source.name} [{source.code}] — {source.district.name}, Thành phố Hà Nội" in body
    assert not Establishment.objects.exists()
    quoc_oai = sources.get(district__name="Huyện Quốc Oai")
    response = staff_client.post(url, NEW | {"commune_code": "dong xuan, quoc oai", "commune_hierarchy": "legacy"})
    assert response.status_code == 302 and Establishment.objects.get().commune == quoc_oai


def test_the_form_offers_matches_and_no_placeholder_that_looks_like_a_value(staff_client):
    page = staff_client.get(reverse("registry:establishment_create")).content.decode()
    assert 'placeholder="10030"' not in page
    assert 'id="id_commune_code"' in page and 'id="id_commune_hierarchy"' in page
    assert reverse("geo:unit_options") in page and 'list="id_commune_options"' in page
    options = staff_client.get(reverse("geo:unit_options"), {"commune_code": "phu nghia", "level": "commune",
                                                            "commune_hierarchy": "current"}).content.decode()
    # the folded name is in the option's text, or the browser would hide it from someone typing "phu nghia"
    assert '<option value="10030">Xã Phú Nghĩa — Thành phố Hà Nội (xã/phường) · xa phu nghia</option>' in options
    legacy = staff_client.get(reverse("geo:unit_options"), {"commune_code": "phu nghia", "level": "commune",
                                                           "commune_hierarchy": "legacy"}).content.decode()
    assert '<option value="10033">Xã Phú Nghĩa — Huyện Chương Mỹ, Thành phố Hà Nội' in legacy


def test_a_split_communes_choice_is_typed_by_name_too(staff_client):
    from khuyencong.geo.models import UnitSuccession

    split = UnitSuccession.objects.filter(partial=True, old__province__code="01").select_related("old", "new").first()
    response = staff_client.post(reverse("registry:establishment_create"), NEW | {
        "commune_code": split.old.code, "commune_hierarchy": "legacy", "current_commune_code": split.new.name})
    assert response.status_code == 302
    assert Establishment.objects.get().current_commune == split.new
