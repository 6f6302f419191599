import re

import pytest
from django.urls import reverse

from khuyencong.registry.models import CraftVillageYear, DuplicateFlag, DuplicateStatus, Establishment
from khuyencong.registry.services import product_create

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


FORM = {"code": "CS-9", "name": "Công ty TNHH Mây tre Phú Vinh", "kind": "DN", "tax_code": "0101234567",
        "commune_code": "10033", "commune_hierarchy": "legacy", "workers": "12"}


def test_lists_and_map_render(client, make_user, make_est, make_village):
    make_village("Làng gốm Bát Tràng", commune=("current", "00577"))
    make_est("Gốm Minh Hải", commune=("current", "00577"))
    login(client, make_user("canbo"))
    for name in ("establishment_list", "village_list", "product_list", "village_map", "duplicate_list"):
        response = client.get(reverse(f"registry:{name}"))
        assert response.status_code == 200, name
    page = client.get(reverse("registry:establishment_list"), {"q": "gom minh hai", "unit_code": "00577",
                                                               "unit_hierarchy": "current", "sort": "-name"})
    assert "Gốm Minh Hải" in page.content.decode()
    svg = client.get(reverse("registry:village_map")).content.decode()
    assert 'class="village-point"' in svg and "Làng gốm Bát Tràng" in svg and "<image" not in svg
    assert re.search(r'cx="\d+(\.\d+)?" cy="\d+(\.\d+)?"', svg)  # SVG numbers are never localised (209,9)


def test_unknown_or_wrong_hierarchy_unit_in_the_filter(client, make_user):
    login(client, make_user("canbo"))
    body = client.get(reverse("registry:establishment_list"), {"unit_code": "99999"}).content.decode()
    assert "Không tìm thấy đơn vị có mã" in body
    # 10033 exists only in the legacy hierarchy.
    body = client.get(reverse("registry:establishment_list"),
                      {"unit_code": "10033", "unit_hierarchy": "current"}).content.decode()
    assert "Không tìm thấy đơn vị có mã “10033” trong hệ thống hiện hành" in body


def test_create_keeps_typed_values_on_error_then_saves(client, make_user, make_est):
    make_est("Công ty khác", code="CS-1", tax_code="0101234567")
    login(client, make_user("canbo"))
    url = reverse("registry:establishment_create")
    body = client.post(url, FORM | {"workers": "-3"}).content.decode()
    assert "Số lao động không được âm." in body
    assert 'value="Công ty TNHH Mây tre Phú Vinh"' in body and 'value="10033"' in body
    body = client.post(url, FORM).content.decode()
    assert "đã được đăng ký cho cơ sở khác (mã cơ sở CS-1)" in body and 'value="CS-9"' in body
    body = client.post(url, FORM | {"tax_code": "", "commune_code": "10033", "commune_hierarchy": "current"})
    assert "trong hệ thống hiện hành" in body.content.decode()
    body = client.post(url, FORM | {"tax_code": "", "commune_code": "77777"}).content.decode()
    assert "Không tìm thấy đơn vị có mã “77777”" in body
    assert not Establishment.objects.filter(code="CS-9").exists()
    response = client.post(url, FORM | {"tax_code": "0109999999"})
    est = Establishment.objects.get(code="CS-9")
    assert response.status_code == 302 and response.url == reverse("registry:establishment_detail", args=[est.pk])
    detail = client.get(response.url).content.decode()
    assert "Đã lưu cơ sở CS-9" in detail and "Lịch sử thay đổi" in detail and "canbo" in detail


def test_edit_shows_history_old_to_new(client, make_user, make_est):
    est = make_est("Cơ sở cũ", workers=5)
    login(client, make_user("canbo"))
    data = FORM | {"code": est.code, "name": "Cơ sở mới", "tax_code": "", "workers": "8"}
    client.post(reverse("registry:establishment_edit", args=[est.pk]), data)
    body = client.get(reverse("registry:establishment_detail", args=[est.pk])).content.decode()
    assert "Cơ sở cũ → Cơ sở mới" in body and "5 → 8" in body


def test_roles_and_scope(client, make_user, make_est):
    inside = make_est("Trong Chương Mỹ", commune=("legacy", "10033"))
    outside = make_est("Ở Bát Tràng", commune=("current", "00577"))
    viewer = make_user("xem", role="viewer", unit="01")
    login(client, viewer)
    body = client.get(reverse("registry:establishment_detail", args=[inside.pk])).content.decode()
    assert "disabled" in body and "Chỉ Quản trị hệ thống, Cán bộ Trung tâm, Cán bộ địa phương được sửa cơ sở" in body
    assert client.get(reverse("registry:establishment_edit", args=[inside.pk])).status_code == 403
    assert client.post(reverse("registry:establishment_create"), FORM).status_code == 403
    client.logout()
    officer = make_user("chuongmy", role="local_officer", unit="277", hierarchy="legacy")
    login(client, officer)
    assert client.get(reverse("registry:establishment_edit", args=[inside.pk])).status_code == 200
    assert client.get(reverse("registry:establishment_detail", args=[outside.pk])).status_code == 404
    assert client.get(reverse("registry:establishment_edit", args=[outside.pk])).status_code == 404
    body = client.post(reverse("registry:establishment_create"),
                       FORM | {"tax_code": "", "commune_code": "00577", "commune_hierarchy": "current"})
    assert "ngoài địa bàn bạn được sửa" in body.content.decode()
    assert "Trong Chương Mỹ" in client.get(reverse("registry:establishment_list")).content.decode()
    assert "Ở Bát Tràng" not in client.get(reverse("registry:establishment_list")).content.decode()


def test_village_year_form_bad_input_and_chart(client, make_user, make_village):
    village = make_village()
    login(client, make_user("canbo"))
    url = reverse("registry:village_year_save", args=[village.pk])
    body = client.post(url, {"year": "2015", "households": "10", "craft_households": "20"}).content.decode()
    assert "không được lớn hơn tổng số hộ" in body and 'value="20"' in body
    body = client.post(url, {"year": "2015", "households": "-1"}).content.decode()
    assert "Số hộ không được âm." in body
    assert not CraftVillageYear.objects.exists()
    for year, craft in (("2014", "30"), ("2015", "35")):
        client.post(url, {"year": year, "households": "100", "craft_households": craft,
                          "production_value": "1500000000"})
    body = client.get(reverse("registry:village_detail", args=[village.pk])).content.decode()
    assert "<rect" in body and "Đạt" in body and "35,0%" in body


def test_duplicates_page_dismiss_and_merge(client, make_user, make_est):
    a = make_est("HTX Mây tre đan Phú Vinh")
    b = make_est("Hợp tác xã Mây tre đan Phú Vinh", commune=("current", "10030"))
    product_create(actor=None, code="SP", name="Giỏ", establishment=b)
    flag = DuplicateFlag.objects.get()
    viewer = make_user("xem", role="viewer")
    login(client, viewer)
    body = client.get(reverse("registry:duplicate_list")).content.decode()
    assert "Hợp tác xã Mây tre đan Phú Vinh" in body and "disabled" in body
    assert client.post(reverse("registry:duplicate_resolve", args=[flag.pk]),
                       {"action": "merge", "keep": a.pk}).status_code == 403
    client.logout()
    login(client, make_user("canbo"))
    response = client.post(reverse("registry:duplicate_resolve", args=[flag.pk]), {"action": "merge", "keep": a.pk})
    assert response.status_code == 302
    assert not Establishment.objects.filter(pk=b.pk).exists()
    assert a.products.count() == 1
    c = make_est("Gốm Hải Minh")
    make_est("Gốm Hải Minh", code="X2")
    flag = DuplicateFlag.objects.get()
    client.post(reverse("registry:duplicate_resolve", args=[flag.pk]), {"action": "not_duplicate"})
    assert DuplicateFlag.objects.get().status == DuplicateStatus.NOT_DUPLICATE
    assert c.pk


def test_product_certificate_form(client, make_user, make_est):
    product = product_create(actor=None, code="SP", name="Bình gốm", establishment=make_est("Gốm"))
    login(client, make_user("canbo"))
    url = reverse("registry:certificate_add", args=[product.pk])
    body = client.post(url, {"kind": "typical", "level": "province", "year": "2015", "score": "60"}).content.decode()
    assert "thấp hơn mức tối thiểu 70" in body
    client.post(url, {"kind": "typical", "level": "province", "year": "2015", "score": "80"})
    assert "31/12/2017" in client.get(reverse("registry:product_detail", args=[product.pk])).content.decode()


def test_unit_options_datalist(client, make_user):
    login(client, make_user("canbo"))
    body = client.get(reverse("registry:unit_options"), {"commune_code": "1003", "commune_hierarchy": "legacy"})
    assert "Xã Phú Nghĩa" in body.content.decode()


def test_village_form_keeps_values_and_places_the_village(client, make_user):
    login(client, make_user("canbo"))
    url = reverse("registry:village_create")
    data = {"code": "LN-X", "name": "Làng gốm Kim Lan", "commune_code": "00580", "commune_hierarchy": "current",
            "crafts": "gốm sứ; ", "recognition": "lang_nghe", "recognition_year": ""}
    body = client.post(url, data).content.decode()
    assert "cần có năm công nhận" in body and "trong hệ thống hiện hành" in body
    assert 'value="Làng gốm Kim Lan"' in body and 'value="gốm sứ; "' in body
    response = client.post(url, data | {"commune_hierarchy": "legacy", "recognition_year": "2010"})
    assert response.status_code == 302
    body = client.get(response.url).content.decode()
    assert "Xã Kiêu Kỵ [00580] (cũ)" in body and "Xã Gia Lâm [00565]" in body and "20,980368" in body


def test_product_form_checks_the_establishment_and_the_date(client, make_user, make_est):
    make_est("Gốm", code="CS-G", commune=("current", "00577"))
    make_est("Lụa", code="CS-L", commune=("legacy", "09544"))
    officer = make_user("battrang", role="local_officer", unit="00577")
    login(client, officer)
    url = reverse("registry:product_create")
    body = client.post(url, {"code": "SP-1", "name": "Bình hút lộc", "establishment_code": "CS-L",
                             "is_new_design": "on", "design_date": "31/02/2015"}).content.decode()
    assert "Không tìm thấy cơ sở có mã “CS-L”." in body and 'value="Bình hút lộc"' in body
    assert "31/02/2015" in body
    unknown = client.post(url, {"code": "SP-1", "name": "Bình hút lộc", "establishment_code": "CS-X"})
    assert "Không tìm thấy cơ sở có mã “CS-X”." in unknown.content.decode()  # out of scope reads as unknown
    response = client.post(url, {"code": "SP-1", "name": "Bình hút lộc", "establishment_code": "CS-G",
                                 "is_new_design": "on", "design_date": "15/03/2015"})
    assert response.status_code == 302
    assert "15/03/2015" in client.get(response.url).content.decode()


def test_map_draws_tiles_only_when_configured(client, make_user, make_village, settings):
    make_village("Làng A", commune=("current", "00577"))
    make_village("Làng B", commune=("legacy", "09544"))
    login(client, make_user("canbo"))
    assert "<image" not in client.get(reverse("registry:village_map")).content.decode()
    settings.MAP_TILE_URL = "https://tiles.example/{z}/{x}/{y}.png"
    body = client.get(reverse("registry:village_map")).content.decode()
    assert re.search(r'<image href="https://tiles.example/\d+/\d+/\d+.png"', body)


def test_duplicates_page_shows_only_pairs_in_scope(client, make_user, make_est):
    make_est("HTX Mây tre đan Phú Vinh")
    make_est("Hợp tác xã Mây tre đan Phú Vinh", commune=("current", "10030"))
    make_est("Gốm Hải Minh", commune=("current", "00577"))
    make_est("Gốm Hải Minh", commune=("current", "00577"))
    login(client, make_user("chuongmy", role="local_officer", unit="277", hierarchy="legacy"))
    body = client.get(reverse("registry:duplicate_list")).content.decode()
    assert "Mây tre đan Phú Vinh" in body and "Gốm Hải Minh" not in body
    other = DuplicateFlag.objects.get(first__name="Gốm Hải Minh")
    assert client.post(reverse("registry:duplicate_resolve", args=[other.pk]),
                       {"action": "not_duplicate"}).status_code == 404
