"""A report asked for on the page, followed while it is made (htmx polling) and downloaded, in Chromium."""

import pytest

from khuyencong.indicators.engine import compute
from khuyencong.reports.models import Report, ReportState
from tests.browser.conftest import login
from tests.conftest import PASSWORD
from tests.indicators.conftest import world  # noqa: F401  (fixture)
from tests.reports.conftest import docx_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.REPORTS_SOFFICE = ""  # the PDF is tested in tests/reports; here the page says there is none


def test_generate_a_review_on_the_page_and_download_it(page, make_user, world, screenshot, tmp_path):  # noqa: F811
    make_user("canbo", role="centre_staff", unit="01", full_name="Nguyễn Thị Lan")
    login(page, "canbo", PASSWORD)
    page.goto(f"{page.base_url}/")
    page.click("nav >> text=Báo cáo")
    page.wait_for_url("**/bao-cao/")
    assert page.input_value("#id_period") == "2011-2015" and page.input_value("#id_unit_code") == "01"
    screenshot(page, "reports-index-empty")
    page.select_option("#id_kind", "review")
    page.click("button:has-text('Lập báo cáo')")
    page.locator("#report-status .badge:has-text('Hoàn tất')").wait_for()
    assert "chưa cài LibreOffice" in page.inner_text("#pdf-note")
    screenshot(page, "reports-detail")
    with page.expect_download() as download_info:
        page.click("text=Tải văn bản (DOCX)")
    download = download_info.value
    assert download.suggested_filename == "bao-cao-tong-ket-01-2011-2015.docx"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    jobs = compute(unit=world.hanoi, period="2011-2015").values["jobs_created"]
    assert f"tạo việc làm cho {jobs} lao động" in docx_text(path)
    page.click("text=← Các báo cáo")
    row = page.locator("#report-list tbody tr").first
    assert "Báo cáo tổng kết giai đoạn" in row.inner_text() and "Hoàn tất" in row.inner_text()
    screenshot(page, "reports-index")


def test_the_page_follows_a_report_being_made(page, make_user, world, screenshot):  # noqa: F811
    """The worker has not finished: the page shows the progress and updates itself when the report is done."""
    make_user("canbo", role="centre_staff", unit="01")
    report = Report.objects.create(kind="annual", unit=world.hanoi, start_year=2015, end_year=2015,
                                   state=ReportState.RUNNING, progress=50, step="Đang viết văn bản và vẽ biểu đồ")
    login(page, "canbo", PASSWORD)
    page.goto(f"{page.base_url}/bao-cao/{report.pk}/")
    assert "50% — Đang viết văn bản và vẽ biểu đồ" in page.inner_text("#report-status")
    screenshot(page, "reports-progress")
    Report.objects.filter(pk=report.pk).update(state=ReportState.FAILED, error="Không lập được báo cáo: đĩa đầy")
    page.locator("#report-status .errors:has-text('đĩa đầy')").wait_for()
    assert page.locator("button:has-text('Lập lại')").is_visible()
    screenshot(page, "reports-failed")
