"""Pages for craft transplants: list (with the latest check), create, and the page with its yearly checks."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khuyencong.core.audit import audit_history, history_rows
from khuyencong.core.forms import add_service_errors, require
from khuyencong.core.pagination import bounded_count, offset_page
from khuyencong.training import exports, selectors
from khuyencong.training.forms import FIELD_MAP, CheckForm, TransplantFilterForm, TransplantForm, craft_names
from khuyencong.training.permissions import can_edit_transplant
from khuyencong.training.services.transplants import transplant_check_add, transplant_create
from khuyencong.training.views.classes import HISTORY_LABELS, PAGE_SIZE


@login_required
def transplant_list(request):
    form = TransplantFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    qs = selectors.transplant_list(user=request.user, filters=filters)
    if request.GET.get("format") == "xlsx":
        return exports.export_transplants(qs)
    return render(request, "training/transplant_list.html", {
        "form": form, "page": offset_page(qs, request, PAGE_SIZE), "can_edit": can_edit_transplant(request.user)[0],
        "total": bounded_count(qs),
    })


@login_required
def transplant_new(request):
    require(can_edit_transplant(request.user))
    form = TransplantForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            obj = transplant_create(
                actor=request.user, village=data["village"], craft=data["craft"], year=data["year"],
                project=data["project"], households_trained=data["households_trained"], note=data["note"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc, field_map=FIELD_MAP)
        else:
            messages.success(request, _("Đã ghi nhận cấy nghề %(craft)s vào %(village)s.")
                             % {"craft": obj.craft, "village": obj.village})
            return redirect("training:transplant_detail", pk=obj.pk)
    return render(request, "training/transplant_form.html", {"form": form, "crafts": craft_names()})


def _render_detail(request, obj, *, form=None, status=200):
    return render(request, "training/transplant_detail.html", {
        "obj": obj, "checks": obj.checks.order_by("-year"),
        "history": history_rows(audit_history(obj)[:100], model=type(obj), labels=HISTORY_LABELS),
        "can_edit": can_edit_transplant(request.user, obj)[0], "form": form or CheckForm(),
    }, status=status)


@login_required
def transplant_detail(request, pk):
    return _render_detail(request, selectors.transplant_get(user=request.user, pk=pk))


@login_required
@require_POST
def check_add(request, pk):
    obj = selectors.transplant_get(user=request.user, pk=pk)
    require(can_edit_transplant(request.user, obj))
    form = CheckForm(request.POST)
    if form.is_valid():
        try:
            transplant_check_add(actor=request.user, transplant=obj, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi kết quả kiểm tra năm %(y)d.") % {"y": form.cleaned_data["year"]})
            return redirect("training:transplant_detail", pk=obj.pk)
    return _render_detail(request, obj, form=form, status=400)
