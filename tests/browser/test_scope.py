import pytest

from khuyencong.geo.models import AdminUnit
from khuyencong.projects.services.projects import project_create
from khuyencong.registry.services import establishment_create, village_create
from tests.browser.conftest import login
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_records_of_another_commune_are_named_without_a_link(page, make_user, screenshot):
    """A Phú Nghĩa establishment in a Ba Đình village, supported by a Ba Đình project and its own commune's one:
    the Phú Nghĩa officer sees both projects, the other commune's by code and title, marked, not clickable."""
    phu_nghia = AdminUnit.objects.get(hierarchy="current", code="10030")
    ba_dinh = AdminUnit.objects.get(hierarchy="current", code="00004")
    staff = make_user("canbo", role="centre_staff", unit="01")
    make_user("phunghia", role="local_officer", unit="10030")
    village = village_create(actor=staff, code="LN-BD", name="Làng nghề Ba Đình", commune=ba_dinh, crafts=["gốm"])
    est = establishment_create(actor=staff, code="CS-PN", name="HTX Mây tre đan Phú Nghĩa", kind="HTX",
                               commune=phu_nghia, craft_village=village)
    for code, title, commune in (("KC-PN-01", "Máy chẻ nan cho HTX Phú Nghĩa", phu_nghia),
                                 ("KC-BD-07", "Hội chợ hàng thủ công Ba Đình 2025", ba_dinh)):
        project_create(actor=staff, beneficiaries=[est], data={
            "code": code, "title": title, "activity": "products", "funding_source": "local", "plan_year": 2025,
            "commune": commune, "no_other_support": True})
    login(page, "phunghia", PASSWORD)
    page.goto(f"{page.base_url}/so-dang-ky/co-so/{est.pk}/")
    rows = page.locator("section", has_text="Đề án khuyến công đã thụ hưởng").locator("tbody tr")
    assert rows.count() == 2
    other = rows.filter(has_text="KC-BD-07")
    assert "ngoài địa bàn" in other.inner_text() and other.locator("a").count() == 0
    assert page.locator("dd", has_text="Làng nghề Ba Đình").locator("a").count() == 0
    screenshot(page, "scope-name-no-link")
    page.click("text=KC-PN-01")
    assert "Máy chẻ nan cho HTX Phú Nghĩa" in page.locator("h1").inner_text()
