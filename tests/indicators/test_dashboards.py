"""The programme page and the pivot table: their figures are the engine's, targets carry their status, a unit
outside the user's area is a 404, bad input gets a Vietnamese message, the XLSX holds numbers."""

import io
import json
import re
from decimal import Decimal

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from khuyencong.core.periods import Period
from khuyencong.indicators.catalogue import CATALOGUE
from khuyencong.indicators.engine import compute
from khuyencong.indicators.services.targets import target_create
from tests.html import text as text_of
from tests.indicators.conftest import M

PROGRAMME = reverse("indicators:programme")
PIVOT = reverse("indicators:pivot")


def card(body: str, code: str) -> str:
    match = re.search(rf'<article class="tile target-card" id="card-{code}">(.*?)</article>', body, re.S)
    assert match, f"no card for {code}"
    return text_of(match.group(1))


def chart_json(body: str) -> dict:
    match = re.search(r'<script id="chart-data" type="application/json">(.*?)</script>', body, re.S)
    return json.loads(match.group(1))


def test_programme_page_shows_the_engines_figures(client, people, world):
    client.force_login(people.staff)
    response = client.get(PROGRAMME, {"unit_code": "01", "unit_hierarchy": "current", "period": "2011-2015",
                                      "indicator": "support_funds"})
    body = response.content.decode()
    assert response.status_code == 200
    expected = compute(unit=world.hanoi, period="2011-2015")
    for code in ("establishments_supported", "jobs_created", "training_classes", "employment_rate",
                 "craft_villages"):
        assert CATALOGUE[code].display(expected.values[code]) in card(body, code)
    assert "75,0%" in card(body, "employment_rate") and card(body, "establishments_supported").startswith(
        "Cơ sở CNNT được hỗ trợ 4 ")
    charts = chart_json(body)
    by_year = compute(codes=["support_funds"], unit=world.hanoi, period="2011-2015", by="year")
    assert charts["years"]["x"] == ["2011", "2012", "2013", "2014", "2015"]
    assert charts["years"]["text"] == [CATALOGUE["support_funds"].display(by_year.breakdown[y]["support_funds"])
                                       for y in charts["years"]["x"]]
    assert charts["years"]["text"][1] == "450 triệu đồng" and charts["years"]["axis_title"] == "triệu đồng"
    assert charts["years"]["y"][1] == 450.0 and charts["years"]["separators"] == ",."
    by_child = compute(codes=["support_funds"], unit=world.hanoi, period="2011-2015", by="child")
    shown = dict(zip(charts["children"]["x"], charts["children"]["text"], strict=True))
    assert shown["Xã Phú Nghĩa [10030]"] == CATALOGUE["support_funds"].display(
        by_child.breakdown["10030"]["support_funds"]) == "650 triệu đồng"
    assert "Tính trực tiếp từ dữ liệu lúc xem trang." in body
    assert 'src="/static/plotly/plotly.min.js"' in body and 'src="/static/indicators/charts.js"' in body


def test_programme_page_map_sizes_units_by_the_indicator(client, people, world):
    client.force_login(people.staff)
    body = client.get(PROGRAMME, {"unit_code": "277", "unit_hierarchy": "legacy", "period": "2011-2015",
                                  "indicator": "jobs_created"}).content.decode()
    circles = dict(re.findall(r'<circle class="unit-point"[^>]*data-unit="(\d+)"><title>([^<]*)</title>', body))
    assert circles["10033"] == "Xã Phú Nghĩa [10033] (cũ): 50"  # P1 (30) and P2 (20) placed in old Phú Nghĩa
    assert circles["10063"].endswith(": 0")
    radius = dict(re.findall(r'r="([\d.]+)"[^>]*data-unit="(\d+)"', body))
    assert float(dict((u, r) for r, u in radius.items())["10033"]) == 18.0  # the largest value: the largest circle


def test_cards_show_targets_with_status_and_method(client, people, world):
    target_create(actor=people.staff, indicator="employment_rate", unit=world.hanoi, period=Period(2011, 2015),
                  low=Decimal(80))
    target_create(actor=people.staff, indicator="jobs_created", unit=world.hanoi, period=Period(2011, 2015),
                  low=Decimal(40), high=Decimal(60))
    client.force_login(people.staff)
    body = client.get(PROGRAMME, {"unit_code": "01", "period": "2011-2015"}).content.decode()
    assert "Mục tiêu: ≥ 80,0% Không đạt" in card(body, "employment_rate")
    assert "Kỳ đã kết thúc: tỷ lệ cả kỳ 2011–2015." in card(body, "employment_rate")
    assert "Mục tiêu: 40 – 60 Đạt" in card(body, "jobs_created")
    assert "Chưa đặt mục tiêu cho kỳ này." in card(body, "craft_villages")
    assert chart_json(body)["indicator"] == "jobs_created"  # the first indicator with a target is drawn
    assert '<option value="jobs_created" selected>' in body  # and the list says so


def test_values_not_yet_approved_are_marked(client, people, world):
    target_create(actor=people.staff, indicator="village_share_of_industry", unit=world.hanoi,
                  period=Period(2011, 2015), low=Decimal(1))
    client.force_login(people.staff)
    body = client.get(PROGRAMME, {"unit_code": "01", "period": "2011-2015"}).content.decode()
    assert "có số liệu chưa duyệt" in card(body, "village_share_of_industry")
    assert "có số liệu chưa duyệt" not in card(body, "jobs_created")


def test_a_commune_officer_sees_her_commune_and_nothing_above(client, people, world):
    client.force_login(people.officer)
    response = client.get(PROGRAMME)
    body = response.content.decode()
    assert response.status_code == 200 and "<h2>Xã Phú Nghĩa [10030], 2011–2015</h2>" in body
    assert "Xã/phường không có đơn vị cấp dưới" in body and 'id="chart-children"' not in body
    for params in ({"unit_code": "01", "period": "2011-2015"}, {"unit_code": "277", "unit_hierarchy": "legacy",
                                                               "period": "2015"},
                   {"unit_code": "", "period": "2015"}):
        assert client.get(PROGRAMME, params).status_code == 404
    response = client.get(PIVOT, {"indicator": ["jobs_created"], "units": "10030, 01", "periods": "2015"})
    assert response.status_code == 404


def test_a_district_officer_and_the_home_tiles(client, people, world, make_user):
    target_create(actor=people.staff, indicator="jobs_created", unit=world.chuong_my, period=Period(2011, 2015),
                  low=Decimal(100))
    district = make_user("chuongmy", role="local_officer", unit="277", hierarchy="legacy")
    client.force_login(district)
    body = client.get(reverse("core:home")).content.decode()
    assert "Chỉ tiêu chính — Huyện Chương Mỹ [277] (cũ), 2011–2015" in body
    expected = compute(codes=["jobs_created"], unit=world.chuong_my, period="2011-2015").values["jobs_created"]
    assert f'<span class="tile-value">{expected}</span>' in body
    assert "Mục tiêu: ≥ 100 Không đạt" in text_of(body)
    body = client.get(PROGRAMME).content.decode()
    assert "<h2>Huyện Chương Mỹ [277] (cũ), 2011–2015</h2>" in body and 'id="chart-children"' in body
    assert client.get(PROGRAMME, {"unit_code": "01", "unit_hierarchy": "legacy", "period": "2015"}).status_code == 404
    client.force_login(people.officer)
    body = client.get(reverse("core:home")).content.decode()
    assert "Chỉ tiêu chính — Xã Phú Nghĩa [10030], 2011–2015" in body


@pytest.mark.parametrize(("params", "message"), [
    ({"unit_code": "01", "period": "2015-2011"}, "viết ngược: năm đầu phải trước năm cuối, hãy viết 2011-2015"),
    ({"unit_code": "01", "period": "1989"}, "Năm 1989 trước 1990"),
    ({"unit_code": "277", "unit_hierarchy": "current", "period": "2015"}, "chọn hệ thống legacy"),
    ({"unit_code": "98765", "period": "2015"}, "Không tìm thấy đơn vị có mã “98765”"),
    ({"unit_code": "01", "period": "2015", "indicator": "viec_lam"}, "Chỉ tiêu “viec_lam” không có trong danh mục"),
])
def test_programme_bad_input_gets_a_message(client, people, world, params, message):
    client.force_login(people.staff)
    response = client.get(PROGRAMME, params)
    assert response.status_code == 400 and message in text_of(response.content.decode())


def pivot_params(**extra):
    return {"indicator": ["jobs_created", "employment_rate", "support_funds"], "units": "01, 10030",
            "legacy_units": "277", "periods": "2015, 2011-2015", **extra}


def test_pivot_values_are_the_engines(client, people, world):
    client.force_login(people.staff)
    response = client.get(PIVOT, pivot_params())
    body = response.content.decode()
    assert response.status_code == 200
    rows = re.findall(r'<tr class="pivot-row">(.*?)</tr>', body, re.S)
    assert len(rows) == 6  # 3 units × 2 periods
    for unit in (world.hanoi, world.phu_nghia, world.chuong_my):
        for period in ("2015", "2011-2015"):
            result = compute(codes=["jobs_created", "employment_rate", "support_funds"], unit=unit, period=period)
            label = f"{unit.label} {Period.parse(period).label}"
            row = next(text_of(r) for r in rows if text_of(r).startswith(label + " "))
            assert row == label + " " + " ".join(CATALOGUE[c].display(result.values[c]) for c in result.values)


def test_pivot_computes_siblings_together_with_the_same_figures(client, people, world):
    """Five communes of Hanoi are computed by one breakdown of Hanoi per period: each row is still what computing
    that commune alone gives, its marks of unapproved data included."""
    from khuyencong.indicators.models import DataElement, DataValue, ValueState

    element = DataElement.objects.get(code="industrial_production_value")
    DataValue.objects.create(element=element, unit=world.phu_nghia, year=2015, value=Decimal(100_000 * M),
                             state=ValueState.SUBMITTED)
    DataValue.objects.create(element=element, unit=world.quang_bi, year=2015, value=Decimal(1_000 * M),
                             state=ValueState.APPROVED)
    codes = ["jobs_created", "employment_rate", "village_production_value", "village_share_of_industry"]
    client.force_login(people.staff)
    with CaptureQueriesContext(connection) as queries:
        body = client.get(PIVOT, {"indicator": codes, "units": "10030, 10072, 10126, 00004, 00008",
                                  "periods": "2015, 2011-2015"}).content.decode()
    rows = [text_of(r) for r in re.findall(r'<tr class="pivot-row">(.*?)</tr>', body, re.S)]
    assert len(rows) == 10
    for unit in (world.phu_nghia, world.quang_bi, world.binh_minh, world.ba_dinh):
        for period in ("2015", "2011-2015"):
            result = compute(codes=codes, unit=unit, period=period)
            cells = [CATALOGUE[c].display(result.values[c]) + (" chưa duyệt" if c in result.unapproved else "")
                     for c in codes]
            assert f"{unit.label} {Period.parse(period).label} {' '.join(cells)}" in rows
    assert "Xã Phú Nghĩa [10030] 2015 0 — 55 tỷ đồng 55,0% chưa duyệt" in rows  # marked though grouped
    assert len(queries.captured_queries) < 60


def test_pivot_xlsx_holds_numbers_and_no_formula(client, people, world):
    client.force_login(people.staff)
    response = client.get(PIVOT, pivot_params(format="xlsx"))
    assert response["Content-Disposition"].startswith("attachment")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Mã đơn vị", "Đơn vị", "Hệ thống", "Kỳ", "Việc làm tạo ra (người)",
                       "Tỷ lệ học viên có việc làm (%)", "Kinh phí khuyến công hỗ trợ (đồng)")
    by_key = {(r[0], r[3]): r for r in rows[1:]}
    assert by_key[("01", "2011-2015")][4:] == (50, 75.0, 1410 * M)
    assert by_key[("277", "2015")][2] == "legacy"
    assert sheet.freeze_panes == "A2"
    assert sheet.cell(row=2, column=7).number_format == "#,##0"
    assert all(not (isinstance(v, str) and v.startswith("=")) for r in rows for v in r)
    assert all(cell.data_type != "f" for r in sheet.iter_rows() for cell in r)


@pytest.mark.parametrize(("params", "message"), [
    ({"periods": "2015-2011"}, "viết ngược: năm đầu phải trước năm cuối, hãy viết 2011-2015"),
    ({"periods": "2015, 1985"}, "Năm 1985 trước 1990"),
    ({"units": "277"}, "chọn hệ thống legacy"),
    ({"legacy_units": "10030, 99999"}, "Không tìm thấy đơn vị có mã “99999”"),
    ({"indicator": ["jobs_created", "viec_lam"]}, "Không có chỉ tiêu “viec_lam”. Các chỉ tiêu: "),
    ({"units": "", "legacy_units": ""}, "Ghi ít nhất một mã đơn vị"),
    ({"periods": ", ".join(str(y) for y in range(2000, 2011))}, "Tối đa 10 kỳ một lần (đang ghi 11)"),
])
def test_pivot_bad_input_gets_a_message(client, people, world, params, message):
    client.force_login(people.staff)
    response = client.get(PIVOT, pivot_params(**params))
    assert response.status_code == 400 and message in text_of(response.content.decode())


def test_pivot_size_is_bounded(client, people, world):
    from khuyencong.geo.models import AdminUnit

    communes = list(AdminUnit.objects.filter(hierarchy="current", province=world.hanoi, level="commune")
                    .values_list("code", flat=True)[:51])
    client.force_login(people.staff)
    body = text_of(client.get(PIVOT, pivot_params(units=", ".join(communes))).content.decode())
    assert "Tối đa 50 đơn vị một lần (đang ghi 52)" in body
    body = text_of(client.get(PIVOT, pivot_params(units=", ".join(communes[:40]),
                                                  periods=", ".join(str(y) for y in range(2011, 2017)))).content
                   .decode())
    assert "Bảng quá lớn: 41 đơn vị × 6 kỳ = 246 dòng, tối đa 200 dòng." in body


def test_pivot_opens_on_the_users_unit(client, people, world):
    client.force_login(people.officer)
    response = client.get(PIVOT)
    assert response.status_code == 200
    assert 'name="units" value="10030"' in response.content.decode()


def test_programme_page_computes_twice_whatever_the_children(client, people, world):
    """One computation by year and one by child unit: the number of queries does not grow with the units."""
    client.force_login(people.staff)
    with CaptureQueriesContext(connection) as hanoi:
        client.get(PROGRAMME, {"unit_code": "01", "period": "2011-2015"})
    with CaptureQueriesContext(connection) as district:
        client.get(PROGRAMME, {"unit_code": "277", "unit_hierarchy": "legacy", "period": "2011-2015"})
    assert len(hanoi.captured_queries) < 120
    assert abs(len(hanoi.captured_queries) - len(district.captured_queries)) < 10  # 126 communes vs 31


def test_plotly_is_served_from_the_wheel(client):
    found = finders.find("plotly/plotly.min.js")
    assert found and "site-packages/plotly/package_data" in found.replace("\\", "/")


def test_pages_in_english(client, people, world, settings):
    client.force_login(people.staff)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get(PROGRAMME, {"unit_code": "01", "period": "2011-2015"}).content.decode()
    assert "Industrial promotion programme" in body and "No target set for this period." in body
    assert chart_json(body)["years"]["title"] == "Jobs created by year"
    body = client.get(PIVOT, pivot_params(periods="2015-2011")).content.decode()
    assert "Pivot table" in body and "written backwards" in body


def test_the_whole_country_for_a_nationwide_user(client, people, world, make_user):
    client.force_login(make_user("trunguong", role="viewer", unit=None))
    response = client.get(PROGRAMME)  # opens on the whole country
    body = response.content.decode()
    assert response.status_code == 200 and "<h2>Toàn quốc, 2011–2015</h2>" in body
    expected = compute(codes=["jobs_created"], unit=None, period="2011-2015").values["jobs_created"]
    assert card(body, "jobs_created").startswith(f"Việc làm tạo ra {expected} ")
    assert "Chọn một tỉnh để xem theo đơn vị cấp dưới." in body and 'id="unit-map"' not in body
    assert chart_json(body)["years"]["x"] == ["2011", "2012", "2013", "2014", "2015"]


def test_the_pages_read_the_fresh_aggregate_tables(client, people, world):
    from django.db import connection as conn

    from khuyencong.indicators import facts

    ours = (facts._after_commit, facts._after_commit_forced)  # the world's pending refresh is dropped (no commit)
    conn.run_on_commit[:] = [entry for entry in conn.run_on_commit if entry[1] not in ours]
    facts.rebuild()
    client.force_login(people.staff)
    body = client.get(PROGRAMME, {"unit_code": "277", "unit_hierarchy": "legacy", "period": "2011-2015",
                                  "indicator": "support_funds"}).content.decode()
    assert "Số liệu từ bảng tổng hợp lúc" in body
    direct = compute(unit=world.chuong_my, period="2011-2015", by="child", source="direct")
    for code in ("establishments_supported", "jobs_created", "employment_rate", "craft_villages"):
        assert CATALOGUE[code].display(direct.values[code]) in card(body, code)
    shown = dict(zip(chart_json(body)["children"]["x"], chart_json(body)["children"]["text"], strict=True))
    assert shown == {direct.breakdown_labels[k]: CATALOGUE["support_funds"].display(row["support_funds"])
                     for k, row in direct.breakdown.items() if row["support_funds"]}
    body = client.get(PIVOT, pivot_params()).content.decode()
    assert "Số liệu từ bảng tổng hợp lúc" in body
