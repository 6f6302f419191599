import pytest

from tests.browser.conftest import login
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_class_roster_completion_follow_up_employment_rate(page, make_user, screenshot):
    make_user("canbo", role="centre_staff", unit="01", full_name="Nguyễn Thị Lan")
    login(page, "canbo", PASSWORD)
    page.goto(f"{page.base_url}/dao-tao/")
    page.click("text=Thêm lớp")
    page.fill("#id_code", "TN-2025-01")
    page.fill("#id_name", "Truyền nghề mây tre đan Phú Nghĩa")
    page.select_option("#id_kind", "truyen_nghe")
    page.fill("#id_craft", "mây tre đan")
    page.fill("#id_commune_code", "10030")
    page.fill("#id_start_date", "2025-03-03")
    page.fill("#id_end_date", "2025-02-28")
    page.fill("#id_planned_trainees", "30")
    page.click("button.primary:has-text('Lưu')")
    assert "trước ngày khai giảng" in page.locator(".field-error").first.inner_text()
    assert page.input_value("#id_code") == "TN-2025-01"
    screenshot(page, "training-class-form-error")
    page.fill("#id_end_date", "2025-05-30")
    page.click("button.primary:has-text('Lưu')")
    page.wait_for_selector("h1:has-text('Truyền nghề mây tre đan Phú Nghĩa')")

    page.fill("#id_text", "Nguyễn Văn An; 1990; Nam; 001090001234\nTrần Thị Bình; 198x; Nữ")
    page.click("#paste-submit")
    assert "Dòng 2: năm sinh “198x” không phải là một năm." in page.locator(".errors").inner_text()
    assert page.locator("#roster tbody tr td.personal").count() == 0
    screenshot(page, "training-paste-error")
    page.fill("#id_text", "Nguyễn Văn An; 1990; Nam; 001090001234\nTrần Thị Bình; 1985; Nữ\nLê Văn Cường; 2012; Nam")
    page.click("#paste-submit")
    page.wait_for_selector("text=Đã thêm 3 học viên")
    assert "13 tuổi khi khai giảng" in page.locator(".messages").inner_text()
    assert page.locator("#roster tbody tr").count() == 3
    assert "001090001234" in page.locator("#roster").inner_text()  # centre staff see the full ID

    page.check("input[aria-label='Hoàn thành Nguyễn Văn An']")
    page.fill("input[aria-label='Số chứng chỉ Nguyễn Văn An']", "CC-001")
    page.check("input[aria-label='Hoàn thành Trần Thị Bình']")
    page.click("#save-completion")
    page.wait_for_selector("text=2 học viên hoàn thành khoá học")
    screenshot(page, "training-roster-completed")

    page.click("summary:has-text('Ghi một lần theo dõi')")
    page.select_option("#id_trainee", label="Nguyễn Văn An")
    page.fill("#id_date", "2025-12-01")
    page.select_option("#id_employed", "yes")
    page.fill("#id_employer_name", "HTX mây tre đan Phú Vinh")
    page.fill("#id_monthly_income", "5000000")
    page.click("#follow-up-submit")
    page.wait_for_selector("text=Đã ghi theo dõi việc làm của Nguyễn Văn An")
    assert page.locator("#employment-rate").inner_text() == "100,0%"

    page.click("summary:has-text('Ghi một lần theo dõi')")
    page.select_option("#id_trainee", label="Trần Thị Bình")
    page.fill("#id_date", "2025-05-01")
    page.select_option("#id_employed", "no")
    page.click("#follow-up-submit")
    assert "trước ngày lớp kết thúc" in page.locator(".field-error").first.inner_text()
    page.fill("#id_date", "2025-12-02")
    page.click("#follow-up-submit")
    page.wait_for_selector("text=Đã ghi theo dõi việc làm của Trần Thị Bình")
    assert page.locator("#employment-rate").inner_text() == "50,0%"
    assert "HTX mây tre đan Phú Vinh" in page.locator("#follow-ups").inner_text()
    screenshot(page, "training-class-page")

    page.goto(f"{page.base_url}/dao-tao/")
    row = page.locator("tr", has_text="TN-2025-01")
    assert "50,0%" in row.inner_text()
    screenshot(page, "training-class-list")


def test_viewer_sees_masked_roster(page, screenshot, settings, tmp_path):
    from tests.demo_sample import DEMO_PASSWORD, load_sample

    settings.MEDIA_ROOT = tmp_path / "media"
    load_sample()
    login(page, "xem", DEMO_PASSWORD)
    page.goto(f"{page.base_url}/dao-tao/")
    page.click("text=TN-2014-01")
    page.wait_for_selector("#roster")
    text = page.locator("#roster").inner_text()
    assert "******" in text and "19**" in text
    assert page.locator("#them-hoc-vien").count() == 0
    screenshot(page, "training-class-page-viewer")
    page.goto(f"{page.base_url}/dao-tao/can-theo-doi/")
    assert page.locator("tbody tr").count() > 0
    assert page.locator("text=kèm dữ liệu cá nhân").count() == 0
    screenshot(page, "training-follow-ups-due-viewer")
    page.goto(f"{page.base_url}/dao-tao/cay-nghe/")
    screenshot(page, "training-transplants")
    page.click("text=Thôn Đồng Dương")
    page.wait_for_selector("text=Kiểm tra duy trì nghề hằng năm")
    screenshot(page, "training-transplant-page")


def test_import_trainees_error_then_fixed(page, make_user, screenshot, tmp_path):
    import datetime

    from khuyencong.geo.selectors import unit_get
    from khuyencong.registry.services import craft_for_name
    from khuyencong.training.services.classes import class_create

    staff = make_user("canbo", role="centre_staff", unit="01")
    class_create(actor=staff, code="TN-A", kind="truyen_nghe", craft=craft_for_name("mây tre đan"),
                 commune=unit_get(code="10030", level="commune"), start_date=datetime.date(2025, 3, 1),
                 end_date=datetime.date(2025, 5, 30))
    bad = tmp_path / "hv.csv"
    bad.write_text("Mã lớp;Họ tên;Năm sinh;Giới tính;Hoàn thành\n"
                   "TN-A;Nguyễn Văn An;1990;Nam;có\n"
                   "TN-X;Trần Thị Bình;1991;Nữ;có\n", encoding="utf-8")
    login(page, "canbo", PASSWORD)
    page.goto(f"{page.base_url}/dao-tao/")
    page.click("text=Nhập học viên từ tệp")
    page.set_input_files("#id_file", str(bad))
    page.click("button.primary:has-text('Nhập')")
    page.wait_for_selector("table.row-errors")
    errors = page.locator("table.row-errors").inner_text()
    assert "Không tìm thấy lớp có mã “TN-X”." in errors and "Mã lớp" in errors
    assert "Không ghi dòng nào" in page.locator(".summary").inner_text()
    screenshot(page, "training-import-error")
    bad.write_text(bad.read_text(encoding="utf-8").replace("TN-X", "TN-A"), encoding="utf-8")
    page.goto(f"{page.base_url}/dao-tao/nhap/?kind=trainees")  # the old address leads to the framework's page
    page.set_input_files("#id_file", str(bad))
    page.click("button.primary:has-text('Nhập')")
    page.wait_for_selector(".summary")
    assert "thêm mới 2" in page.locator(".summary").inner_text()
    screenshot(page, "training-import-done")


def test_pasted_namesakes_are_two_trainees_with_a_warning(page, make_user, screenshot):
    import datetime

    from khuyencong.geo.selectors import unit_get
    from khuyencong.registry.services import craft_for_name
    from khuyencong.training.services.classes import class_create

    staff = make_user("canbo", role="centre_staff", unit="01")
    cls = class_create(actor=staff, code="TN-HOA", kind="truyen_nghe", craft=craft_for_name("mây tre đan"),
                       commune=unit_get(code="10030", hierarchy="current", level="commune"),
                       start_date=datetime.date(2025, 3, 3), end_date=datetime.date(2025, 5, 30))
    login(page, "canbo", PASSWORD)
    page.goto(f"{page.base_url}/dao-tao/lop/{cls.pk}/")
    page.fill("#id_text", "Nguyễn Thị Hoa; 1990; Nữ; 001190000001\nNguyễn Thị Hoa; 1990; Nữ; 001190000002\n"
                          "Trần Văn Nam; 1985; Nam\nTrần Văn Nam; 1985; Nam")
    page.click("#paste-submit")
    page.wait_for_selector("text=Đã thêm 4 học viên")
    messages = page.locator(".messages").inner_text()
    assert "Dòng 4: Trần Văn Nam sinh năm 1985 trùng họ tên và năm sinh với dòng 3" in messages
    assert "Nguyễn Thị Hoa" not in messages  # namesakes with their own ID numbers: nothing to warn about
    assert page.locator("#roster tbody tr").count() == 4
    screenshot(page, "training-paste-namesakes")
