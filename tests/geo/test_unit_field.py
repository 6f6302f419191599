"""Units typed as a code or a name: folded names, the user's units to settle a name found in several places."""

import pytest
from django import forms

from khuyencong.geo.forms import UnitField
from khuyencong.geo.models import AdminUnit
from khuyencong.geo.selectors import UnitNotFound, unit_matches, unit_resolve

pytestmark = pytest.mark.django_db


def unit(hierarchy, code):
    return AdminUnit.objects.get(hierarchy=hierarchy, code=code)


def test_names_are_stored_folded():
    assert unit("current", "10030").search_name == "xa phu nghia"


@pytest.mark.parametrize("text", ["10030", "Xã Phú Nghĩa [10030]", "phu nghia, ha noi", "PHÚ NGHĨA, Hà Nội"])
def test_a_code_or_a_name_with_its_province(text):
    assert unit_resolve(text, hierarchy="current", level="commune") == unit("current", "10030")


def test_a_name_found_in_two_provinces_is_settled_by_the_users_units():
    hanoi = unit("current", "01")
    assert unit_resolve("phu nghia", hierarchy="current", level="commune", areas={hanoi}) == unit("current", "10030")
    # an officer of the old district of Chương Mỹ: the new commune that succeeded its old one
    chuong_my = unit("legacy", "277")
    assert unit_resolve("phu nghia", hierarchy="current", level="commune", areas={chuong_my}).code == "10030"
    with pytest.raises(UnitNotFound) as exc:
        unit_resolve("phu nghia", hierarchy="current", level="commune")
    message = str(exc.value)
    assert message.startswith("Có 2 đơn vị tên “phu nghia” trong hệ thống hiện hành: Xã Phú Nghĩa [10030] — Thành phố "
                              "Hà Nội; Xã Phú Nghĩa [")
    assert message.endswith("Hãy nhập mã, hoặc thêm tên huyện/tỉnh sau dấu phẩy.")


def test_an_unknown_name_suggests_close_ones():
    with pytest.raises(UnitNotFound) as exc:
        unit_resolve("phu ngh", hierarchy="current", level="commune", areas={unit("current", "01")})
    assert ("Không tìm thấy đơn vị tên “phu ngh” trong hệ thống hiện hành. Có phải: Xã Phú Nghĩa [10030]"
            in str(exc.value))
    with pytest.raises(UnitNotFound, match="Không tìm thấy đơn vị có mã “99999”"):
        unit_resolve("99999", hierarchy="current", level="commune")


def test_suggestions_ignore_diacritics_and_put_exact_names_first():
    found = unit_matches("phu nghia", hierarchy="legacy", level="commune")
    assert {u.code for u in found} >= {"10033"}
    assert found[0].search_name == "xa phu nghia"
    assert unit_matches("p", hierarchy="current") == []


class Form(forms.Form):
    commune = UnitField(label="Xã/phường")
    home = UnitField(label="Nơi ở", hierarchy="current", required=False)


def test_the_field_cleans_to_the_unit_and_reports_a_clear_message():
    form = Form({"commune_code": "phu nghia", "commune_hierarchy": "legacy", "home_code": ""})
    form.fields["commune"].areas = {unit("current", "01")}
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"commune": unit("legacy", "10033"), "home": None}
    form = Form({"commune_code": "", "commune_hierarchy": "current", "home_code": "khong co xa nay"})
    assert not form.is_valid()
    assert form.errors["commune"] == ["Cần nhập mã hoặc tên xã/phường."]
    assert form.errors["home"][0].startswith("Không tìm thấy đơn vị tên “khong co xa nay”")
    html = str(Form(initial={"commune": unit("legacy", "10033")})["commune"])
    assert 'name="commune_code"' in html and 'value="10033"' in html and 'value="legacy" selected' in html
    assert "placeholder" not in html
