"""The indicators page, the catalogue, the XLSX export and the home tiles; bad input gets a clear message."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from khuyencong.indicators.catalogue import CATALOGUE
from tests.indicators.conftest import M

INDEX = reverse("indicators:index")


def test_results_for_a_unit_and_period(client, people, world):
    client.force_login(people.staff)
    response = client.get(INDEX, {"unit_code": "01", "unit_hierarchy": "current", "period": "2011-2015"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Thành phố Hà Nội [01], 2011–2015" in body
    assert "75,0%" in body and "1,4 tỷ đồng" in body and "1.050" in body and "300 triệu USD" in body
    assert "chưa duyệt" in body  # the share uses a value not yet approved
    assert "Tính trực tiếp từ dữ liệu lúc xem trang." in body


def test_results_by_child_and_by_year(client, people, world):
    client.force_login(people.staff)
    body = client.get(INDEX, {"unit_code": "277", "unit_hierarchy": "legacy", "period": "2011-2015",
                              "by": "child"}).content.decode()
    assert "Xã Phú Nghĩa [10033] (cũ)" in body and "Xã Lam Điền [10063] (cũ)" in body
    body = client.get(INDEX, {"unit_code": "01", "period": "2014-2015", "by": "year"}).content.decode()
    assert "<th class=\"num\">2014</th>" in body and "760 triệu đồng" in body


@pytest.mark.parametrize(("params", "message"), [
    ({"unit_code": "01", "period": "2015-2011"}, "viết ngược: năm đầu phải trước năm cuối, hãy viết 2011-2015"),
    ({"unit_code": "01", "period": "1989"}, "Năm 1989 trước 1990"),
    ({"unit_code": "01", "period": "hai nghìn"}, "hãy viết một năm (2015) hoặc năm đầu-năm cuối (2011-2015)"),
    ({"unit_code": "277", "unit_hierarchy": "current", "period": "2015"}, "chọn hệ thống legacy"),
    ({"unit_code": "98765", "period": "2015"}, "Không tìm thấy đơn vị có mã “98765”"),
    ({"unit_code": "10030", "period": "2015", "by": "child"}, "không có đơn vị cấp dưới"),
])
def test_bad_input_gets_a_message(client, people, world, params, message):
    client.force_login(people.staff)
    response = client.get(INDEX, params)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_unit_outside_the_users_area(client, people, world):
    client.force_login(people.officer)
    response = client.get(INDEX, {"unit_code": "01", "period": "2015"})
    assert response.status_code == 400 and "Thành phố Hà Nội [01] nằm ngoài địa bàn bạn được giao." in \
        response.content.decode()
    response = client.get(INDEX)  # opens on their own commune
    assert response.status_code == 200 and "Xã Phú Nghĩa [10030]" in response.content.decode()


def test_xlsx_export_holds_the_numbers(client, people, world):
    client.force_login(people.staff)
    response = client.get(INDEX, {"unit_code": "01", "period": "2011-2015", "by": "year", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = {row[0]: row for row in sheet.iter_rows(values_only=True)}
    assert rows["Mã"][3:] == ("Tổng", "2011", "2012", "2013", "2014", "2015")
    assert rows["support_funds"][3] == 1410 * M and rows["support_funds"][7] == 200 * M
    assert rows["employment_rate"][3] == 75.0
    assert rows["handicraft_export_growth"][3] is None


def test_catalogue_shows_every_definition(client, people):
    client.force_login(people.viewer)
    body = client.get(reverse("indicators:catalogue")).content.decode()
    for indicator in CATALOGUE.values():
        assert f'id="{indicator.code}"' in body
        assert str(indicator.definition).split("(")[0].strip()[:40] in body
    assert "(V2015 / V2010)^(1/5) − 1" in body and "Nghị định 52/2018/NĐ-CP" in body
    assert "industrial_production_value" in body


def test_home_tiles_come_from_the_engine(client, people, world):
    client.force_login(people.staff)
    body = client.get(reverse("core:home")).content.decode()
    assert "Chỉ tiêu chính — Thành phố Hà Nội [01], 2011–2015" in body  # the only programme
    assert '<span class="tile-value">75,0%</span>' in body
    assert '<span class="tile-value">4</span>' in body  # establishments supported


def test_menu_points_to_the_indicators(client, people):
    client.force_login(people.viewer)
    body = client.get(reverse("core:home")).content.decode()
    assert f'<a href="{INDEX}"' in body


def test_the_whole_country_only_for_nationwide_users(client, people, make_user, world):
    client.force_login(people.staff)
    response = client.get(INDEX, {"unit_code": "", "period": "2011-2015"})
    assert response.status_code == 400 and "Toàn quốc nằm ngoài địa bàn bạn được giao." in response.content.decode()
    client.force_login(make_user("trunguong", role="viewer", unit=None))
    body = client.get(INDEX, {"unit_code": "", "period": "2011-2015"}).content.decode()
    assert "<h2>Toàn quốc, 2011–2015</h2>" in body
    assert "1,5 tỷ đồng" in body  # every province: Hanoi's 1.410 million and the other city's 50


def test_a_value_is_compared_with_its_target(client, people, world):
    from decimal import Decimal

    from khuyencong.core.periods import Period
    from khuyencong.indicators.services.targets import target_create

    target_create(actor=people.staff, indicator="employment_rate", unit=world.hanoi, period=Period(2011, 2015),
                  low=Decimal(80))
    client.force_login(people.staff)
    body = client.get(INDEX, {"unit_code": "01", "period": "2011-2015"}).content.decode()
    assert '≥ 80,0% <span class="badge bad" title="Kỳ đã kết thúc: tỷ lệ cả kỳ 2011–2015.">Không đạt</span>' in body
