"""Reads with rules: the unit a user asks for (with a hint when it is in the other hierarchy), the default unit
and period, the home tiles, the data-entry grid, and the reported values a user may see."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from khuyencong.core.periods import Period, PeriodError
from khuyencong.geo.models import AdminUnit, Hierarchy, Level
from khuyencong.geo.selectors import UnitNotFound, unit_get
from khuyencong.indicators.engine import compute
from khuyencong.indicators.models import DataElement, DataValue, Target
from khuyencong.indicators.permissions import (
    can_approve_value,
    can_enter_data,
    can_submit_value,
    can_unlock_value,
    can_view_unit,
    visible_unit_ids,
)
from khuyencong.indicators.targets import statuses_for
from khuyencong.projects.models import Programme

HOME_TILES = ("establishments_supported", "jobs_created", "training_classes", "employment_rate", "craft_villages")
OTHER = {Hierarchy.CURRENT: Hierarchy.LEGACY, Hierarchy.LEGACY: Hierarchy.CURRENT}
FLAG = {Hierarchy.CURRENT: "current", Hierarchy.LEGACY: "legacy"}


def unit_for(code, hierarchy: str = Hierarchy.CURRENT) -> AdminUnit:
    """The unit with this code in this hierarchy. A code that exists only in the other hierarchy gets a message
    naming it and what to choose: "277 … là Huyện Chương Mỹ trong hệ thống trước 01/07/2025: chọn legacy"."""
    try:
        return unit_get(code=code, hierarchy=hierarchy)
    except UnitNotFound as exc:
        if hierarchy not in OTHER:
            raise
        try:
            other = unit_get(code=code, hierarchy=OTHER[hierarchy])
        except UnitNotFound:
            raise exc from None
        era = _("hiện hành") if other.hierarchy == Hierarchy.CURRENT else _("trước 01/07/2025")
        raise UnitNotFound(
            _("Mã “%(code)s” không có trong hệ thống đã chọn; đó là %(name)s trong hệ thống %(era)s: chọn hệ thống "
              "%(flag)s (--hierarchy %(flag)s).") % {"code": code, "name": other.name, "era": era,
                                                     "flag": FLAG[other.hierarchy]}) from None


def default_unit(user) -> AdminUnit | None:
    """The unit a user's pages open on: their widest assignment; None (the whole country) for a nationwide
    assignment or a superuser with none."""
    assignments = list(getattr(user, "assignments", ()))
    if any(a.unit_id is None for a in assignments) or not assignments:
        return None
    order = {Level.PROVINCE: 0, Level.DISTRICT: 1, Level.COMMUNE: 2}
    return min((a.unit for a in assignments),
               key=lambda u: (order[u.level], u.hierarchy != Hierarchy.CURRENT, u.code))


def programme_periods() -> list[tuple[Period, str]]:
    """(period, name) of every programme, oldest first."""
    out = []
    for name, start, end in Programme.objects.order_by("start_year", "pk").values_list("name", "start_year",
                                                                                        "end_year"):
        try:
            out.append((Period(start, end), name))
        except PeriodError:
            continue  # a programme typed with impossible years is not a period to offer
    return out


def default_period() -> Period:
    """The programme period under way today, else the latest programme, else this year."""
    year = timezone.localdate().year
    periods = programme_periods()
    for period, _name in periods:
        if year in period:
            return period
    return periods[-1][0] if periods else Period.year(year)


def home_tiles(user) -> dict | None:
    unit = default_unit(user)
    if not can_view_unit(user, unit)[0]:
        return None
    period = default_period()
    result = compute(codes=list(HOME_TILES), unit=unit, period=period)
    query = urlencode({"unit_code": unit.code if unit else "", "unit_hierarchy": unit.hierarchy if unit else "",
                       "period": str(period)})
    targets = statuses_for(unit, period, codes=HOME_TILES)
    tiles = [{**row, "target": targets.get(row["indicator"].code)} for row in result.rows()]
    return {"tiles": tiles, "period": period, "unit_label": unit.label if unit else _("Toàn quốc"),
            "result": result, "query": query}


# --- reported data -------------------------------------------------------------------------------------------

@dataclass
class GridCell:
    element: DataElement
    unit: AdminUnit
    year: int
    value: DataValue | None
    # (allowed, reason) of entering, sending, approving and unlocking this cell for the user
    enter: tuple
    submit: tuple = (False, "")
    approve: tuple = (False, "")
    unlock: tuple = (False, "")
    # The grid's years ("2021-2025"), so a cell posted without JavaScript returns to the same grid
    period: str = ""
    # After a save: the refusal shown in the cell, and what was typed (kept in the box)
    error: str | None = None
    typed: str | None = None
    saved: bool = False


def grid_cell(user, *, element, unit, year, value, period: str, unit_decision=None) -> GridCell:
    if value is None:
        return GridCell(element, unit, year, None, unit_decision or can_enter_data(user, unit), period=period)
    return GridCell(element, unit, year, value, can_enter_data(user, value), can_submit_value(user, value),
                    can_approve_value(user, value), can_unlock_value(user, value), period=period)


def data_grid(*, user, unit: AdminUnit, years: Period) -> list[dict]:
    """Rows of elements × years for one unit, each cell with its value (or None), state and rights."""
    values = {(v.element_id, v.year): v for v in DataValue.objects.filter(unit=unit, year__in=list(years.years))
              .select_related("entered_by", "approved_by", "unit")}
    unit_decision = can_enter_data(user, unit)
    return [{"element": element, "cells": [
        grid_cell(user, element=element, unit=unit, year=year, value=values.get((element.pk, year)),
                  period=str(years), unit_decision=unit_decision) for year in years.years]}
        for element in DataElement.objects.all()]


def data_value_list(*, user, filters: dict | None = None) -> QuerySet[DataValue]:
    """Reported values of the units within the user's area, filtered by unit (it and what lies under it, in
    its own hierarchy), element and year; what the export of `data_values` writes."""
    filters = filters or {}
    qs = DataValue.objects.select_related("element", "unit", "entered_by")
    visible = visible_unit_ids(user)
    if visible is not None:
        qs = qs.filter(unit__in=visible)
    unit = filters.get("unit")
    if isinstance(unit, AdminUnit):
        qs = qs.filter(Q(unit=unit) | Q(unit__province=unit) | Q(unit__district=unit))
    if filters.get("element"):
        qs = qs.filter(element__code=filters["element"])
    if filters.get("year"):
        qs = qs.filter(year=filters["year"])
    return qs


def target_list(*, user, filters: dict | None = None) -> QuerySet[Target]:
    """Targets of the units within the user's area, filtered by unit and indicator."""
    filters = filters or {}
    qs = Target.objects.select_related("unit")
    visible = visible_unit_ids(user)
    if visible is not None:
        qs = qs.filter(unit__in=visible)
    unit = filters.get("unit")
    if isinstance(unit, AdminUnit):
        qs = qs.filter(unit=unit)
    if filters.get("indicator"):
        qs = qs.filter(indicator=filters["indicator"])
    return qs.order_by("start_year", "end_year", "unit__code", "indicator")
