"""Numbers, money and dates as Vietnamese write them: 1.350; 626,5; 7.658 tỷ đồng; 14/04/2016."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

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
    """A moment is dated in Hà Nội: 23:30 UTC on the 18th is already the 19th there."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime("%d/%m/%Y")


def format_datetime(value: datetime.datetime | None) -> str:
    if value is None:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime("%d/%m/%Y %H:%M")


def format_percent(value, decimals: int = 1) -> str:
    if value is None:
        return ""
    return f"{format_number(value, decimals)}%"


class NumberError(ValueError):
    """Text that is not a number; the message is ready to show to a user."""


def parse_number(text) -> Decimal | None:
    """A number as people type it, the inverse of `format_number`: "1.350" and "1350" are 1350, "626,5" and
    "626.5" are 626.5, "7.658.000,25" is 7658000.25. A lone "." followed by exactly three digits groups
    thousands (Vietnamese usage); any other lone separator marks decimals. Empty text is None."""
    if text is None:
        return None
    if isinstance(text, (int, Decimal)) and not isinstance(text, bool):
        return Decimal(text)
    if isinstance(text, float):
        return Decimal(str(text))
    raw = str(text).strip().replace("\u00a0", "").replace(" ", "")
    if raw == "":
        return None
    body = raw.lstrip("+-")
    sign = "-" if raw.startswith("-") else ""
    if not body or any(ch not in "0123456789.," for ch in body) or not body[0].isdigit():
        raise NumberError(f"“{text}” không phải là số (ví dụ 1.350 hoặc 626,5).")
    dots, commas = body.count("."), body.count(",")
    if dots and commas:  # the separator that comes last marks the decimals
        decimal_mark = "," if body.rfind(",") > body.rfind(".") else "."
    elif dots + commas == 0:
        decimal_mark = None
    else:
        mark = "." if dots else ","
        parts = body.split(mark)
        grouped = all(len(p) == 3 for p in parts[1:]) and 1 <= len(parts[0]) <= 3 and parts[0][0] != "0"
        if len(parts) > 2 or (mark == "." and grouped):
            decimal_mark = None if grouped else "bad"
        else:
            decimal_mark = mark
    if decimal_mark == "bad":
        raise NumberError(f"“{text}” không phải là số (ví dụ 1.350 hoặc 626,5).")
    group_mark = {",": ".", ".": ","}.get(decimal_mark) if decimal_mark else None
    if decimal_mark is None:
        digits = body.replace(".", "").replace(",", "")
    else:
        integer, _sep, fraction = body.rpartition(decimal_mark)
        if decimal_mark in integer or not fraction.isdigit():
            raise NumberError(f"“{text}” không phải là số (ví dụ 1.350 hoặc 626,5).")
        if group_mark and group_mark in integer:
            groups = integer.split(group_mark)
            if not (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])):
                raise NumberError(f"“{text}” không phải là số (ví dụ 1.350 hoặc 626,5).")
        digits = integer.replace(group_mark or "", "") + "." + fraction
    try:
        return Decimal(sign + digits)
    except ArithmeticError:
        raise NumberError(f"“{text}” không phải là số (ví dụ 1.350 hoặc 626,5).") from None
