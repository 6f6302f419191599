"""The programme page's plotly charts drawn in a real browser, in Vietnamese number format, and the pivot
table's XLSX downloaded and opened back."""

from decimal import Decimal

import pytest
from openpyxl import load_workbook

from khuyencong.core.periods import Period
from khuyencong.indicators.engine import compute
from khuyencong.indicators.services.targets import target_create
from tests.browser.conftest import login
from tests.conftest import PASSWORD
from tests.indicators.conftest import M, people, world  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def tick_labels(page, selector) -> list[str]:
    return page.eval_on_selector_all(selector, "els => els.map(e => e.textContent)")


def test_programme_page_draws_its_charts(page, people, world, screenshot):  # noqa: F811
    target_create(actor=people.staff, indicator="village_workers", unit=world.hanoi, period=Period(2011, 2015),
                  low=Decimal(1000))
    login(page, "canbo", PASSWORD)
    page.goto(f"{page.base_url}/chi-tieu/chuong-trinh/?unit_code=01&unit_hierarchy=current&period=2011-2015"
              "&indicator=village_workers")
    page.locator("#chart-years.js-plotly-plot .bars").wait_for()
    page.locator("#chart-children.js-plotly-plot .bars").wait_for()
    workers = compute(codes=["village_workers"], unit=world.hanoi, period="2011-2015").values["village_workers"]
    assert workers == 1050
    ticks = tick_labels(page, "#chart-years .ytick text")
    assert "1.000" in ticks  # thousands grouped with a dot, as Vietnamese write them
    bar = page.locator("#chart-years .bars .point path").last  # 2015
    bar.scroll_into_view_if_needed()
    box = bar.bounding_box()  # plotly listens on the layer above the bars: move the mouse there
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2 - 5)
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    hover = page.locator(".hoverlayer .hovertext")
    hover.wait_for()
    assert " ".join(hover.text_content().split()) == "2015: 1.050"
    assert "Biểu đồ: Lao động tại làng nghề" in page.locator("h2#charts").inner_text()
    assert "Mục tiêu: ≥ 1.000" in page.locator("#card-village_workers").inner_text()
    assert page.locator("#unit-map circle.unit-point").count() > 100  # Hanoi's communes
    screenshot(page, "indicators-programme")
    page.set_viewport_size({"width": 390, "height": 844})  # a phone: the page is no wider than the screen
    page.reload()
    page.locator("#chart-children.js-plotly-plot .bars").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    screenshot(page, "indicators-programme-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.select_option("#id_indicator", "employment_rate")
    page.click("form.filters button[type=submit]")
    page.locator("#chart-years.js-plotly-plot .bars").wait_for()
    assert any(t.endswith("%") for t in tick_labels(page, "#chart-years .ytick text"))


def test_pivot_table_exports_xlsx(page, people, world, screenshot, tmp_path):  # noqa: F811
    login(page, "canbo", PASSWORD)
    page.goto(f"{page.base_url}/chi-tieu/tong-hop/")
    for box in page.locator("input[name=indicator]").all():
        box.uncheck()
    page.check("input[name=indicator][value=support_funds]")
    page.check("input[name=indicator][value=employment_rate]")
    page.fill("#id_units", "01, 10030")
    page.fill("#id_legacy_units", "277")
    page.fill("#id_periods", "2015, 2011-2015")
    page.click("#pivot-form button[type=submit]")
    page.locator("#pivot-table").wait_for()
    assert page.locator("tr.pivot-row").count() == 6
    hanoi = page.locator("tr.pivot-row", has_text="Thành phố Hà Nội [01]").filter(has_text="2011–2015")
    assert "1,4 tỷ đồng" in hanoi.inner_text() and "75,0%" in hanoi.inner_text()
    screenshot(page, "indicators-pivot")
    with page.expect_download() as download:
        page.click("#pivot-xlsx")
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert download.value.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(path).active
    rows = {(r[0], r[3]): r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows[("01", "2011-2015")][4:] == (1410 * M, 75.0)
    assert rows[("277", "2015")][1] == "Huyện Chương Mỹ [277] (cũ)"
