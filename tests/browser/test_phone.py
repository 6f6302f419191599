"""The site on a phone (390×844): the menu folds away behind one button, no page is wider than the screen (a wide
table scrolls inside its own box), badges and codes stay on one line; the unread count of “Việc cần làm” shows in
the menu. The same pages at 1280 px keep the menu open."""

import pytest

from khuyencong.projects.models import Notification, Project
from khuyencong.registry.models import CraftVillage, Establishment, Product
from khuyencong.training.models import CraftTransplant, TrainingClass
from tests.browser.conftest import login
from tests.demo_sample import DEMO_PASSWORD, load_sample

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LISTS = ["/", "/so-dang-ky/co-so/", "/so-dang-ky/lang-nghe/", "/so-dang-ky/lang-nghe/ban-do/", "/so-dang-ky/san-pham/",
         "/so-dang-ky/co-so/nghi-trung/", "/de-an/", "/de-an/viec-can-lam/", "/dao-tao/", "/dao-tao/cay-nghe/",
         "/dao-tao/can-theo-doi/", "/nhap-du-lieu/establishments/", "/tai-khoan/doi-mat-khau/", "/bao-cao/",
         "/chi-tieu/chat-luong/"]


@pytest.fixture
def demo(units_loaded, registry_catalogues, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    load_sample()  # a slice of `khuyencong demo`: a few records of each kind, every workflow state
    return None


def detail_pages() -> list[str]:
    settled = Project.objects.filter(state="settled", imported=False).first()
    draft, running = Project.objects.get(state="draft"), Project.objects.get(state="in_progress")
    return [f"/de-an/{settled.pk}/", f"/de-an/{draft.pk}/sua/", "/de-an/tao-moi/",
            f"/de-an/{running.pk}/thao-tac/report_progress/",
            f"/so-dang-ky/co-so/{Establishment.objects.first().pk}/", "/so-dang-ky/co-so/them/",
            f"/so-dang-ky/lang-nghe/{CraftVillage.objects.first().pk}/",
            f"/so-dang-ky/san-pham/{Product.objects.first().pk}/", f"/dao-tao/lop/{TrainingClass.objects.first().pk}/",
            "/dao-tao/lop/moi/", f"/dao-tao/cay-nghe/{CraftTransplant.objects.first().pk}/"]


def phone(browser, live_server, username="canbo"):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN", is_mobile=True,
                                  has_touch=True, device_scale_factor=2)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base_url = live_server.url
    login(page, username, DEMO_PASSWORD)
    page.wait_for_selector("h1")
    return context, page


WIDTH = "() => ({doc: document.documentElement.scrollWidth, view: document.documentElement.clientWidth})"


def test_no_page_is_wider_than_a_phone(browser, live_server, demo, screenshot):
    context, page = phone(browser, live_server)
    too_wide = []
    for path in LISTS + detail_pages():
        page.goto(page.base_url + path)
        page.wait_for_selector("h1")
        size = page.evaluate(WIDTH)
        if size["doc"] > size["view"]:
            too_wide.append((path, size["doc"]))
    assert not too_wide, too_wide
    page.goto(page.base_url + detail_pages()[0])
    screenshot(page, "phone-project")
    page.goto(page.base_url + "/de-an/")
    screenshot(page, "phone-project-list")
    # a wide table scrolls inside its own box
    boxes = page.evaluate("""() => [...document.querySelectorAll('.table-wrap')].map(
        w => ({box: w.clientWidth, table: w.scrollWidth, overflow: getComputedStyle(w).overflowX}))""")
    assert boxes and all(b["box"] <= 390 and b["overflow"] == "auto" for b in boxes)
    # badges and codes stay on one line
    for path in ("/de-an/", "/dao-tao/", "/so-dang-ky/co-so/", "/de-an/viec-can-lam/"):
        page.goto(page.base_url + path)
        wraps = page.evaluate("""() => [...document.querySelectorAll('.badge, .code')].filter(
            e => getComputedStyle(e).whiteSpace !== 'nowrap').map(e => e.textContent.trim())""")
        assert not wraps, (path, wraps)
        assert page.locator(".badge, .code").count() > 0, path
        heights = page.evaluate("""() => [...document.querySelectorAll('.badge')].map(e =>
            e.getBoundingClientRect().height / (parseFloat(getComputedStyle(e).lineHeight) || 20))""")
        assert all(h < 1.9 for h in heights), (path, heights)
    context.close()


def test_menu_folds_on_a_phone_with_the_unread_count_and_stays_open_on_a_desktop(browser, live_server, demo,
                                                                                   screenshot):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="canbo")
    Notification.objects.create(user=user, project=Project.objects.first(), message="Có đề án chờ")
    unread = Notification.objects.filter(user=user, read_at__isnull=True).count()
    context, page = phone(browser, live_server)
    nav = page.locator(".mainnav")
    assert not nav.is_visible() and page.locator(".nav-toggle-label").is_visible()
    assert page.locator(".nav-toggle-label").inner_text().strip() == "Danh mục"
    screenshot(page, "phone-menu-closed")
    page.click(".nav-toggle-label")
    assert nav.is_visible() and nav.get_by_role("link", name="Đào tạo").is_visible()
    badge = nav.locator("a", has_text="Việc cần làm").locator(".nav-badge")
    assert badge.inner_text() == str(unread) and badge.get_attribute("title") == f"{unread} thông báo chưa đọc"
    assert page.locator(".who").get_by_role("button", name="Đăng xuất").is_visible()
    screenshot(page, "phone-menu-open")
    nav.get_by_role("link", name="Đào tạo").click()
    page.wait_for_selector("h1:has-text('Lớp đào tạo nghề')")
    assert not page.locator(".mainnav").is_visible()  # a new page starts with the menu folded
    page.goto(page.base_url + "/de-an/viec-can-lam/")
    page.get_by_role("button", name="Đánh dấu đã đọc").click()
    page.wait_for_selector("h1:has-text('Việc cần làm')")
    assert page.locator(".mainnav .nav-badge").count() == 0  # all read: no count
    context.close()
    desktop = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = desktop.new_page()
    page.base_url = live_server.url
    login(page, "canbo", DEMO_PASSWORD)
    page.wait_for_selector("h1")
    assert page.locator(".mainnav").is_visible() and not page.locator(".nav-toggle-label").is_visible()
    page.goto(page.base_url + "/de-an/")
    screenshot(page, "desktop-project-list")
    desktop.close()
