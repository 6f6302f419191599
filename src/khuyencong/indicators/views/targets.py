"""Targets: the list with each target's status and the method in words; add, change, delete (Centre staff)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khuyencong.core.audit import audit_history, history_rows
from khuyencong.core.formatting import format_number
from khuyencong.core.forms import add_service_errors, require
from khuyencong.indicators.forms import TargetFilterForm, TargetForm
from khuyencong.indicators.models import Target
from khuyencong.indicators.permissions import can_edit_targets, can_view_indicators
from khuyencong.indicators.selectors import programme_periods, target_list
from khuyencong.indicators.services import targets as services
from khuyencong.indicators.targets import target_status


@login_required
def target_list_view(request):
    require(can_view_indicators(request.user))
    form = TargetFilterForm(request.GET or None)
    filters = form.filters() if form.is_bound and form.is_valid() else {}
    rows = [target_status(t) for t in target_list(user=request.user, filters=filters)]
    names = {str(p): name for p, name in programme_periods()}
    for row in rows:
        row.programme = names.get(str(row.period))
    return render(request, "indicators/target_list.html", {
        "form": form, "rows": rows, "can_edit": can_edit_targets(request.user)[0],
        "query": request.GET.urlencode(),
    })


def _get(request, pk) -> Target:
    target = target_list(user=request.user).filter(pk=pk).first()
    if target is None:
        raise Http404(_("Không tìm thấy hoặc bạn không có quyền xem."))
    return target


def _fields(data) -> dict:
    return {"indicator": data["indicator"], "unit": data["unit_obj"], "period": data["period_obj"],
            "low": data["low"], "high": data["high"], "note": data["note"]}


def _number_text(value) -> str:
    return format_number(value) if value is not None else ""


@login_required
def target_create(request):
    require(can_edit_targets(request.user))
    form = TargetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.target_create(actor=request.user, **_fields(form.cleaned_data))
        except ValidationError as exc:
            add_service_errors(form, exc, field_map={"unit": "unit_code"})
        else:
            messages.success(request, _("Đã thêm mục tiêu."))
            return redirect("indicators:target_list")
    return render(request, "indicators/target_form.html", {"form": form, "target": None},
                  status=400 if form.is_bound and form.errors else 200)


@login_required
def target_edit(request, pk):
    target = _get(request, pk)
    require(can_edit_targets(request.user, target.unit))
    initial = {"indicator": target.indicator, "unit_code": target.unit.code, "unit_hierarchy": target.unit.hierarchy,
               "period": f"{target.start_year}-{target.end_year}" if target.start_year != target.end_year
               else str(target.start_year), "low": _number_text(target.low), "high": _number_text(target.high),
               "note": target.note}
    form = TargetForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.target_update(actor=request.user, target=target, **_fields(form.cleaned_data))
        except ValidationError as exc:
            add_service_errors(form, exc, field_map={"unit": "unit_code"})
        else:
            messages.success(request, _("Đã lưu mục tiêu."))
            return redirect("indicators:target_list")
    return render(request, "indicators/target_form.html", {
        "form": form, "target": target, "history": history_rows(audit_history(target)[:100], model=Target),
    }, status=400 if form.is_bound and form.errors else 200)


@require_POST
@login_required
def target_delete(request, pk):
    target = _get(request, pk)
    try:
        services.target_delete(actor=request.user, target=target)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã xoá mục tiêu."))
    return redirect("indicators:target_list")
