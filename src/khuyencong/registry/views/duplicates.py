from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khuyencong.accounts.scoping import scope_units
from khuyencong.geo.forms import UnitField
from khuyencong.geo.selectors import current_commune_for
from khuyencong.registry import permissions, selectors
from khuyencong.registry.models import Establishment
from khuyencong.registry.services import duplicate_dismiss, duplicates_likely, establishment_merge
from khuyencong.registry.services.common import commune_scope_problem


@login_required
def duplicate_list(request):
    flags = selectors.duplicate_flags_open(user=request.user).order_by("-created_at", "-pk")[:200]
    return render(request, "registry/duplicate_list.html", {
        "flags": flags, "can_review": permissions.can_review_duplicates(request.user),
    })


@login_required
def duplicate_check(request):
    """While a new establishment's name or commune is typed (htmx): its likely duplicates, as the form will
    show them on saving. Only for a commune the user may edit, so no one reads names outside their units."""
    candidates = []
    field = UnitField()
    field.areas = scope_units(request.user, roles=permissions.EDITOR_ROLES)
    try:
        commune = field.clean([request.GET.get("commune_code", ""), request.GET.get("commune_hierarchy", "")])
    except ValidationError:
        commune = None
    name = request.GET.get("name", "")
    problem = commune_scope_problem(request.user, commune, model=Establishment) if commune is not None else True
    if commune is not None and name.strip() and problem is None \
            and permissions.is_editor(request.user):
        pk = request.GET.get("pk", "")
        est = selectors.establishment_get(user=request.user, pk=int(pk)) if pk.isdigit() else None
        if est is None or (est.name, est.commune_id) != (" ".join(name.split()), commune.pk):
            candidates = duplicates_likely(name=name, commune=commune, establishment=est,
                                           current_commune=current_commune_for(commune))
    return render(request, "registry/_duplicate_candidates.html", {"candidates": candidates})


@login_required
@require_POST
def duplicate_resolve(request, pk: int):
    flag = selectors.duplicate_flag_get(user=request.user, pk=pk)
    action = request.POST.get("action")
    if action == "not_duplicate":
        allowed, reason = permissions.can_merge(request.user, flag.first, flag.second)
        if not allowed:
            raise PermissionDenied(reason)
        duplicate_dismiss(flag=flag, actor=request.user)
        messages.success(request, _("Đã ghi nhận: “%(a)s” và “%(b)s” không trùng.")
                         % {"a": flag.first.name, "b": flag.second.name})
    elif action == "merge":
        keep_pk = request.POST.get("keep")
        pair = {str(flag.first_id): flag.first, str(flag.second_id): flag.second}
        if keep_pk not in pair:
            messages.error(request, _("Hãy chọn cơ sở được giữ lại."))
            return redirect("registry:duplicate_list")
        keep = pair.pop(keep_pk)
        remove = next(iter(pair.values()))
        allowed, reason = permissions.can_merge(request.user, keep, remove)
        if not allowed:
            raise PermissionDenied(reason)
        try:
            establishment_merge(keep=keep, remove=remove, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("registry:duplicate_list")
        messages.success(request, _("Đã gộp “%(r)s” (mã %(rc)s) vào “%(k)s” (mã %(kc)s).")
                         % {"r": remove.name, "rc": remove.code, "k": keep.name, "kc": keep.code})
        return redirect("registry:establishment_detail", pk=keep.pk)
    else:
        messages.error(request, _("Thao tác không hợp lệ."))
    return redirect("registry:duplicate_list")
