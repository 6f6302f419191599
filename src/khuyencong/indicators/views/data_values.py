"""The data-entry grid: elements × years for one unit. Each cell saves on its own (htmx swaps the cell; without
JavaScript the form posts and the grid comes back), shows its state, and offers send / approve / unlock."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khuyencong.core.audit import audit_history, history_rows
from khuyencong.core.forms import require
from khuyencong.core.periods import Period, PeriodError
from khuyencong.geo.models import AdminUnit
from khuyencong.indicators.forms import CellForm, GridForm, UnlockForm
from khuyencong.indicators.models import DataElement, DataValue
from khuyencong.indicators.permissions import (
    can_enter_data,
    can_view_indicators,
    can_view_unit,
    is_approver,
    unit_in_scope,
)
from khuyencong.indicators.selectors import GridCell, data_grid, default_unit, grid_cell
from khuyencong.indicators.services import data_values as services

DEFAULT_YEARS = 5


def _grid_url(unit: AdminUnit, years) -> str:
    query = urlencode({"unit_code": unit.code, "unit_hierarchy": unit.hierarchy, "period": str(years)})
    return reverse("indicators:data_entry") + "?" + query


def _years(text, fallback: int) -> Period:
    try:
        return Period.parse(text)
    except PeriodError:
        return Period.year(fallback)


@login_required
def grid(request):
    require(can_view_indicators(request.user))
    if "period" in request.GET:
        params = request.GET
    else:
        unit, year = default_unit(request.user), timezone.localdate().year
        params = {"unit_code": unit.code if unit else "01", "unit_hierarchy": unit.hierarchy if unit else "current",
                  "period": str(Period(year - DEFAULT_YEARS + 1, year))}
    return _render_grid(request, GridForm(params))


def _render_grid(request, form, *, error_cell: GridCell | None = None, status=200):
    rows = None
    if form.is_valid():
        unit = form.cleaned_data["unit_obj"]
        if not unit_in_scope(request.user, unit):
            form.add_error("unit_code", can_view_unit(request.user, unit)[1])
        else:
            rows = data_grid(user=request.user, unit=unit, years=form.cleaned_data["period"])
            for row in rows if error_cell else ():
                row["cells"] = [error_cell if (c.element.pk, c.year) == (error_cell.element.pk, error_cell.year)
                                else c for c in row["cells"]]
    valid = form.is_valid()
    return render(request, "indicators/data_entry.html", {
        "form": form, "rows": rows, "unit": form.cleaned_data["unit_obj"] if valid else None,
        "years": form.cleaned_data["period"] if valid else None, "can_enter": can_enter_data(request.user)[0],
        "approver": is_approver(request.user), "import_kind": "data_values",
    }, status=status if valid else 400)


def _unit_from_post(request) -> AdminUnit:
    unit = AdminUnit.objects.filter(pk=_int(request.POST.get("unit"))).first()
    if unit is None or not unit_in_scope(request.user, unit):
        raise Http404(_("Không tìm thấy hoặc bạn không có quyền xem."))
    return unit


def _int(text):
    try:
        return int(text)
    except (TypeError, ValueError):
        return None


def _cell(request, *, element, unit, year, value, period: str, error=None) -> GridCell:
    cell = grid_cell(request.user, element=element, unit=unit, year=year, value=value, period=period)
    cell.error = error
    return cell


def _answer(request, cell: GridCell):
    """htmx: the cell alone. Without JavaScript: back to the grid (an error is shown in its cell, typed text kept)."""
    if request.htmx:
        return render(request, "indicators/_cell.html", {"cell": cell})
    years = _years(cell.period, cell.year)
    if cell.error:
        form = GridForm({"unit_code": cell.unit.code, "unit_hierarchy": cell.unit.hierarchy, "period": str(years)})
        return _render_grid(request, form, error_cell=cell, status=400)
    messages.success(request, _("Đã lưu."))
    return redirect(_grid_url(cell.unit, years))


@require_POST
@login_required
def cell_save(request):
    """Save one cell. A refused value (text for a number, a locked value, out of the user's area) comes back in
    the cell with the reason; what was typed stays in the box; nothing saved is lost."""
    unit = _unit_from_post(request)
    element = DataElement.objects.filter(code=request.POST.get("element")).first()
    year = _int(request.POST.get("year"))
    if element is None or year is None:
        raise Http404(_("Ô số liệu không hợp lệ."))
    value = DataValue.objects.filter(element=element, unit=unit, year=year).select_related(
        "approved_by", "entered_by", "unit").first()
    period = request.POST.get("period", "")
    form = CellForm(request.POST)
    error = None
    if form.is_valid():
        try:
            value = services.data_value_save(actor=request.user, element=element, unit=unit, year=year,
                                             value=form.cleaned_data["value"], comment=form.cleaned_data["comment"])
        except ValidationError as exc:
            error = " ".join(exc.messages)
    else:
        error = " ".join(e for errors in form.errors.values() for e in errors)
    cell = _cell(request, element=element, unit=unit, year=year, value=value, period=period, error=error)
    cell.typed = request.POST.get("value", "") if error else None
    cell.saved = error is None
    return _answer(request, cell)


def _value_or_404(request, pk) -> DataValue:
    value = get_object_or_404(DataValue.objects.select_related("unit", "element", "approved_by", "entered_by"),
                              pk=pk)
    if not unit_in_scope(request.user, value.unit):
        raise Http404(_("Không tìm thấy hoặc bạn không có quyền xem."))
    return value


def _act(request, pk, action):
    value = _value_or_404(request, pk)
    error = None
    try:
        value = action(value)
    except ValidationError as exc:
        error = " ".join(exc.messages)
    cell = _cell(request, element=value.element, unit=value.unit, year=value.year, value=value,
                 period=request.POST.get("period", ""), error=error)
    return _answer(request, cell)


@require_POST
@login_required
def value_submit(request, pk):
    return _act(request, pk, lambda v: services.data_value_submit(actor=request.user, value=v))


@require_POST
@login_required
def value_approve(request, pk):
    return _act(request, pk, lambda v: services.data_value_approve(actor=request.user, value=v))


@require_POST
@login_required
def value_unlock(request, pk):
    form = UnlockForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _act(request, pk, lambda v: services.data_value_unlock(actor=request.user, value=v, reason=reason))


@require_POST
@login_required
def submit_all(request):
    unit = _unit_from_post(request)
    years = _years(request.POST.get("period"), timezone.localdate().year)
    sent = services.data_values_submit_all(actor=request.user, unit=unit, years=years.years)
    messages.success(request, _("Đã gửi duyệt %(n)s số liệu.") % {"n": sent})
    return redirect(_grid_url(unit, years))


@login_required
def value_history(request, pk):
    value = _value_or_404(request, pk)
    return render(request, "indicators/value_history.html", {
        "value": value, "grid_url": _grid_url(value.unit, Period.year(value.year)),
        "history": history_rows(audit_history(value)[:200], model=DataValue,
                                labels={"unlock_reason": _("lý do mở khoá")}),
    })

