import pytest

from khuyencong.indicators.models import DataValue, ValueState
from tests.browser.conftest import login
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_data_entry_grid_saves_cells_in_place(page, make_user, screenshot):
    make_user("canbo", role="centre_staff", unit="01", full_name="Nguyễn Thị Lan")
    login(page, "canbo", PASSWORD)
    page.goto(f"{page.base_url}/chi-tieu/so-lieu/?unit_code=01&unit_hierarchy=current&period=2014-2016")
    cell = page.locator("#cell-handicraft_exports_usd-2015")
    cell.locator("input[name=value]").fill("hai trăm")
    cell.locator("button:has-text('Lưu')").click()
    error = page.locator("#cell-handicraft_exports_usd-2015 .field-error")
    error.wait_for()
    assert "“hai trăm” không phải là số" in error.inner_text()
    assert page.locator("#cell-handicraft_exports_usd-2015 input[name=value]").input_value() == "hai trăm"
    assert page.url.endswith("period=2014-2016")  # htmx: the page stayed, only the cell changed
    screenshot(page, "indicators-grid-error")
    page.locator("#cell-handicraft_exports_usd-2015 input[name=value]").fill("250.000.000")
    page.locator("#cell-handicraft_exports_usd-2015 button:has-text('Lưu')").click()
    page.locator("#cell-handicraft_exports_usd-2015 .badge:has-text('Đã lưu')").wait_for()
    value = DataValue.objects.get(element__code="handicraft_exports_usd", year=2015)
    assert value.value == 250_000_000 and value.state == ValueState.DRAFT
    page.locator("#cell-handicraft_exports_usd-2015 button:has-text('Gửi duyệt')").click()
    page.locator("#cell-handicraft_exports_usd-2015 .badge:has-text('Đã gửi duyệt')").wait_for()
    screenshot(page, "indicators-grid")
    page.goto(f"{page.base_url}/chi-tieu/?unit_code=01&unit_hierarchy=current&period=2015")
    row = page.locator("tr:has-text('handicraft_exports')")
    assert "250 triệu USD" in row.inner_text() and "chưa duyệt" in row.inner_text()
    screenshot(page, "indicators-results")
