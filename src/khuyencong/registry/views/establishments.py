from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khuyencong.registry import permissions, selectors
from khuyencong.registry.forms import EstablishmentFilterForm, EstablishmentForm, ListingForm
from khuyencong.registry.models import Sector
from khuyencong.registry.services import establishment_create, establishment_listing_set, establishment_update
from khuyencong.registry.views.common import errors_to_form, history_rows, list_page


@login_required
def establishment_list(request):
    return list_page(request, form_class=EstablishmentFilterForm, selector=selectors.establishment_list,
                     sorts=selectors.ESTABLISHMENT_SORTS, template="registry/establishment_list.html",
                     extra={"can_create": permissions.can_create_establishment(request.user),
                            "import_kind": "establishments", "sectors": Sector.objects.all()})


def _detail(request, est, listing_form=None):
    return render(request, "registry/establishment_detail.html", {
        "est": est, "products": selectors.product_list(user=request.user, filters={"establishment": est.pk})[:100],
        "history": history_rows(est), "can_edit": permissions.can_edit_establishment(request.user, est),
        "listing_form": listing_form or ListingForm(initial=ListingForm.initial_from(est)),
    })


@login_required
def establishment_detail(request, pk: int):
    return _detail(request, selectors.establishment_get(user=request.user, pk=pk))


@login_required
@require_POST
def establishment_listing(request, pk: int):
    """The small "Đồng ý công khai" form of the establishment page."""
    est = selectors.establishment_get(user=request.user, pk=pk)
    allowed, reason = permissions.can_edit_establishment(request.user, est)
    if not allowed:
        raise PermissionDenied(reason)
    form = ListingForm(request.POST)
    if form.is_valid():
        try:
            saved = establishment_listing_set(actor=request.user, establishment=est, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận: cơ sở được nêu trong danh bạ công khai.") if saved.public_listing
                             else _("Đã ghi nhận: cơ sở không được nêu trong danh bạ công khai."))
            return redirect("registry:establishment_detail", pk=est.pk)
    return _detail(request, est, form)


def _save(request, *, est=None):
    if est is None:
        allowed, reason = permissions.can_create_establishment(request.user)
    else:
        allowed, reason = permissions.can_edit_establishment(request.user, est)
    if not allowed:
        raise PermissionDenied(reason)
    initial = EstablishmentForm.initial_from(est) if est else {}
    form = EstablishmentForm(request.POST or None, initial=initial, user=request.user, instance=est)
    if request.method == "POST" and form.is_valid():
        try:
            if est is None:
                saved = establishment_create(actor=request.user, **form.service_kwargs())
            else:
                saved = establishment_update(actor=request.user, establishment=est, **form.service_kwargs())
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Đã lưu cơ sở %(code)s.") % {"code": saved.code})
            for flag in saved.duplicate_flags:
                other = flag.second if flag.first_id == saved.pk else flag.first
                messages.warning(request, _("Có thể trùng với cơ sở “%(name)s” (mã %(code)s, giống %(score)s%%): "
                                            "xem trang Hồ sơ nghi trùng.")
                                 % {"name": other.name, "code": other.code, "score": flag.score})
            return redirect("registry:establishment_detail", pk=saved.pk)
    return render(request, "registry/establishment_form.html", {"form": form, "est": est})


@login_required
def establishment_create_view(request):
    return _save(request)


@login_required
def establishment_edit(request, pk: int):
    return _save(request, est=selectors.establishment_get(user=request.user, pk=pk))
