import pytest

from khuyencong.geo.models import AdminUnit
from khuyencong.registry.models import DuplicateFlag, Establishment
from khuyencong.registry.services import establishment_create, village_create, village_year_upsert
from tests.browser.conftest import login
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _seed():
    old_phunghia = AdminUnit.objects.get(hierarchy="legacy", code="10033")
    village = village_create(actor=None, code="LN-PHUVINH", name="Làng mây tre đan Phú Vinh", commune=old_phunghia,
                             crafts=["mây tre đan"], recognition="lang_nghe_truyen_thong", recognition_year=2002)
    for year, craft in ((2014, 560), (2015, 610)):
        village_year_upsert(actor=None, village=village, year=year, households=820, craft_households=craft,
                            workers=3000, production_value=200_000_000_000 + year)
    establishment_create(actor=None, code="CS-0006", name="HTX Mây tre đan Phú Vinh", kind="HTX",
                         commune=old_phunghia, craft_village=village, workers=210)
    establishment_create(actor=None, code="CS-0023", name="Hợp tác xã Mây tre đan Phú Vinh", kind="HTX",
                         commune=AdminUnit.objects.get(hierarchy="current", code="10030"), workers=200)
    establishment_create(actor=None, code="CS-0003", name="Công ty CP Gốm sứ Bát Tràng", kind="DN",
                         commune=AdminUnit.objects.get(hierarchy="current", code="00577"), workers=240)


def test_list_filter_detail_edit_duplicates(page, make_user, screenshot):
    make_user("canbo", role="centre_staff", unit="01")
    _seed()
    login(page, "canbo", PASSWORD)
    page.goto(f"{page.base_url}/so-dang-ky/co-so/")
    assert page.locator("tbody tr").count() == 3
    screenshot(page, "registry-list")

    # The unit picker suggests units of the chosen hierarchy as one types (htmx fills a datalist).
    page.select_option("#id_unit_hierarchy", "legacy")
    page.locator("#id_unit_code").press_sequentially("277")
    page.wait_for_selector("#unit-options option[value='277']", state="attached")
    assert "Huyện Chương Mỹ" in page.locator("#unit-options").inner_html()
    # Filter: the old district of Chương Mỹ (legacy 277) finds the old and the new Phú Nghĩa records.
    page.fill("#id_q", "may tre")
    page.click("#filters button[type=submit]")
    page.wait_for_url("**unit_code=277**")
    rows = page.locator("tbody tr")
    assert rows.count() == 2 and "Bát Tràng" not in page.locator("tbody").inner_text()
    screenshot(page, "registry-list-filtered")

    page.click("text=HTX Mây tre đan Phú Vinh")
    page.wait_for_selector("h1:has-text('HTX Mây tre đan Phú Vinh')")
    assert "Làng mây tre đan Phú Vinh" in page.inner_text(".facts")
    screenshot(page, "registry-detail")

    page.click("a.button.primary:has-text('Sửa')")
    page.fill("#id_workers", "-5")
    page.fill("#id_tax_code", "0101000004")
    page.click("form.form-grid button[type=submit]")
    assert "Số lao động không được âm." in page.inner_text("form.form-grid")
    assert page.input_value("#id_tax_code") == "0101000004"
    screenshot(page, "registry-edit-error")
    page.fill("#id_workers", "215")
    page.click("form.form-grid button[type=submit]")
    page.wait_for_selector(".messages >> text=Đã lưu cơ sở CS-0006")
    history = page.inner_text(".history")
    assert "210 → 215" in history and "— → 0101000004" in history
    screenshot(page, "registry-detail-after-edit")

    page.goto(f"{page.base_url}/so-dang-ky/co-so/nghi-trung/")
    assert page.locator("section.duplicate").count() == 1
    screenshot(page, "registry-duplicates")
    keep = Establishment.objects.get(code="CS-0006")
    page.check(f"input[name=keep][value='{keep.pk}']")
    page.click("button[value=merge]")
    page.wait_for_selector(".messages >> text=Đã gộp")
    assert not Establishment.objects.filter(code="CS-0023").exists()
    assert not DuplicateFlag.objects.exists()
    screenshot(page, "registry-after-merge")


def test_village_page_and_map(page, make_user, screenshot, registry_catalogues):
    make_user("canbo", role="centre_staff", unit="01")
    _seed()
    village_create(actor=None, code="LN-BT", name="Làng gốm Bát Tràng",
                   commune=AdminUnit.objects.get(hierarchy="current", code="00577"), crafts=["gốm sứ"],
                   recognition="lang_nghe", recognition_year=2004)
    login(page, "canbo", PASSWORD)
    page.goto(f"{page.base_url}/so-dang-ky/lang-nghe/")
    page.click("text=Làng mây tre đan Phú Vinh")
    page.wait_for_selector("#criteria")
    assert "Đạt" in page.inner_text("#criteria")
    assert page.locator("figure.chart rect").count() == 2
    screenshot(page, "registry-village")
    page.goto(f"{page.base_url}/so-dang-ky/lang-nghe/ban-do/")
    assert page.locator("circle.village-point").count() == 2
    page.locator("circle.village-point").first.click()
    page.wait_for_selector("#village-card .village-card")
    screenshot(page, "registry-map")


def test_new_establishment_commune_by_name_and_duplicate_before_saving(page, make_user, screenshot):
    make_user("canbo", role="centre_staff", unit="01")
    establishment_create(actor=None, code="CS-0100", name="Cơ sở thử nghiệm A", kind="HKD",
                         commune=AdminUnit.objects.get(hierarchy="current", code="10030"))
    login(page, "canbo", PASSWORD)
    page.goto(f"{page.base_url}/so-dang-ky/co-so/them/")
    assert page.get_attribute("#id_commune_code", "placeholder") is None
    page.fill("#id_name", "Cơ sở thử nghiệm A")
    # the commune typed by name: the suggestions list it with its code and where it lies
    page.locator("#id_commune_code").press_sequentially("phu nghia")
    page.wait_for_selector("#id_commune_options option[value='10030']", state="attached")
    assert "Xã Phú Nghĩa — Thành phố Hà Nội" in page.locator("#id_commune_options").inner_html()
    page.locator("#id_commune_code").press("Tab")
    # the likely duplicate is shown while typing, before anything is saved
    page.wait_for_selector("#duplicate-check >> text=CS-0100")
    assert "100%" in page.inner_text("#duplicate-check")
    screenshot(page, "registry-form-duplicate-while-typing")
    page.click("form.form-grid button[type=submit]")
    page.wait_for_selector("#id_confirm_not_duplicate")
    assert "Có 1 cơ sở cùng xã/phường với tên rất giống" in page.inner_text("form.form-grid")
    assert Establishment.objects.count() == 1
    screenshot(page, "registry-form-duplicate-refused")
    page.check("#id_confirm_not_duplicate")
    page.click("form.form-grid button[type=submit]")
    page.wait_for_selector(".messages >> text=Đã lưu cơ sở CS-000001")
    assert Establishment.objects.get(code="CS-000001").commune.code == "10030"
    assert DuplicateFlag.objects.get().status == "not_duplicate"


CLICK_DOWNLOAD = "sel => document.querySelector(sel).click()"


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_list_filter_detail_edit_import_error_export(page, make_user, screenshot, tmp_path, media_root):
    """The issue's flow, as one user would walk it: list → filter → detail → edit → import with an error →
    export of the filtered list (the same rows as the page)."""
    from openpyxl import load_workbook

    from tests.imports.conftest import write_xlsx

    make_user("canbo", role="centre_staff", unit="01")
    _seed()
    login(page, "canbo", PASSWORD)
    page.goto(f"{page.base_url}/so-dang-ky/co-so/")
    assert page.locator("tbody tr").count() == 3
    for button in ("Nhập từ tệp", "Tải mẫu", "Xuất XLSX", "Xuất CSV"):
        assert page.locator(f".list-actions a:has-text('{button}')").is_visible()
    screenshot(page, "flow-1-list")

    # Filter by the old district of Chương Mỹ (legacy 277) and a search without diacritics.
    page.select_option("#id_unit_hierarchy", "legacy")
    page.fill("#id_unit_code", "277")
    page.fill("#id_q", "MAY TRE")
    page.click("#filters button[type=submit]")
    page.wait_for_url("**unit_code=277**")
    filtered_url = page.url
    shown = sorted(page.locator("tbody tr td:first-child").all_inner_texts())
    assert shown == ["CS-0006", "CS-0023"]
    screenshot(page, "flow-2-filtered")

    page.click("text=HTX Mây tre đan Phú Vinh")
    page.wait_for_selector("h1:has-text('HTX Mây tre đan Phú Vinh')")
    screenshot(page, "flow-3-detail")
    page.click("a.button.primary:has-text('Sửa')")
    page.fill("#id_workers", "-5")
    page.click("form.form-grid button[type=submit]")
    assert "Số lao động không được âm." in page.inner_text("form.form-grid")
    page.fill("#id_workers", "215")
    page.click("form.form-grid button[type=submit]")
    page.wait_for_selector(".messages >> text=Đã lưu cơ sở CS-0006")
    assert "210 → 215" in page.inner_text(".history")
    screenshot(page, "flow-4-edited")

    # Import from the list page: one bad row (an unknown commune) → nothing written, the row is named.
    page.goto(filtered_url)
    page.click(".list-actions a:has-text('Nhập từ tệp')")
    page.wait_for_selector("h1:has-text('Nhập từ tệp: Cơ sở CNNT')")
    bad = write_xlsx(tmp_path / "co-so.xlsx", [
        ["Mã cơ sở", "Tên cơ sở", "Loại hình", "Mã xã/phường", "Hệ thống mã đơn vị", "Số lao động"],
        ["CS-0100", "Cơ sở mây tre Phú Nghĩa", "HKD", "10033", "legacy", 12],
        ["CS-0101", "Cơ sở mây tre lạc xã", "HKD", "99999", "legacy", 5]])
    page.set_input_files("#id_file", str(bad))
    page.click("#import-form button[type=submit]")
    page.wait_for_selector("#run-status .summary")
    assert "Không ghi dòng nào" in page.locator("#run-status").inner_text()
    error = page.locator("table.row-errors tbody tr").first.inner_text()
    assert "3" in error and "Mã xã/phường" in error and "99999" in error
    assert not Establishment.objects.filter(code__in=["CS-0100", "CS-0101"]).exists()
    screenshot(page, "flow-5-import-error")

    # Export the filtered list with its own button: the file holds the rows the page showed.
    page.goto(filtered_url)
    with page.expect_download() as download:
        page.evaluate(CLICK_DOWNLOAD, ".list-actions a[href*='xuat.xlsx']")
    rows = list(load_workbook(open(download.value.path(), "rb")).active.iter_rows(values_only=True))
    header = rows[0]
    exported = {r[0]: dict(zip(header, r, strict=True)) for r in rows[1:]}
    assert sorted(exported) == shown
    assert exported["CS-0006"]["Số lao động"] == 215
    assert {r["Hệ thống mã đơn vị"] for r in exported.values()} == {"legacy", "current"}
    screenshot(page, "flow-6-list-before-export")

    # A filter the list refuses gives a message and a way back, not a file.
    page.goto(f"{page.base_url}/nhap-du-lieu/establishments/xuat.xlsx?unit_code=99999&unit_hierarchy=legacy")
    assert "Không tìm thấy đơn vị có mã “99999”" in page.inner_text(".errors")
    screenshot(page, "flow-7-export-bad-filter")
    page.click("a:has-text('Quay lại danh sách')")
    assert "Không tìm thấy đơn vị có mã “99999”" in page.inner_text("#filters")
