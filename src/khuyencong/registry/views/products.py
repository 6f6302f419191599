from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khuyencong.core.files import stored_file_response
from khuyencong.registry import permissions, selectors
from khuyencong.registry.forms import CertificateForm, ProductFilterForm, ProductForm, ProductPhotoForm
from khuyencong.registry.models import ProductPhoto
from khuyencong.registry.services import (
    certificate_add,
    product_create,
    product_photo_add,
    product_photo_remove,
    product_update,
)
from khuyencong.registry.services.photos import CONTENT_TYPES
from khuyencong.registry.views.common import errors_to_form, history_rows, list_page


@login_required
def product_list(request):
    return list_page(request, form_class=ProductFilterForm, selector=selectors.product_list,
                     sorts=selectors.PRODUCT_SORTS, template="registry/product_list.html",
                     extra={"can_create": permissions.can_create_product(request.user), "import_kind": "products"})


def _detail(request, product, cert_form=None, photo_form=None, status=200):
    return render(request, "registry/product_detail.html", {
        "product": product, "certificates": product.certificates.order_by("-year", "pk"),
        "photos": product.photos.order_by("uploaded_at", "pk"),
        "history": history_rows(product), "can_edit": permissions.can_edit_product(request.user, product),
        "cert_form": cert_form or CertificateForm(), "photo_form": photo_form or ProductPhotoForm(),
    }, status=status)


@login_required
def product_detail(request, pk: int):
    return _detail(request, selectors.product_get(user=request.user, pk=pk))


@login_required
@require_POST
def certificate_add_view(request, pk: int):
    product = selectors.product_get(user=request.user, pk=pk)
    allowed, reason = permissions.can_edit_product(request.user, product)
    if not allowed:
        raise PermissionDenied(reason)
    form = CertificateForm(request.POST)
    if form.is_valid():
        try:
            certificate_add(actor=request.user, product=product, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Đã thêm chứng nhận."))
            return redirect("registry:product_detail", pk=product.pk)
    return _detail(request, product, form)


def _save(request, *, product=None):
    if product is None:
        allowed, reason = permissions.can_create_product(request.user)
    else:
        allowed, reason = permissions.can_edit_product(request.user, product)
    if not allowed:
        raise PermissionDenied(reason)
    initial = ProductForm.initial_from(product) if product else {"establishment_code": request.GET.get("co_so", "")}
    form = ProductForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            if product is None:
                saved = product_create(actor=request.user, **form.service_kwargs())
            else:
                saved = product_update(actor=request.user, product=product, **form.service_kwargs())
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Đã lưu sản phẩm %(code)s.") % {"code": saved.code})
            return redirect("registry:product_detail", pk=saved.pk)
    return render(request, "registry/product_form.html", {"form": form, "product": product})


@login_required
def product_create_view(request):
    return _save(request)


@login_required
def product_edit(request, pk: int):
    return _save(request, product=selectors.product_get(user=request.user, pk=pk))


@login_required
@require_POST
def photo_upload(request, pk: int):
    product = selectors.product_get(user=request.user, pk=pk)
    allowed, reason = permissions.can_edit_product(request.user, product)
    if not allowed:
        raise PermissionDenied(reason)
    form = ProductPhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            product_photo_add(actor=request.user, product=product, upload=form.cleaned_data["file"],
                              alt=form.cleaned_data["alt"], caption=form.cleaned_data.get("caption") or "")
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Đã thêm ảnh sản phẩm."))
            return redirect("registry:product_detail", pk=product.pk)
    return _detail(request, product, photo_form=form)


@login_required
@require_POST
def photo_remove(request, pk: int, photo_id: int):
    product = selectors.product_get(user=request.user, pk=pk)
    allowed, reason = permissions.can_edit_product(request.user, product)
    if not allowed:
        raise PermissionDenied(reason)
    photo = get_object_or_404(ProductPhoto, pk=photo_id, product=product)
    product_photo_remove(actor=request.user, photo=photo)
    messages.success(request, _("Đã gỡ ảnh “%(alt)s”.") % {"alt": photo.alt})
    return redirect("registry:product_detail", pk=product.pk)


@login_required
def photo_file(request, pk: int, photo_id: int):
    """A product's photo for the back office: the product must be in the user's scope."""
    product = selectors.product_get(user=request.user, pk=pk)
    photo = get_object_or_404(ProductPhoto, pk=photo_id, product=product)
    return stored_file_response(photo.file, missing=_("Tệp không còn trên máy chủ."),
                                content_type=CONTENT_TYPES.get(photo.file_type, "application/octet-stream"))
