"""Demo reported data for Hà Nội (current 01) and the targets of the 2016–2020 programme (from the published
targets: jobs for 60,000–75,000 rural workers, 50 technology projects, handicraft exports above 400 million USD in
2020 growing 12–15% a year), plus an illustrative target for 2026–2030. All writes go through the services; the
figures are illustrative, not official statistics. Idempotent."""

from decimal import Decimal

from django.db import transaction

from khuyencong.accounts.models import User
from khuyencong.core.periods import Period
from khuyencong.geo.selectors import unit_get
from khuyencong.indicators.models import DataElement, DataValue, Target, ValueState
from khuyencong.indicators.services.data_values import data_value_approve, data_value_save, data_value_submit
from khuyencong.indicators.services.targets import target_create

B = 1_000_000_000
M = 1_000_000

# element, year, value, state reached
VALUES = [
    ("industrial_production_value", 2015, 91_200 * B, ValueState.APPROVED),
    ("cnnt_production_value", 2010, 50_000 * B, ValueState.APPROVED),
    ("cnnt_production_value", 2014, 73_100 * B, ValueState.APPROVED),
    ("cnnt_production_value", 2015, 80_500 * B, ValueState.APPROVED),
    ("handicraft_exports_usd", 2015, 250 * M, ValueState.APPROVED),
    ("handicraft_exports_usd", 2016, 276 * M, ValueState.APPROVED),
    ("handicraft_exports_usd", 2017, 304 * M, ValueState.APPROVED),
    ("handicraft_exports_usd", 2018, 338 * M, ValueState.APPROVED),
    ("handicraft_exports_usd", 2019, 371 * M, ValueState.SUBMITTED),
    ("handicraft_exports_usd", 2020, 402 * M, ValueState.DRAFT),
]

# indicator, period, low, high, note
TARGETS = [
    ("jobs_created", "2016-2020", 60_000, 75_000, "Chương trình 2016–2020: việc làm cho 60.000–75.000 lao động"),
    ("technology_projects", "2016-2020", 50, None, "50 đề án chuyển giao công nghệ, thiết bị tiên tiến"),
    ("handicraft_exports", "2020", 400 * M, None, "Xuất khẩu thủ công mỹ nghệ trên 400 triệu USD năm 2020"),
    ("handicraft_export_growth", "2016-2020", 12, 15, "Tăng 12–15%/năm"),
    ("jobs_created", "2026-2030", 60_000, 70_000, "Minh hoạ cho chương trình 2026–2030"),
    ("employment_rate", "2026-2030", 80, None, "Minh hoạ: ít nhất 80% học viên có việc làm"),
]


def seed(stdout) -> None:
    users = {u.username: u for u in User.objects.filter(username__in=["canbo", "lanhdao"])}
    if len(users) < 2:
        stdout.write("Chỉ tiêu mẫu: thiếu tài khoản mẫu (canbo, lanhdao), bỏ qua.")
        return
    hanoi = unit_get(code="01")
    elements = {e.code: e for e in DataElement.objects.all()}
    made = targets = 0
    with transaction.atomic():
        for code, year, amount, state in VALUES:
            if DataValue.objects.filter(element=elements[code], unit=hanoi, year=year).exists():
                continue
            value = data_value_save(actor=users["canbo"], element=elements[code], unit=hanoi, year=year,
                                    value=Decimal(amount))
            if state != ValueState.DRAFT:
                value = data_value_submit(actor=users["canbo"], value=value)
            if state == ValueState.APPROVED:
                data_value_approve(actor=users["lanhdao"], value=value)
            made += 1
        for indicator, period_text, low, high, note in TARGETS:
            period = Period.parse(period_text)
            if Target.objects.filter(indicator=indicator, unit=hanoi, start_year=period.start,
                                     end_year=period.end).exists():
                continue
            target_create(actor=users["canbo"], indicator=indicator, unit=hanoi, period=period,
                          low=Decimal(low) if low is not None else None,
                          high=Decimal(high) if high is not None else None, note=note)
            targets += 1
    stdout.write(f"Chỉ tiêu: {made} số liệu báo cáo mẫu của Hà Nội, {targets} mục tiêu.")
