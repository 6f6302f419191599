import datetime
from decimal import Decimal

import pytest

from khuyencong.core.formatting import format_date, format_number, format_percent, format_vnd
from khuyencong.core.text import fold


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (1350, None, "1.350"),
        (626.5, None, "626,5"),
        (Decimal("626.50"), None, "626,5"),
        (17800, None, "17.800"),
        (1234567.891, 2, "1.234.567,89"),
        (-5000, None, "-5.000"),
        (0, None, "0"),
        (8.4, 1, "8,4"),
        (None, None, ""),
    ],
)
def test_vietnamese_numbers(value, decimals, expected):
    assert format_number(value, decimals) == expected


@pytest.mark.parametrize(
    ("amount", "unit", "expected"),
    [
        (7_658_000_000_000, "auto", "7.658 tỷ đồng"),
        (6_077_500_000_000, "ty", "6.077,5 tỷ đồng"),
        (35_000_000, "auto", "35 triệu đồng"),
        (500_000_000, "trieu", "500 triệu đồng"),
        (1_250_000, "trieu", "1,3 triệu đồng"),
        (950_000, "auto", "950.000 đồng"),
        (200_000_000, "dong", "200.000.000 đồng"),
    ],
)
def test_vnd_in_dong_trieu_and_ty(amount, unit, expected):
    assert format_vnd(amount, unit) == expected


def test_dates_are_day_month_year():
    assert format_date(datetime.date(2016, 4, 14)) == "14/04/2016"
    assert format_date(None) == ""


def test_percent_uses_decimal_comma():
    assert format_percent(81.06) == "81,1%"


def test_template_filters_are_builtin():
    from django.template import engines

    template = engines["django"].from_string("{{ n|vn_number }} · {{ m|vnd }} · {{ d|vn_date }}")
    html = template.render({"n": 626500, "m": 7_658_000_000_000, "d": datetime.date(2025, 7, 1)})
    assert html == "626.500 · 7.658 tỷ đồng · 01/07/2025"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Làng nghề Vạn Phúc", "lang nghe van phuc"), ("ĐÔNG  Hồ", "dong ho"), ("", ""), (None, "")],
)
def test_fold_removes_diacritics_and_case(text, expected):
    assert fold(text) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Công ty TNHH Mây tre đan Phú Vinh", "may tre dan phu vinh"),
        ("HTX Mây tre đan Phú Vinh", "may tre dan phu vinh"),
        ("Cơ sở sản xuất Gốm Bát Tràng", "gom bat trang"),
        ("Hộ kinh doanh  Nguyễn Văn A.", "nguyen van a"),
    ],
)
def test_match_name_drops_legal_forms(name, expected):
    from khuyencong.registry.derive import match_name

    assert match_name(name) == expected


def test_a_moment_is_dated_in_hanoi_not_in_utc():
    late_utc = datetime.datetime(2016, 4, 18, 23, 30, tzinfo=datetime.UTC)
    assert format_date(late_utc) == "19/04/2016"
    assert format_date(datetime.date(2016, 4, 18)) == "18/04/2016"
