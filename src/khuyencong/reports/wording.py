"""How a report (and later the news portal) writes a figure in a sentence, as an official would.

The rule, for a count of people, establishments, classes, villages:

1. Small counts are exact: below 1.000 ("mở 473 lớp", "250 làng nghề").
2. Round figures are exact: a count with at most three significant digits (1.350; 17.800; 120.000) is
   already the figure an official would write.
3. Any other count is rounded to two significant digits (5.123 → 5.100; 49.612 → 50.000; 1.284.000 →
   1.300.000) and prefixed with "hơn" when the true value is above the rounded figure ("hơn 5.100") or
   "gần" when it is below ("gần 50.000"), so the sentence never claims more than was done.
4. An estimate — a projection, or a figure that rests on reported data not yet approved — is written
   "khoảng" + the figure rounded as in 3 ("khoảng 5.100"), or "khoảng 1.350" when the figure is round.
5. Percentages are written with at most one decimal and no trailing ",0" (80%; 81,1%); an estimated
   percentage is "khoảng 80%". Money keeps the catalogue's display (7.658 tỷ đồng; 760 triệu đồng).

`approximate(value)` applies the rule to a count and `percent(value)` to a share; both answer Vietnamese
text with "." grouping thousands. A missing value (None) is written "chưa có số liệu" by `figure`.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from khuyencong.core.formatting import format_number, format_percent

SMALL = 1000          # below this a count is written exactly
ROUND_DIGITS = 3      # a count with at most this many significant digits is "round" and written exactly
KEPT_DIGITS = 2       # other counts keep this many significant digits


def significant_digits(value: int) -> int:
    """1.350 → 3; 17.800 → 3; 5.123 → 4; 0 → 0."""
    digits = str(abs(int(value))).rstrip("0")
    return len(digits)


def round_significant(value: int, digits: int = KEPT_DIGITS) -> int:
    """`value` rounded (half up) to `digits` significant digits: 5.150 → 5.200, 49.612 → 50.000."""
    value = int(value)
    if value == 0:
        return 0
    exponent = len(str(abs(value))) - digits
    if exponent <= 0:
        return value
    step = Decimal(10) ** exponent
    return int((Decimal(value) / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step)


def approximate(value, *, estimate: bool = False) -> str:
    """A count as written in a report: "473", "17.800", "hơn 5.100", "gần 50.000", "khoảng 5.100"."""
    number = int(Decimal(str(value)).to_integral_value(rounding=ROUND_HALF_UP))
    if abs(number) < SMALL or significant_digits(number) <= ROUND_DIGITS:
        text = format_number(number)
        return _("khoảng %(n)s") % {"n": text} if estimate and abs(number) >= SMALL else text
    rounded = round_significant(number)
    text = format_number(rounded)
    if estimate:
        return _("khoảng %(n)s") % {"n": text}
    if number > rounded:
        return _("hơn %(n)s") % {"n": text}
    return _("gần %(n)s") % {"n": text}


def percent(value, *, estimate: bool = False) -> str:
    """A share as written in a report: 80%; 81,1%; "khoảng 80%" for an estimate."""
    rounded = Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    whole = rounded == rounded.to_integral_value()
    text = f"{format_number(int(rounded))}%" if whole else format_percent(rounded, 1)
    return _("khoảng %(n)s") % {"n": text} if estimate else text


def figure(value, unit: str, *, estimate: bool = False, display=None) -> str:
    """Any indicator value by its unit ("count", "persons", "percent", money via `display`)."""
    if value is None:
        return _("chưa có số liệu")
    if unit == "percent":
        return percent(value, estimate=estimate)
    if unit in ("count", "persons"):
        return approximate(value, estimate=estimate)
    text = display(value) if display else format_number(value)
    return _("khoảng %(n)s") % {"n": text} if estimate else text
