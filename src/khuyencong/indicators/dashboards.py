"""The programme page: cards of actual against target, charts by year and by child unit, a map of the child units.

Every figure comes from `engine.compute`, twice per page whatever the number of child units: once by year (the
yearly series) and once by child unit (the cards' values and the child chart; the plain unit for a commune,
which has no children). Target statuses come from `targets.py`. The charts are drawn by plotly.js from the JSON
built here (`chart_data`), with the values already scaled to a readable unit (tỷ đồng, triệu USD) and their
hover text written by the catalogue's formatters (core.formatting): "1,4 tỷ đồng", "75,0%".
"""

import math
from dataclasses import dataclass
from types import SimpleNamespace

from django.db.models import Avg
from django.utils.translation import gettext as _

from khuyencong.core.formatting import BILLION, MILLION
from khuyencong.core.periods import Period
from khuyencong.geo.models import AdminUnit, Level
from khuyencong.indicators.catalogue import CATALOGUE, Indicator, Unit
from khuyencong.indicators.engine import Result, compute
from khuyencong.indicators.selectors import HOME_TILES
from khuyencong.indicators.targets import TargetStatus, statuses_for
from khuyencong.registry.mapping import map_layout

DEFAULT_CHART = "jobs_created"
CHILD_BARS = 40  # the child chart shows the units with the highest values; the table below lists them all
MAP_COLOURS = ("#c6dbef", "#6baed6", "#2171b5", "#08306b")  # light → dark: a quarter of the highest value each
NO_DATA_COLOUR = "#b0b7c3"


@dataclass
class Card:
    indicator: Indicator
    value: object
    display: str
    unapproved: bool
    target: TargetStatus | None


def chart_scale(indicator: Indicator, values) -> tuple[float, str]:
    """(divisor, unit shown on the axis): money in tỷ or triệu đồng, USD in triệu USD, as the cards show them."""
    top = max((abs(float(v)) for v in values if v is not None), default=0)
    if indicator.unit == Unit.VND:
        return (BILLION, _("tỷ đồng")) if top >= BILLION else (MILLION, _("triệu đồng")) if top >= MILLION \
            else (1, _("đồng"))
    if indicator.unit == Unit.USD:
        return (MILLION, _("triệu USD")) if top >= MILLION else (1, "USD")
    return 1, indicator.unit_label


def series(indicator: Indicator, labels: list[str], values: list, divisor: float) -> dict:
    return {"x": labels, "y": [None if v is None else round(float(v) / divisor, 4) for v in values],
            "text": [indicator.display(v) for v in values]}


def rank_children(by_child: Result, code: str) -> list[str]:
    """Child unit codes, the highest value first, "no data" last."""
    values = by_child.breakdown
    return sorted(values, key=lambda k: (values[k][code] is None, -float(values[k][code] or 0), k))


def chart_data(indicator: Indicator, by_year: Result, by_child: Result | None) -> dict:
    """What charts.js draws: two bar charts of `indicator`, Vietnamese labels and number format."""
    code = indicator.code
    years = list(by_year.breakdown)
    year_values = [by_year.breakdown[y][code] for y in years]
    ranked = rank_children(by_child, code) if by_child is not None else []
    drawn = [k for k in ranked if by_child.breakdown[k][code]]  # 0 and "no data" are in the table, not drawn
    child_values = [by_child.breakdown[k][code] for k in drawn]
    divisor, axis_unit = chart_scale(indicator, year_values + child_values)
    percent = indicator.unit == Unit.PERCENT
    common = {"separators": ",.", "tickformat": ",.1~f" if percent else ",.2~f", "ticksuffix": "%" if percent else "",
              "axis_title": "" if percent else axis_unit, "name": str(indicator.name),
              "whole": not percent and divisor == 1}  # counts, persons, đồng: no tick at 0,2
    data = {"indicator": code, "years": {**common, **series(indicator, years, year_values, divisor),
                                         "title": _("%(name)s theo năm") % {"name": indicator.name},
                                         "x_title": _("Năm")}}
    if by_child is not None:
        shown = drawn[:CHILD_BARS]
        data["children"] = {
            **common, **series(indicator, [by_child.breakdown_labels[k] for k in shown],
                               [by_child.breakdown[k][code] for k in shown], divisor),
            "title": (_("%(name)s theo đơn vị cấp dưới") if len(drawn) <= CHILD_BARS else
                      _("%(name)s: %(n)s đơn vị cấp dưới cao nhất")) % {"name": indicator.name, "n": CHILD_BARS},
            "left_out": len(ranked) - len(shown)}
    return data


def _points(children: list[AdminUnit]) -> list:
    """Each child with a point to draw: its own coordinates, else the average of its communes' (an old district)."""
    missing = [u.pk for u in children if u.latitude is None or u.longitude is None]
    centres = {}
    if missing:
        rows = (AdminUnit.objects.filter(level=Level.COMMUNE, district__in=missing, latitude__isnull=False,
                                         longitude__isnull=False)
                .values("district").annotate(lat=Avg("latitude"), lon=Avg("longitude")))
        centres = {row["district"]: (row["lat"], row["lon"]) for row in rows}
    out = []
    for unit in children:
        lat, lon = (unit.latitude, unit.longitude) if unit.pk not in centres else centres[unit.pk]
        out.append(SimpleNamespace(unit=unit, latitude=lat, longitude=lon))
    return out


def unit_map(indicator: Indicator, by_child: Result, children: list[AdminUnit]) -> dict:
    """The child units on the registry's map (the same projection and tiles): each a circle whose area and
    shade grow with the indicator's value; grey for no data."""
    places = _points(children)
    layout = map_layout(places)
    values = {k: row[indicator.code] for k, row in by_child.breakdown.items()}
    top = max((float(v) for v in values.values() if v is not None and v > 0), default=0)
    for point in layout["points"]:
        unit = point.pop("village").unit
        value = values.get(unit.code)
        point.update(unit=unit, display=indicator.display(value))
        if value is None:
            point.update(r=4, colour=NO_DATA_COLOUR)
        else:
            share = float(value) / top if top and value > 0 else 0
            point.update(r=round(4 + 14 * math.sqrt(share), 1),
                         colour=MAP_COLOURS[min(int(share * len(MAP_COLOURS)), len(MAP_COLOURS) - 1)])
    layout["points"].sort(key=lambda p: -p["r"])  # small circles drawn last stay visible over large ones
    legend = []
    if top:
        for share in (1, 0.5, 0.1):
            legend.append({"r": round(4 + 14 * math.sqrt(share), 1), "display": indicator.display(
                _round(top * share, indicator))})
    return {**layout, "legend": legend, "no_data_colour": NO_DATA_COLOUR, "indicator": indicator}


def _round(value: float, indicator: Indicator):
    return value if indicator.unit == Unit.PERCENT else round(value)


def programme_page(*, unit: AdminUnit | None, period: Period, chart_code: str | None = None) -> dict:
    """Everything the programme page shows for a unit (None: the whole country) and a period."""
    chart_indicator = CATALOGUE.get(chart_code or "")
    targets = statuses_for(unit, period)
    if chart_indicator is None:
        chart_indicator = CATALOGUE[next(iter(targets), DEFAULT_CHART)]
    by_year = compute(unit=unit, period=period, by="year")
    has_children = unit is not None and unit.level != Level.COMMUNE
    by_child = compute(unit=unit, period=period, by="child") if has_children else None
    totals = by_child if by_child is not None else compute(unit=unit, period=period)
    codes = [code for code in CATALOGUE if code in HOME_TILES or code in targets]
    cards = [Card(CATALOGUE[c], totals.values[c], CATALOGUE[c].display(totals.values[c]), c in totals.unapproved,
                  targets.get(c)) for c in codes]
    page = {"cards": cards, "result": totals, "by_year": by_year, "by_child": by_child,
            "chart_indicator": chart_indicator, "charts": chart_data(chart_indicator, by_year, by_child),
            "year_rows": by_year.rows(), "map": None}
    if by_child is not None:
        children = {u.code: u for u in AdminUnit.objects.filter(parent=unit)}
        page["map"] = unit_map(chart_indicator, by_child, list(children.values()))
        page["child_rows"] = [{"unit": children[k], "display": chart_indicator.display(
            by_child.breakdown[k][chart_indicator.code])} for k in rank_children(by_child, chart_indicator.code)]
    return page
