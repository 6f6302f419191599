"""The data-quality page ("Chất lượng số liệu"): the flags of the user's units, filtered by rule and state; a
flag's page with its record, its explanation, its history and the "đã kiểm tra" form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khuyencong.core.audit import audit_history, history_rows
from khuyencong.core.forms import add_service_errors, require
from khuyencong.core.pagination import bounded_count, offset_page
from khuyencong.indicators.forms import FlagCheckForm, QualityFilterForm
from khuyencong.indicators.models import QualityFlag
from khuyencong.indicators.permissions import can_check_flag, can_view_quality, checkable_flag_ids
from khuyencong.indicators.quality_rules import CHECKS, threshold
from khuyencong.indicators.selectors import flag_get, flag_record, quality_flags
from khuyencong.indicators.services.quality_flags import flag_check


@login_required
def flag_list(request):
    require(can_view_quality(request.user))
    form = QualityFilterForm(request.GET)
    valid = form.is_valid()
    qs = quality_flags(user=request.user, **(form.filters() if valid else {}))
    page = offset_page(qs, request)
    checkable = checkable_flag_ids(request.user, page["rows"])
    rows = [{"flag": flag, "record": flag_record(flag), "can_check": flag.pk in checkable} for flag in page["rows"]]
    return render(request, "indicators/quality_list.html", {
        "form": form, "page": page, "rows": rows, "total": bounded_count(qs),
        "norms": {"class": threshold("MAX_COST_PER_CLASS"), "trainee": threshold("MAX_COST_PER_TRAINEE"),
                  "jump": threshold("MAX_YEARLY_JUMP"), "size": threshold("MAX_CLASS_SIZE_PERCENT")},
    }, status=200 if valid else 400)


def _render_flag(request, flag: QualityFlag, form=None, status=200):
    allowed, reason = can_check_flag(request.user, flag)
    return render(request, "indicators/quality_flag.html", {
        "flag": flag, "record": flag_record(flag), "check": CHECKS.get(flag.check_code),
        "can_check": allowed, "refusal": reason, "form": form or FlagCheckForm(),
        "history": history_rows(audit_history(flag)[:200], model=QualityFlag),
    }, status=status)


@login_required
def flag_detail(request, pk: int):
    require(can_view_quality(request.user))
    return _render_flag(request, flag_get(user=request.user, pk=pk))


@login_required
@require_POST
def flag_check_view(request, pk: int):
    require(can_view_quality(request.user))
    flag = flag_get(user=request.user, pk=pk)
    require(can_check_flag(request.user, flag))
    form = FlagCheckForm(request.POST)
    if form.is_valid():
        try:
            flag_check(actor=request.user, flag=flag, comment=form.cleaned_data["comment"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã đánh dấu cảnh báo là đã kiểm tra."))
            target = request.POST.get("next", "")
            if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                   require_https=request.is_secure()):
                target = ""
            return redirect(target or "indicators:flag_detail", **({} if target else {"pk": flag.pk}))
    return _render_flag(request, flag, form, status=400)
