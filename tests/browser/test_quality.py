import datetime

import pytest

from khuyencong.core.text import fold
from khuyencong.geo.models import AdminUnit
from khuyencong.indicators.models import FlagState, QualityFlag
from khuyencong.registry.models import Craft
from khuyencong.training.models import TrainingClass
from tests.browser.conftest import login
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_flag_found_after_entry_is_marked_checked(page, make_user, screenshot):
    make_user("canbo", role="centre_staff", unit="01", full_name="Nguyễn Thị Lan")
    phu_nghia = AdminUnit.objects.get(code="10030", hierarchy="current")
    craft = Craft.objects.create(name="Mây tre đan", folded_name=fold("Mây tre đan"))
    # the article's slip as one class: "nearly 2 thousand billion" for 35 classes is 57 billion each
    TrainingClass.objects.create(code="QL-57", name="Quản trị doanh nghiệp", kind="management", craft=craft,
                                 commune=phu_nghia, current_commune=phu_nghia, start_date=datetime.date(2015, 9, 14),
                                 end_date=datetime.date(2015, 9, 18), follow_up_due_on=datetime.date(2016, 3, 18),
                                 cost=57_000_000_000, planned_trainees=85)
    login(page, "canbo", PASSWORD)

    # a negative value typed in the grid: the scan runs after the save and the cell shows the flag
    page.goto(f"{page.base_url}/chi-tieu/so-lieu/?unit_code=01&unit_hierarchy=current&period=2014-2016")
    cell = page.locator("#cell-cnnt_production_value-2015")
    cell.locator("input[name=value]").fill("-5.000")
    cell.locator("button:has-text('Lưu')").click()
    flag_link = page.locator("#cell-cnnt_production_value-2015 .cell-flag a")
    flag_link.wait_for()
    assert "Giá trị âm" in flag_link.inner_text()
    screenshot(page, "quality-grid-cell")

    page.goto(f"{page.base_url}/chi-tieu/chat-luong/")
    rows = page.locator("table#flags tbody tr")
    assert rows.count() == 2
    assert "57 tỷ đồng cho một lớp" in page.locator("table#flags").inner_text()
    screenshot(page, "quality-list")

    page.locator("table#flags a:has-text('QL-57')").click()  # the class page shows its open flag
    section = page.locator("#canh-bao-so-lieu")
    assert "vượt xa định mức 1 tỷ đồng mỗi lớp" in section.inner_text()
    screenshot(page, "quality-class-page")
    page.go_back()

    page.locator("table#flags tr:has-text('QL-57') a:has-text('Kiểm tra')").click()
    page.locator("#kiem-tra button:has-text('Đã kiểm tra')").click()
    assert "Ghi nhận xét: đã kiểm tra gì" in page.locator("#kiem-tra .field-error").inner_text()
    page.fill("#id_comment", "Số đúng: gần 2 tỷ đồng cho 35 lớp (57 triệu mỗi lớp); đã sửa kinh phí lớp.")
    page.locator("#kiem-tra button:has-text('Đã kiểm tra')").click()
    page.locator(".messages li:has-text('Đã đánh dấu cảnh báo là đã kiểm tra.')").wait_for()
    assert page.locator("#flag-state").inner_text() == "Đã kiểm tra"
    history = page.locator("table.history").inner_text()
    assert "Chưa kiểm tra → Đã kiểm tra" in history and "Nguyễn Thị Lan" in history
    screenshot(page, "quality-flag-checked")
    assert QualityFlag.objects.get(training_class__code="QL-57").state == FlagState.CHECKED

    page.goto(f"{page.base_url}/chi-tieu/chat-luong/?state=checked")
    assert page.locator("table#flags tbody tr").count() == 1
    assert "Nguyễn Thị Lan" in page.locator("table#flags").inner_text()
