"""Upload page → import with an error (the row is named) → fixed file → success → export downloads."""

import pytest
from openpyxl import load_workbook

from khuyencong.registry.models import Establishment
from tests.browser.conftest import login
from tests.conftest import PASSWORD
from tests.imports.conftest import write_xlsx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CLICK_LINK = "url => { const a = document.createElement('a'); a.href = url; document.body.append(a); a.click(); }"
HEADER = ["Mã cơ sở", "Tên cơ sở", "Loại hình", "Mã xã/phường", "Số lao động"]


def test_import_error_then_fix_then_export(page, make_user, screenshot, tmp_path):
    make_user("canbo")
    login(page, "canbo", PASSWORD)
    page.goto(f"{page.base_url}/nhap-du-lieu/establishments/")
    page.wait_for_selector("h1:has-text('Nhập từ tệp: Cơ sở CNNT')")
    screenshot(page, "imports-upload")
    with page.expect_download() as template:
        page.click("a.button:has-text('Tải mẫu')")
    wb = load_workbook(open(template.value.path(), "rb"))
    assert "Hướng dẫn" in wb.sheetnames

    bad = write_xlsx(tmp_path / "co-so.xlsx", [HEADER, ["A1", "Cơ sở Mây tre Phú Vinh", "HKD", "10030", 12],
                                               ["A2", "Cơ sở Gốm", "HKD", "10030", "mười hai"]])
    page.set_input_files("#id_file", str(bad))
    page.click("#import-form button[type=submit]")
    page.wait_for_selector("#run-status .summary")
    assert "Không ghi dòng nào" in page.locator("#run-status").inner_text()
    row = page.locator("table.row-errors tbody tr").first.inner_text()
    assert "3" in row and "Số lao động" in row and "không phải số nguyên" in row
    screenshot(page, "imports-error")
    assert not Establishment.objects.exists()

    page.click("text=Nhập tệp khác")
    good = write_xlsx(tmp_path / "co-so-sua.xlsx", [HEADER, ["A1", "Cơ sở Mây tre Phú Vinh", "HKD", "10030", 12],
                                                    ["A2", "Cơ sở Gốm", "HKD", "10030", 12]])
    page.set_input_files("#id_file", str(good))
    page.click("#import-form button[type=submit]")
    page.wait_for_selector("#run-status .summary")
    assert "Đã ghi: thêm mới 2" in page.locator("#run-status").inner_text()
    screenshot(page, "imports-success")
    assert Establishment.objects.count() == 2

    with page.expect_download() as export:
        page.evaluate(CLICK_LINK, f"{page.base_url}/nhap-du-lieu/establishments/xuat.xlsx?q=may+tre")
    rows = list(load_workbook(open(export.value.path(), "rb")).active.iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == ["A1"]
    with page.expect_download() as export_csv:
        page.evaluate(CLICK_LINK, f"{page.base_url}/nhap-du-lieu/establishments/xuat.csv")
    text = open(export_csv.value.path(), encoding="utf-8-sig").read()
    assert "Cơ sở Gốm" in text and "Cơ sở Mây tre Phú Vinh" in text


def test_rejects_file_fixed_and_uploaded_again(page, make_user, screenshot, tmp_path):
    """An unknown column is said once; the rejects file downloaded from the page, corrected, imports."""
    make_user("canbo")
    login(page, "canbo", PASSWORD)
    page.goto(f"{page.base_url}/nhap-du-lieu/establishments/")
    odd = write_xlsx(tmp_path / "la.xlsx", [HEADER + ["Màu sắc"], ["A1", "Cơ sở A", "HKD", "10030", 3, "đỏ"]])
    page.set_input_files("#id_file", str(odd))
    page.click("#import-form button[type=submit]")
    page.wait_for_selector("#run-status .summary")
    status = page.locator("#run-status").inner_text()
    assert status.count("Cột “Màu sắc” không có") == 1 and status.count("code (Mã cơ sở)") == 1
    screenshot(page, "imports-unknown-column")

    page.click("text=Nhập tệp khác")
    mixed = write_xlsx(tmp_path / "co-so.xlsx", [HEADER, ["A1", "Cơ sở A", "HKD", "10030", 3],
                                                 ["A2", "Cơ sở B", "HKD", "10030", "ba"]])
    page.set_input_files("#id_file", str(mixed))
    page.check("#id_valid_only")
    page.click("#import-form button[type=submit]")
    page.wait_for_selector("#run-status .summary")
    with page.expect_download() as rejects:
        page.click("a.button:has-text('Tải các dòng lỗi')")
    fixed = tmp_path / "dong-loi.xlsx"
    wb = load_workbook(open(rejects.value.path(), "rb"))
    wb.active["F2"] = 3  # the workers of row 3, written as a number this time
    wb.save(fixed)
    page.click("text=Nhập tệp khác")
    page.set_input_files("#id_file", str(fixed))
    page.click("#import-form button[type=submit]")
    page.wait_for_selector("#run-status .summary")
    assert "Đã ghi: thêm mới 1" in page.locator("#run-status").inner_text()
    screenshot(page, "imports-rejects-reuploaded")
    assert sorted(Establishment.objects.values_list("code", "workers")) == [("A1", 3), ("A2", 3)]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
