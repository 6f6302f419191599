"""Numbers, money and dates as Vietnamese write them: 1.350; 626,5; 7.658 tỷ đồng; 14/04/2016."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

MILLION = 1_000_000
BILLION = 1_000_000_000


def format_number(value, decimals: int | None = None) -> str:
    """'.' groups thousands, ',' marks decimals. Without `decimals`, trailing zeros are dropped."""
    if value is None or value == "":
        return ""
    number = Decimal(str(value))
    if decimals is not None:
        number = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
        text = f"{abs(number):,.{decimals}f}"
    else:
        text = f"{abs(number):,f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
    text = text.replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")
    return f"-{text}" if number < 0 else text


def format_vnd(amount, unit: str = "auto", decimals: int = 1) -> str:
    """VND shown in đồng, triệu đồng or tỷ đồng; 'auto' picks the largest unit that reads as ≥ 1."""
    if amount is None or amount == "":
        return ""
    value = Decimal(str(amount))
    if unit == "auto":
        unit = "ty" if abs(value) >= BILLION else "trieu" if abs(value) >= MILLION else "dong"
    if unit == "dong":
        return f"{format_number(value, 0)} đồng"
    divisor, label = (BILLION, "tỷ đồng") if unit == "ty" else (MILLION, "triệu đồng")
    scaled = (value / divisor).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return f"{format_number(scaled.normalize() if scaled == scaled.to_integral() else scaled)} {label}"


def format_vnd_exact(amount) -> str:
    """VND in the largest unit that shows it without rounding (180 triệu đồng, 1,5 tỷ đồng, 1.234.567 đồng):
    for a change log, where 1.234.567 → 1.234.999 must not read as "1,2 triệu đồng → 1,2 triệu đồng"."""
    if amount is None or amount == "":
        return ""
    value = Decimal(str(amount))
    for unit, divisor in (("ty", BILLION), ("trieu", MILLION)):
        if abs(value) >= divisor and value % (divisor // 10) == 0:
            return format_vnd(value, unit)
    return format_vnd(value, "dong")


# Amounts are whole đồng in BigIntegerFields; these names mark an amount where no field is at hand.
MONEY_NAME_ENDINGS = ("_funds", "cost", "_value", "revenue", "income", "_amount", "amount", "advances_paid",
                      "budget_ceiling")


def is_money_name(name: str) -> bool:
    return name.endswith(MONEY_NAME_ENDINGS)


def is_year_name(name: str) -> bool:
    """Years (2015) are written without a thousands dot."""
    return name == "year" or name.endswith("_year")


def format_date(value: datetime.date | datetime.datetime | None) -> str:
    if value is None:
        return ""
    return value.strftime("%d/%m/%Y")


def format_datetime(value: datetime.datetime | None) -> str:
    if value is None:
        return ""
    from django.utils import timezone

    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime("%d/%m/%Y %H:%M")


def format_percent(value, decimals: int = 1) -> str:
    if value is None:
        return ""
    return f"{format_number(value, decimals)}%"
