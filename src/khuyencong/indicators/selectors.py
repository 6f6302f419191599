"""Reads with rules: the unit a user asks for (with a hint when it is in the other hierarchy), the default unit
and period, the home tiles, the data-entry grid, and the reported values a user may see."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from khuyencong.accounts.permissions import has_role
from khuyencong.core.formatting import format_number
from khuyencong.core.periods import Period, PeriodError
from khuyencong.geo.models import AdminUnit, Hierarchy, Level
from khuyencong.geo.placement import placement_path
from khuyencong.geo.selectors import UnitNotFound, path_in_q, unit_get, unit_subtree
from khuyencong.indicators.engine import compute
from khuyencong.indicators.models import DataElement, DataValue, FlagState, QualityFlag, Target
from khuyencong.indicators.permissions import (
    CHECK_ROLES,
    FLAG_TARGETS,
    can_approve_value,
    can_enter_data,
    can_submit_value,
    can_unlock_value,
    can_view_unit,
    checkable_flag_ids,
    flag_scope_q,
    visible_unit_ids,
)
from khuyencong.indicators.targets import statuses_for
from khuyencong.projects.models import Programme, Project
from khuyencong.registry.models import CraftVillage
from khuyencong.training.models import TrainingClass

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
    # Open data-quality flags of the value
    flags: list = field(default_factory=list)


def grid_cell(user, *, element, unit, year, value, period: str, unit_decision=None, flags=None) -> GridCell:
    if value is None:
        return GridCell(element, unit, year, None, unit_decision or can_enter_data(user, unit), period=period)
    if flags is None:
        flags = list(QualityFlag.objects.filter(data_value=value, state=FlagState.OPEN))
    return GridCell(element, unit, year, value, can_enter_data(user, value), can_submit_value(user, value),
                    can_approve_value(user, value), can_unlock_value(user, value), period=period, flags=flags)


def data_grid(*, user, unit: AdminUnit, years: Period) -> list[dict]:
    """Rows of elements × years for one unit, each cell with its value (or None), state and rights."""
    values = {(v.element_id, v.year): v for v in DataValue.objects.filter(unit=unit, year__in=list(years.years))
              .select_related("entered_by", "approved_by", "unit")}
    unit_decision = can_enter_data(user, unit)
    flags: dict[int, list] = {}
    for flag in QualityFlag.objects.filter(data_value__in=[v.pk for v in values.values()], state=FlagState.OPEN):
        flags.setdefault(flag.data_value_id, []).append(flag)
    return [{"element": element, "cells": [
        grid_cell(user, element=element, unit=unit, year=year, value=values.get((element.pk, year)),
                  period=str(years), unit_decision=unit_decision,
                  flags=flags.get(values[(element.pk, year)].pk, []) if (element.pk, year) in values else None)
        for year in years.years]}
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


# --- data quality --------------------------------------------------------------------------------------------

def quality_flags(*, user, rule: str = "", state: str = "") -> QuerySet[QualityFlag]:
    """The flags of the user's units, filtered by rule and state (open ones first, newest first)."""
    # prefetched, not joined: only the page's records are read, not every project to sort the flags
    qs = QualityFlag.objects.prefetch_related(
        "training_class", "project", "village_year__village", "data_value__element", "data_value__unit",
        "checked_by")
    where = flag_scope_q(user)
    if where is not None:
        qs = qs.filter(where)
    if rule:
        qs = qs.filter(rule=rule)
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("-found_at", "-pk")


def flag_get(*, user, pk: int) -> QualityFlag:
    """A flag of the user's units; outside them it does not exist (404)."""
    flag = quality_flags(user=user).filter(pk=pk).first()
    if flag is None:
        raise Http404(_("Không tìm thấy hoặc bạn không có quyền xem."))
    return flag


def flag_record(flag: QualityFlag) -> tuple[str, str, str]:
    """(kind, name, URL) of the record a flag is about: its page, or the data-entry grid at its cell."""
    if flag.training_class_id:
        c = flag.training_class
        return _("Lớp đào tạo"), f"{c.code} — {c.title}", reverse("training:class_detail", args=[c.pk])
    if flag.project_id:
        p = flag.project
        return _("Đề án"), f"{p.code} — {p.title}", reverse("projects:project_detail", args=[p.pk])
    if flag.village_year_id:
        y = flag.village_year
        return (_("Số liệu năm của làng nghề"), f"{y.village.name} ({y.year})",
                reverse("registry:village_detail", args=[y.village_id]) + "#years")
    v = flag.data_value
    query = urlencode({"unit_code": v.unit.code, "unit_hierarchy": v.unit.hierarchy, "period": str(v.year)})
    return (_("Số liệu báo cáo"), f"{v.element.name} — {v.unit.label} ({v.year})",
            reverse("indicators:data_entry") + "?" + query + f"#cell-{v.element.code}-{v.year}")


def open_flags_for(user, obj) -> list[QualityFlag]:
    """The open flags of a class, a project or a craft village (its yearly statistics) the user sees."""
    if isinstance(obj, TrainingClass):
        where = Q(training_class=obj)
    elif isinstance(obj, Project):
        where = Q(project=obj)
    elif isinstance(obj, CraftVillage):
        where = Q(village_year__village=obj)
    else:
        return []
    return list(quality_flags(user=user, state=FlagState.OPEN).filter(where))


def record_flags_section(request, obj) -> dict | None:
    """The context of a record page's "Cảnh báo số liệu" section, or None when the record has no open flag (or the
    section is rendered with no one asking)."""
    user = getattr(request, "user", None)
    if user is None:
        return None
    flags = open_flags_for(user, obj)
    if not flags:
        return None
    checkable = checkable_flag_ids(user, flags)
    return {"flags": [(flag, flag.pk in checkable) for flag in flags]}


BADGE_LIMIT = 100


def open_flag_count(user) -> int:
    """The open flags the user may mark checked (their units, a checking role), counted no further than 100:
    the menu's badge on "Chỉ tiêu"."""
    if not has_role(user, *CHECK_ROLES):
        return 0
    qs = QualityFlag.objects.filter(state=FlagState.OPEN)
    where = flag_scope_q(user, roles=CHECK_ROLES)
    if where is not None:
        qs = qs.filter(where)
    return qs.order_by().values("pk")[:BADGE_LIMIT].count()


def open_flag_title(count: int) -> str:
    return ngettext("%(n)s cảnh báo số liệu chưa kiểm tra", "%(n)s cảnh báo số liệu chưa kiểm tra", count) % {
        "n": format_number(count)}


def open_flags_in(unit: AdminUnit) -> list[tuple[str, int]]:
    """(rule label, count) of the open flags about records lying in `unit` (the records' own placement, as the
    engine places them) or about values reported for it or a unit under it: a report's limitations."""
    where = Q(data_value__unit__in=unit_subtree(unit).values("pk"))
    for target, model in FLAG_TARGETS:
        records = model._default_manager.filter(path_in_q(placement_path(model), unit)).order_by().values("pk")
        where |= Q(**{f"{target}__in": records})
    rows = (QualityFlag.objects.filter(where, state=FlagState.OPEN).order_by().values("rule")
            .annotate(n=Count("pk")).order_by("rule"))
    labels = dict(QualityFlag._meta.get_field("rule").choices)
    return [(str(labels.get(row["rule"], row["rule"])), row["n"]) for row in rows]
