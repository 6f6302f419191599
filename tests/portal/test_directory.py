"""The public directory: /danh-ba/ (filters in either hierarchy, search with or without diacritics), a village's
page (products, certificates, photos, listed establishments only), the map, product photos."""

import pytest
from django.urls import reverse

from khuyencong.registry.services import establishment_listing_set
from tests.portal import directory_world

pytestmark = pytest.mark.django_db

LIST, MAP = reverse("portal:directory"), reverse("portal:directory_map")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def w(make_user):
    return directory_world.build(make_user("canbo", role="centre_staff", unit="01"))


def names(client, query=""):
    response = client.get(LIST + query)
    assert response.status_code == 200, response.content.decode()[:2000]
    page = response.content.decode()
    return {n for n in ("Làng mây tre đan Phú Vinh", "Làng lụa Vạn Phúc", "Làng nghề nón lá Phú Nghĩa",
                        directory_world.UNRECOGNISED_VILLAGE) if n in page}


ALL = {"Làng mây tre đan Phú Vinh", "Làng lụa Vạn Phúc", "Làng nghề nón lá Phú Nghĩa"}


def test_list_shows_recognised_villages_only(client, w):
    assert names(client) == ALL
    page = client.get(LIST).content.decode()
    assert "Làng nghề truyền thống" in page and "2002" in page
    assert "3 làng nghề" in page


def test_filter_by_craft_and_recognition(client, w):
    craft = w.van_phuc.crafts.get()
    assert names(client, f"?craft={craft.pk}") == {"Làng lụa Vạn Phúc"}
    assert names(client, "?recognition=lang_nghe") == {"Làng nghề nón lá Phú Nghĩa"}
    assert names(client, "?recognition=lang_nghe_truyen_thong") == {"Làng mây tre đan Phú Vinh", "Làng lụa Vạn Phúc"}


def test_filter_by_unit_in_either_hierarchy(client, w):
    new_phu_nghia = w.phu_vinh.current_commune
    assert new_phu_nghia is not None and new_phu_nghia.is_current
    # Today's commune: the village recorded under it and the one recorded under its old commune.
    assert names(client, f"?unit=current:{new_phu_nghia.code}") == {"Làng mây tre đan Phú Vinh",
                                                                   "Làng nghề nón lá Phú Nghĩa"}
    # The old district Chương Mỹ: its old commune's village, and the one recorded since under its successor.
    assert names(client, "?unit=legacy:277") == {"Làng mây tre đan Phú Vinh", "Làng nghề nón lá Phú Nghĩa"}
    # The old district Hà Đông.
    assert names(client, f"?unit=legacy:{w.van_phuc.commune.district.code}") == {"Làng lụa Vạn Phúc"}


def test_unit_choices_offer_both_hierarchies(client, w):
    page = client.get(LIST).content.decode()
    assert f'value="current:{w.phu_vinh.current_commune.code}"' in page
    assert 'value="legacy:277"' in page
    assert "Quận/huyện trước 01/07/2025" in page


def test_search_with_or_without_diacritics(client, w):
    assert names(client, "?q=lụa+vạn+phúc") == {"Làng lụa Vạn Phúc"}
    assert names(client, "?q=lua+van+phuc") == {"Làng lụa Vạn Phúc"}
    assert names(client, "?q=LUA") == {"Làng lụa Vạn Phúc"}
    assert names(client, "?q=xyz") == set()  # the unrecognised village's name is not searchable either


@pytest.mark.parametrize("query, message", [
    ("?unit=abc", "Địa bàn “abc” không hợp lệ"),
    ("?unit=current:99999", "Không tìm thấy đơn vị có mã “99999”"),
    ("?craft=999999", "Nghề đã chọn không có trong danh bạ"),
    ("?craft=abc", "Nghề đã chọn không có trong danh bạ"),
    ("?recognition=none", "Loại công nhận đã chọn không hợp lệ"),
    ("?page=abc", "Số trang không hợp lệ"),
    ("?page=" + "9" * 30, "Số trang không hợp lệ"),
    ("?q=" + "x" * 300, "Bộ lọc không hợp lệ"),
])
def test_bad_filters_give_a_vietnamese_message(client, w, query, message):
    for url in (LIST, MAP):
        response = client.get(url + query)
        assert response.status_code == 400
        page = response.content.decode()
        assert message in page and "Bộ lọc không hợp lệ" in page
        assert "Làng lụa Vạn Phúc" not in page.split("</form>")[-1]  # nothing listed after the filter form


def test_village_page(client, w, django_assert_max_num_queries):
    url = reverse("portal:directory_village", kwargs={"code": "LN-PHUVINH"})
    with django_assert_max_num_queries(12):
        response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 200
    # name, crafts, recognition with year and decision, commune now and its old name, description
    for text in ("Làng mây tre đan Phú Vinh", "Mây tre đan", "Làng nghề truyền thống", "2002", "QĐ 123/QĐ-UBND",
                 w.phu_vinh.current_commune.name, "trước 01/07/2025", "Huyện Chương Mỹ",
                 "Làng có nghề mây tre đan từ thế kỷ XVII."):
        assert text in page, text
    # products: the new design with its photo and producer (listed); the OCOP product without its producer
    assert "Khay mây đan hoa văn" in page and "Mẫu mới" in page and "04/05/2023" in page
    assert reverse("portal:directory_photo", kwargs={"pk": w.tray_photo.pk}) in page
    assert 'alt="Khay mây nhìn từ trên"' in page
    assert "Lẵng hoa mây tre" in page and "OCOP" in page and "★★★★" in page and "★★★★★" not in page
    assert "Cơ sở sản xuất: Hợp tác xã Mây tre Phú Vinh" in page
    assert directory_world.HIDDEN_ESTABLISHMENT not in page
    assert directory_world.PRIVATE_PRODUCT not in page
    # listed establishments: only the one that agreed, with what it agreed to publish
    assert "Thôn Phú Vinh, xã Phú Nghĩa" in page and "0243 555 666" in page and "Hợp tác xã" in page
    assert "Đội 5 thôn Phú Vinh" not in page  # its registry address is not what it agreed to publish


def test_withdrawn_consent_hides_the_establishment(client, w):
    url = reverse("portal:directory_village", kwargs={"code": "LN-PHUVINH"})
    establishment_listing_set(actor=w.staff, establishment=w.listed, public_listing=False)
    page = client.get(url).content.decode()
    assert "Hợp tác xã Mây tre Phú Vinh" not in page and "0243 555 666" not in page
    assert "Khay mây đan hoa văn" in page  # the product stays, without its producer


def test_unknown_and_unrecognised_villages_are_not_found(client, w):
    for code in ("LN-AN", "KHONG-CO"):
        response = client.get(reverse("portal:directory_village", kwargs={"code": code}))
        assert response.status_code == 404


def test_photos(client, w):
    response = client.get(reverse("portal:directory_photo", kwargs={"pk": w.tray_photo.pk}))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert "public" in response["Cache-Control"]
    for photo in (w.private_photo, w.unrecognised_photo):
        assert client.get(reverse("portal:directory_photo", kwargs={"pk": photo.pk})).status_code == 404
    assert client.get(reverse("portal:directory_photo", kwargs={"pk": 999999})).status_code == 404


def test_map_links_recognised_villages(client, w):
    page = client.get(MAP).content.decode()
    assert page.count('class="village-point"') == 3
    assert reverse("portal:directory_village", kwargs={"code": "LN-VANPHUC"}) in page
    assert directory_world.UNRECOGNISED_VILLAGE not in page
    filtered = client.get(MAP + "?q=van+phuc").content.decode()
    assert filtered.count('class="village-point"') == 1


def test_pages_are_the_same_for_everyone(client, w, make_user):
    """Cached whole: nothing visitor-specific (no CSRF token, no user name) even for a signed-in user."""
    anonymous = client.get(LIST).content
    client.force_login(make_user("lanhdao", role="approver", unit="01", full_name="Lê Thu Hà"))
    signed_in = client.get(LIST).content
    assert anonymous == signed_in
    assert b"csrfmiddlewaretoken" not in signed_in and "Lê Thu Hà".encode() not in signed_in


def test_public_nav_links_the_directory(client, w):
    page = client.get(reverse("portal:directory_village", kwargs={"code": "LN-VANPHUC"})).content.decode()
    assert f'href="{LIST}"' in page and "Danh bạ làng nghề" in page


def test_list_and_map_read_a_bounded_number_of_queries(client, w, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        assert client.get(LIST + "?unit=legacy:277&q=phu").status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(MAP).status_code == 200


def test_english_directory(client, w):
    client.cookies["django_language"] = "en"
    page = client.get(LIST).content.decode()
    assert "Craft village directory" in page and "Search by village name" in page and "Traditional" in page
