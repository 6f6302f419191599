"""How far a target is met: the actual value so far (from the engine), its projection to the period's end,
a status, and the method in words.

- Cumulative indicators (counted or summed over the years): the years so far are from the period's first
  year to this year; the projection keeps their average pace: so far × years of the period ÷ years so far.
  A target already reached is met, even before the period ends.
- Indicators of the period's end (villages, last year's figures, exports): the latest year with data, grown at
  the average annual rate of the (up to five) years with data before it, to the period's last year.
- Rates (shares, average growth): the rate of the years so far stands for the period.
A target is met when the value reaches the low bound (a target with only a high bound: stays at or under it);
after the period's end the actual value decides between met and not met.
"""

import math
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khuyencong.core.formatting import format_number
from khuyencong.core.periods import FIRST_YEAR, Period
from khuyencong.indicators.catalogue import CATALOGUE, Indicator, Kind
from khuyencong.indicators.engine import compute
from khuyencong.indicators.models import Target

MET, ON_TRACK, AT_RISK, NOT_MET, NO_DATA = "met", "on_track", "at_risk", "not_met", "no_data"
STATUS_LABELS = {MET: gettext_lazy("Đạt"), ON_TRACK: gettext_lazy("Đúng tiến độ"),
                 AT_RISK: gettext_lazy("Có nguy cơ không đạt"), NOT_MET: gettext_lazy("Không đạt"),
                 NO_DATA: gettext_lazy("Chưa có số liệu")}
STATUS_BADGES = {MET: "ok", ON_TRACK: "ok", AT_RISK: "warn", NOT_MET: "bad", NO_DATA: ""}
TREND_YEARS = 5


@dataclass
class TargetStatus:
    target: Target
    indicator: Indicator
    period: Period
    actual: object = None
    projection: object = None
    status: str = NO_DATA
    method: str = ""
    unapproved: bool = False

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def badge(self) -> str:
        return STATUS_BADGES[self.status]

    @property
    def actual_display(self) -> str:
        return self.indicator.display(self.actual)

    @property
    def projection_display(self) -> str:
        return self.indicator.display(self.projection)

    @property
    def bounds(self) -> str:
        return bounds_text(self.target, self.indicator)


def bounds_text(target: Target, indicator: Indicator) -> str:
    """60.000–75.000; ≥ 400 triệu USD; ≤ 5%."""
    low = indicator.display(target.low) if target.low is not None else None
    high = indicator.display(target.high) if target.high is not None else None
    if low and high:
        return f"{low} – {high}"
    return f"≥ {low}" if low else f"≤ {high}"


def meets(target: Target, value) -> bool:
    if target.low is not None:
        return value >= target.low
    return value <= target.high


def target_status(target: Target, *, today=None) -> TargetStatus:
    indicator = CATALOGUE.get(target.indicator)
    period = Period(target.start_year, target.end_year)
    status = TargetStatus(target, indicator, period)
    if indicator is None:
        status.method = _("Chỉ tiêu “%(code)s” không còn trong danh mục.") % {"code": target.indicator}
        return status
    year = (today or timezone.localdate()).year
    ended = year > period.end
    if indicator.kind == Kind.STOCK:
        _stock(status, year, ended)
    else:
        if year < period.start:
            status.method = _("Kỳ chưa bắt đầu.")
            return status
        so_far = Period(period.start, min(period.end, year))
        result = compute(codes=[indicator.code], unit=target.unit, period=so_far)
        status.actual, status.unapproved = result.values[indicator.code], bool(result.unapproved)
        if indicator.kind == Kind.CUMULATIVE:
            _cumulative(status, so_far, ended)
        elif status.actual is not None:
            status.projection = status.actual
            status.method = (_("Kỳ đã kết thúc: tỷ lệ cả kỳ %(period)s.") % {"period": period.label} if ended else
                             _("Tỷ lệ của %(so_far)s (%(value)s) được coi là tỷ lệ cả kỳ.")
                             % {"so_far": so_far.label, "value": indicator.display(status.actual)})
    _decide(status, ended)
    return status


def _cumulative(status: TargetStatus, so_far: Period, ended: bool) -> None:
    indicator, period = status.indicator, status.period
    if ended:
        status.projection = status.actual
        status.method = _("Kỳ đã kết thúc: cộng dồn cả kỳ %(period)s.") % {"period": period.label}
        return
    if status.actual is None:
        return
    status.projection = status.actual * period.length / so_far.length
    status.method = _("Cộng dồn %(so_far)s: %(actual)s. Dự báo cuối kỳ giữ nhịp bình quân %(n)s năm đã qua: "
                      "%(actual)s × %(total)s/%(n)s = %(projection)s.") % {
        "so_far": so_far.label, "actual": indicator.display(status.actual), "n": so_far.length,
        "total": period.length, "projection": indicator.display(status.projection)}


def _stock(status: TargetStatus, year: int, ended: bool) -> None:
    indicator, period, target = status.indicator, status.period, status.target
    last = min(period.end, year)
    first = max(FIRST_YEAR, min(period.start, last - TREND_YEARS + 1))
    if last < FIRST_YEAR or first > last:
        status.method = _("Kỳ chưa bắt đầu.")
        return
    result = compute(codes=[indicator.code], unit=target.unit, period=Period(first, last), by="year")
    status.unapproved = bool(result.unapproved)
    series = [(int(y), row[indicator.code]) for y, row in result.breakdown.items() if row[indicator.code] is not None]
    if ended:
        status.actual = status.projection = result.breakdown[str(period.end)][indicator.code]
        status.method = _("Kỳ đã kết thúc: giá trị năm %(year)s.") % {"year": period.end}
        return
    if not series:
        return
    latest_year, latest = series[-1]
    status.actual = latest
    earlier = [(y, v) for y, v in series[:-1] if v and v > 0]
    if earlier and latest and latest > 0:
        first_year, first_value = earlier[0]
        rate = math.pow(float(latest) / float(first_value), 1 / (latest_year - first_year)) - 1
        status.projection = float(latest) * math.pow(1 + rate, period.end - latest_year)
        status.method = _("Giá trị cuối kỳ. Năm %(year)s: %(value)s; tăng bình quân %(rate)s%%/năm từ năm "
                          "%(first)s, dự báo năm %(end)s: %(projection)s.") % {
            "year": latest_year, "value": indicator.display(latest), "rate": format_number(rate * 100, 1),
            "first": first_year, "end": period.end, "projection": indicator.display(status.projection)}
    else:
        status.projection = latest
        status.method = _("Giá trị cuối kỳ; mới có số liệu năm %(year)s (%(value)s), dự báo giữ nguyên đến năm "
                          "%(end)s.") % {"year": latest_year, "value": indicator.display(latest), "end": period.end}


def _decide(status: TargetStatus, ended: bool) -> None:
    target = status.target
    if status.actual is None and status.projection is None:
        status.status = NO_DATA
        if not status.method:
            status.method = _("Chưa có số liệu để tính.")
        return
    if ended:
        status.status = MET if status.actual is not None and meets(target, status.actual) else NOT_MET
    elif (status.indicator.kind == Kind.CUMULATIVE and target.low is not None and status.actual is not None
          and meets(target, status.actual)):  # a count only grows: a reached low bound stays reached
        status.status = MET
    elif status.projection is not None and meets(target, status.projection):
        status.status = ON_TRACK
    else:
        status.status = AT_RISK


def statuses_for(unit, period: Period, codes=None) -> dict[str, TargetStatus]:
    """The targets set for exactly this unit and period (None: the whole country, which has none), by indicator
    code in catalogue order, each with its status."""
    if unit is None:
        return {}
    found = Target.objects.filter(unit=unit, start_year=period.start, end_year=period.end).select_related("unit")
    if codes is not None:
        found = found.filter(indicator__in=list(codes))
    statuses = [target_status(t) for t in found if t.indicator in CATALOGUE]
    return {s.indicator.code: s for s in sorted(statuses, key=lambda s: s.indicator.order)}
