"""The one engine: every indicator figure shown anywhere (home tiles, pages, exports, reports, API, the CLI)
comes from `compute`.

    compute(codes=None, unit=<AdminUnit or None for the whole country>, period="2011-2015", by=None|"child"|"year")

It gathers the parts of the requested indicators — one aggregate query per source of records (`sources.py`),
or the same parts from the aggregate tables (`facts.py`) when they are fresh — and the reported data values
of the unit, then lets each catalogue formula make its value. `by="child"` adds the value for each child unit
from one grouped query per source (places mapped onto children, `geo.selectors.ChildPlaces`); `by="year"` adds each
year of the period, computed as a one-year period.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _

from khuyencong.core.periods import Period
from khuyencong.geo.models import AdminUnit
from khuyencong.geo.selectors import ChildPlaces, UnitArea
from khuyencong.indicators import facts
from khuyencong.indicators.catalogue import Indicator, Inputs, get_indicators
from khuyencong.indicators.models import DataValue, ValueState
from khuyencong.indicators.sources import PART_SOURCE

BY_CHOICES = ("child", "year")


class BadBreakdown(ValueError):
    """An unknown `by`, or children asked of a commune; the message says what to write."""


@dataclass
class Result:
    unit: AdminUnit | None
    period: Period
    indicators: list[Indicator]
    values: dict[str, object]
    by: str | None = None
    breakdown: dict[str, dict[str, object]] | None = None
    breakdown_labels: dict[str, str] = field(default_factory=dict)
    # "facts" (read from the aggregate tables) or "direct" (computed from the records now)
    source: str = "direct"
    facts_at: object = None
    facts_fresh: bool = False
    # Indicators whose reported data include a value not yet approved (pages mark them), and the same for each
    # row of the breakdown.
    unapproved: set = field(default_factory=set)
    breakdown_unapproved: dict[str, set] = field(default_factory=dict)

    def as_json(self) -> dict:
        """{"unit": CODE, "period": "2011-2015", "values": {code: number}} (+ "breakdown" with `by`);
        percentages as percents (80.0), money in đồng, "no data" as null."""
        data = {"unit": self.unit.code if self.unit else "", "period": str(self.period),
                "values": {i.code: json_number(self.values[i.code], i) for i in self.indicators}}
        if self.breakdown is not None:
            data["breakdown"] = {key: {i.code: json_number(row[i.code], i) for i in self.indicators}
                                 for key, row in self.breakdown.items()}
        return data

    def rows(self) -> list[dict]:
        """One row per indicator, for templates: indicator, value, display, unapproved, breakdown cells."""
        out = []
        for i in self.indicators:
            cells = [i.display(row[i.code]) for row in (self.breakdown or {}).values()]
            out.append({"indicator": i, "value": self.values[i.code], "display": i.display(self.values[i.code]),
                        "unapproved": i.code in self.unapproved, "cells": cells})
        return out


def json_number(value, indicator: Indicator):
    if value is None:
        return None
    if indicator.unit == "percent":
        return round(float(value), 2)
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _number(value):
    """Whole Decimals become ints (counts, đồng); others stay as they are (percent floats)."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else value
    return value


def compute(*, codes=None, unit: AdminUnit | None, period, by: str | None = None, source: str | None = None) -> Result:
    indicators = get_indicators(codes)
    period = Period.parse(period)
    if by not in (None, *BY_CHOICES):
        raise BadBreakdown(_("Cách chia “%(by)s” không có: viết child (theo đơn vị cấp dưới) hoặc year (theo năm).")
                           % {"by": by})
    if by == "child" and unit is None:
        raise BadBreakdown(_("Chọn một đơn vị để chia theo đơn vị cấp dưới."))
    children = ChildPlaces(unit) if by == "child" else None
    area = UnitArea(unit)
    parts_needed = sorted({p for i in indicators for p in i.parts})
    needed_periods = [period] + ([Period.year(y) for y in period.years] if by == "year" else [])
    use_facts, facts_state = _use_facts(source, needed_periods)
    result = Result(unit=unit, period=period, indicators=indicators, values={}, by=by,
                    source="facts" if use_facts else "direct", facts_at=facts_state.refreshed_at,
                    facts_fresh=facts_state.fresh)

    def parts_for(p: Period, grouped: bool) -> list[tuple]:
        if use_facts:
            return facts.read(p, area, parts_needed, grouped=grouped)
        rows = []
        for source_obj in {PART_SOURCE[part] for part in parts_needed}:
            rows.extend(source_obj.collect(p, area.q(source_obj.place), grouped=grouped))
        return rows

    units = [unit] if unit is not None else []
    if children is not None:
        units += children.units
    data = _data_values(indicators, units, needed_periods)

    # By child, one grouped query per source gives both: parts add up across places, so the unit's total is the
    # sum of the places found in it (a record lies in one place, even when that place lies in several children).
    places = parts_for(period, True) if by == "child" else None
    result.values = _finish(indicators, period, _sum(places if places is not None else parts_for(period, False)),
                            data.get(_pk(unit), {}))
    result.unapproved = _unapproved(indicators, [period], data.get(_pk(unit), {}))
    if by == "child":
        by_child: dict[int, dict] = defaultdict(dict)
        for (commune, current, _scope), parts in places:
            for child in children.of(commune, current):
                _add(by_child[child], parts)
        result.breakdown, result.breakdown_labels = {}, {}
        for child in children.units:
            result.breakdown[child.code] = _finish(indicators, period, by_child.get(child.pk, {}),
                                                   data.get(child.pk, {}))
            result.breakdown_unapproved[child.code] = _unapproved(indicators, [period], data.get(child.pk, {}))
            result.breakdown_labels[child.code] = child.label
    elif by == "year":
        result.breakdown, result.breakdown_labels = {}, {}
        for year in period.years:
            one = Period.year(year)
            result.breakdown[str(year)] = _finish(indicators, one, _sum(parts_for(one, False)), data.get(_pk(unit), {}))
            result.breakdown_labels[str(year)] = str(year)
            result.breakdown_unapproved[str(year)] = _unapproved(indicators, [one], data.get(_pk(unit), {}))
            result.unapproved |= result.breakdown_unapproved[str(year)]
    return result


def _pk(unit):
    return unit.pk if unit is not None else None


def _use_facts(source: str | None, periods) -> tuple[bool, object]:
    choice = source or getattr(settings, "INDICATORS_SOURCE", "auto")
    facts_state = facts.state()
    if choice == "direct" or not facts.covers(facts_state, periods):
        return False, facts_state
    return choice == "facts" or facts_state.fresh, facts_state


def _add(into: dict, parts: dict) -> None:
    for part, value in parts.items():
        into[part] = into.get(part, 0) + value


def _sum(rows) -> dict:
    total: dict = {}
    for _key, parts in rows:
        _add(total, parts)
    return total


def _finish(indicators, period: Period, parts: dict, data: dict) -> dict:
    inputs = Inputs(period, parts, {key: value for key, (value, _state) in data.items()})
    return {i.code: _number(i.formula(inputs)) for i in indicators}


def _unapproved(indicators, periods, data: dict) -> set:
    marked = set()
    for i in indicators:
        for p in periods:
            if any(key in data and data[key][1] != ValueState.APPROVED for key in i.data_years(p)):
                marked.add(i.code)
    return marked


def _data_values(indicators, units, periods) -> dict:
    """{unit pk: {(element, year): (value, state)}} for the elements and years the indicators read; one query.
    A value belongs to the unit it was entered for (a province's figures are entered for the province)."""
    wanted = {key for i in indicators for p in periods for key in i.data_years(p)}
    if not wanted or not units:
        return {}
    out: dict = defaultdict(dict)
    rows = DataValue.objects.filter(unit__in=units, element__code__in={e for e, _y in wanted},
                                    year__in={y for _e, y in wanted})
    for unit_id, element, year, value, value_state in rows.values_list("unit_id", "element__code", "year", "value",
                                                                      "state"):
        out[unit_id][(element, year)] = (value, value_state)
    return out
