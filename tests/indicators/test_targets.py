"""Targets: status projected to the period's end, the method in words, entry by Centre staff, bad input."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from khuyencong.core.periods import Period
from khuyencong.indicators.models import DataElement, DataValue, Target
from khuyencong.indicators.services.targets import target_create
from khuyencong.indicators.targets import target_status
from tests.indicators.conftest import M


def status(world, indicator, period, low=None, high=None, today=datetime.date(2026, 6, 1)):
    period = Period.parse(period)
    target = Target(indicator=indicator, unit=world.hanoi, start_year=period.start, end_year=period.end,
                    low=None if low is None else Decimal(low), high=None if high is None else Decimal(high))
    return target_status(target, today=today)


def test_cumulative_projected_from_the_years_so_far(world):
    # 2011–2015 seen in mid-2013: jobs so far (2011–2013) are P1's 30, over 3 of 5 years
    s = status(world, "jobs_created", "2011-2015", low=45, high=60, today=datetime.date(2013, 7, 1))
    assert s.actual == 30 and s.projection == 50 and s.status == "on_track"
    assert "Cộng dồn 2011–2013: 30" in s.method and "30 × 5/3 = 50" in s.method
    s = status(world, "jobs_created", "2011-2015", low=60, today=datetime.date(2013, 7, 1))
    assert s.status == "at_risk" and s.label == "Có nguy cơ không đạt"
    s = status(world, "jobs_created", "2011-2015", low=25, today=datetime.date(2013, 7, 1))
    assert s.status == "met"  # already reached, before the period ends


def test_after_the_period_the_actual_decides(world):
    assert status(world, "jobs_created", "2011-2015", low=50).status == "met"
    s = status(world, "jobs_created", "2011-2015", low=60_000, high=75_000)
    assert s.status == "not_met" and s.actual == 50 and s.bounds == "60.000 – 75.000"
    assert status(world, "employment_rate", "2011-2015", low=80).status == "not_met"  # 75%


def test_a_rate_so_far_stands_for_the_period(world):
    s = status(world, "employment_rate", "2011-2015", low=70, today=datetime.date(2014, 3, 1))
    # K1 (2013): T1 employed, T3 not → 50% so far
    assert s.actual == 50.0 and s.status == "at_risk" and "Tỷ lệ của 2011–2014 (50,0%)" in s.method


def test_an_end_of_period_value_grows_at_its_average_rate(world):
    element = DataElement.objects.get(code="handicraft_exports_usd")
    for year, value in ((2016, 330 * M), (2017, 363 * M)):
        DataValue.objects.create(element=element, unit=world.hanoi, year=year, value=value)
    # 2015: 300, 2016: 330, 2017: 363 → 10% a year → 2020: 363 × 1.1³ = 483.153
    s = status(world, "handicraft_exports", "2020", low=400 * M, today=datetime.date(2018, 3, 1))
    assert s.actual == 363 * M
    assert s.projection == pytest.approx(483_153_000)
    assert s.status == "on_track"
    assert "tăng bình quân 10,0%/năm từ năm 2015, dự báo năm 2020: 483,2 triệu USD" in s.method
    assert s.bounds == "≥ 400 triệu USD"


def test_no_data_is_said_so(world):
    s = status(world, "handicraft_export_growth", "2011-2015", low=12, high=15)
    assert s.status == "no_data" and s.label == "Chưa có số liệu" and s.method
    assert status(world, "jobs_created", "2030", low=1, today=datetime.date(2026, 1, 1)).method == "Kỳ chưa bắt đầu."


def test_staff_enter_targets_and_bad_input_is_refused(client, people, world):
    client.force_login(people.staff)
    url = reverse("indicators:target_create")
    response = client.post(url, {"indicator": "jobs_created", "unit_code": "01", "unit_hierarchy": "current",
                                 "programme": "", "period": "2015-2011", "low": "nhiều", "high": "75.000"})
    body = response.content.decode()
    assert response.status_code == 400
    assert "hãy viết 2011-2015" in body and "Nhập một số, ví dụ 60.000 hoặc 12,5." in body  # all errors at once
    assert 'value="75.000"' in body
    response = client.post(url, {"indicator": "jobs_created", "unit_code": "01", "unit_hierarchy": "current",
                                 "programme": "2011-2015", "low": "60.000", "high": "45.000"})
    assert "Mức cao nhỏ hơn mức thấp." in response.content.decode()
    response = client.post(url, {"indicator": "jobs_created", "unit_code": "01", "unit_hierarchy": "current",
                                 "programme": "2011-2015", "low": "40", "high": "60"})
    assert response.status_code == 302
    target = Target.objects.get()
    assert (target.start_year, target.end_year, target.low, target.high) == (2011, 2015, 40, 60)
    body = client.get(reverse("indicators:target_list")).content.decode()
    assert "Đạt" in body and "Kỳ đã kết thúc: cộng dồn cả kỳ 2011–2015." in body and "40 – 60" in body
    assert "2011–2015" in body  # the programme's name
    client.force_login(people.viewer)
    assert client.post(url, {}).status_code == 403


def test_duplicate_target_is_refused(people, world):
    target_create(actor=people.staff, indicator="jobs_created", unit=world.hanoi, period=Period(2016, 2020),
                  low=Decimal(60_000))
    with pytest.raises(ValidationError, match="Đã có mục tiêu"):
        target_create(actor=people.staff, indicator="jobs_created", unit=world.hanoi, period=Period(2016, 2020),
                      high=Decimal(1))
