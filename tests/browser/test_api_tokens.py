"""The API tokens page in a real browser: a token made, shown once, used, revoked; Swagger UI served locally."""

import pytest
from rest_framework.test import APIClient

from tests.browser.conftest import login
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_token_made_shown_once_and_revoked(page, make_user, screenshot):
    make_user("phunghia", role="local_officer", unit="10030")
    login(page, "phunghia", PASSWORD)
    page.click("a:has-text('Khóa API')")
    page.fill("#id_name", "Máy nhập liệu xã")
    page.fill("#id_days", "90")
    page.click("button:has-text('Tạo khóa')")
    secret = page.locator("#new-token").inner_text()
    assert secret.startswith("kc_")
    screenshot(page, "api-token-made")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert api.get("/api/v1/establishments/").status_code == 200
    page.reload()
    assert page.locator("#new-token").count() == 0
    assert secret not in page.content()
    row = page.locator("tr", has_text="Máy nhập liệu xã")
    assert "Đang dùng" in row.inner_text()
    row.locator("button:has-text('Thu hồi')").click()
    assert "Đã thu hồi khóa" in page.locator("body").inner_text()
    screenshot(page, "api-token-revoked")
    assert api.get("/api/v1/establishments/").status_code == 401


def test_swagger_ui_without_cdn(page, make_user, screenshot):
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{page.base_url}/api/docs/")
    page.wait_for_selector("text=Khuyến công API")
    page.wait_for_selector("text=/api/v1/establishments/")
    screenshot(page, "api-swagger")
    assert all(url.startswith(page.base_url) for url in requests), [u for u in requests
                                                                     if not u.startswith(page.base_url)]
