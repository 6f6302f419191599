import pytest

from tests.browser.conftest import login
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLES = [
    ("quantri", "administrator", "01", "current", "Quản trị hệ thống — Thành phố Hà Nội [01]"),
    ("canbo", "centre_staff", "01", "current", "Cán bộ Trung tâm — Thành phố Hà Nội [01]"),
    ("lanhdao", "approver", "01", "current", "Lãnh đạo phê duyệt — Thành phố Hà Nội [01]"),
    ("phunghia", "local_officer", "10030", "current", "Cán bộ địa phương — Xã Phú Nghĩa [10030]"),
    ("chuongmy", "local_officer", "277", "legacy", "Cán bộ địa phương — Huyện Chương Mỹ [277] (cũ)"),
    ("xem", "viewer", "01", "current", "Người xem — Thành phố Hà Nội [01]"),
]


@pytest.mark.parametrize(("username", "role", "unit", "hierarchy", "scope_line"), ROLES)
def test_each_role_logs_in_and_sees_the_vietnamese_shell(page, make_user, screenshot, username, role, unit,
                                                        hierarchy, scope_line):
    make_user(username, role=role, unit=unit, hierarchy=hierarchy)
    login(page, username, PASSWORD)
    page.wait_for_selector("h1:has-text('Tổng quan chương trình khuyến công')")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.locator(".who-role").first.inner_text() == scope_line
    assert page.locator(".mainnav").get_by_text("Đề án").count() == 1
    has_admin = page.locator(".mainnav a", has_text="Quản trị").count() == 1
    assert has_admin == (role == "administrator")
    screenshot(page, f"shell-{username}")


def test_wrong_password_then_language_switch(page, make_user, screenshot):
    make_user("lan")
    login(page, "lan", "sai-mat-khau")
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in page.locator(".errors").inner_text()
    assert page.input_value("#id_username") == "lan"
    screenshot(page, "login-error")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit].primary")
    page.select_option("#lang-select", "en")
    page.wait_for_selector("h1:has-text('Industrial promotion programme overview')")
    assert page.locator("html").get_attribute("lang") == "en"
    screenshot(page, "shell-english")


def test_remaining_tries_then_lockout_page_back_to_login(page, make_user, screenshot):
    make_user("lanhdao", role="approver")
    for _ in range(3):
        login(page, "lanhdao", "sai-mat-khau")
    assert "Còn 2 lần thử" in page.locator("#remaining-tries").inner_text()
    screenshot(page, "login-remaining-tries")
    login(page, "lanhdao", "sai-mat-khau")
    login(page, "lanhdao", "sai-mat-khau")
    assert page.locator("h1").inner_text() == "Tài khoản tạm khoá"
    screenshot(page, "login-locked-out")
    page.click("text=Quay lại trang đăng nhập")
    page.wait_for_selector("#id_username")
    assert page.url.endswith("/tai-khoan/dang-nhap/")


def test_expired_form_gets_the_vietnamese_page(page, make_user, screenshot, settings):
    settings.DEBUG = False
    page.goto(f"{page.base_url}/tai-khoan/dang-nhap/")
    page.context.clear_cookies()  # the CSRF cookie is gone, as after a long pause or a sign-out in another tab
    page.fill("#id_username", "lan")
    page.fill("#id_password", "x")
    page.click("button[type=submit].primary")
    assert page.locator("h1").inner_text() == "Biểu mẫu đã hết hạn"
    screenshot(page, "csrf-expired")
    page.click("text=Mở lại trang biểu mẫu")
    page.wait_for_selector("#id_username")
