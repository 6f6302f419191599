"""Product photos: checked by their content with Pillow (never by the name), stored under a random name, removed
with their file. The public directory shows them only for public products (registry.selectors)."""

import warnings

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from khuyencong.core.audit import AuditAction, audit_record
from khuyencong.registry.models import Product, ProductPhoto
from khuyencong.registry.services.common import clean_text, ensure_edit_scope, public_changed

MAX_SIZE = 5 * 1024 * 1024
MAX_SIDE = 8000
FORMATS = {"JPEG": "jpeg", "PNG": "png", "WEBP": "webp"}
CONTENT_TYPES = {"jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp"}


def image_check(upload) -> tuple[str, int, int]:
    """(file_type, width, height) of a real JPEG, PNG or WebP picture, or a ValidationError in Vietnamese."""
    name = getattr(upload, "name", "") or ""
    if upload.size == 0:
        raise ValidationError({"file": _("Tệp “%(name)s” rỗng.") % {"name": name}})
    if upload.size > MAX_SIZE:
        raise ValidationError({"file": _("Ảnh “%(name)s” lớn hơn 5 MB.") % {"name": name}})
    try:
        upload.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                kind, (width, height) = image.format, image.size
                image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombWarning,
            Image.DecompressionBombError) as exc:
        raise ValidationError({"file": _("Tệp “%(name)s” không phải ảnh JPEG, PNG hoặc WebP đọc được.")
                               % {"name": name}}) from exc
    finally:
        upload.seek(0)
    if kind not in FORMATS:
        raise ValidationError({"file": _("Ảnh “%(name)s” có định dạng %(kind)s: chỉ nhận JPEG, PNG hoặc WebP.")
                               % {"name": name, "kind": kind}})
    if max(width, height) > MAX_SIDE:
        raise ValidationError({"file": _("Ảnh “%(name)s” quá lớn (%(w)s × %(h)s điểm ảnh): tối đa %(m)s điểm "
                                         "ảnh mỗi cạnh.") % {"name": name, "w": width, "h": height, "m": MAX_SIDE}})
    return FORMATS[kind], width, height


@transaction.atomic
def product_photo_add(*, actor, product: Product, upload, alt: str, caption: str = "") -> ProductPhoto:
    """Store a photo of the product; `alt` (what the picture shows, for readers who cannot see it) is required."""
    ensure_edit_scope(actor, product, field="product")
    alt, caption = clean_text(alt), clean_text(caption)
    errors = {}
    if not alt:
        errors["alt"] = _("Cần mô tả ảnh (cho người không xem được ảnh).")
    try:
        file_type, width, height = image_check(upload)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    photo = ProductPhoto(product=product, file_type=file_type, width=width, height=height, alt=alt, caption=caption,
                         uploaded_by=actor if getattr(actor, "is_authenticated", False) else None)
    photo.file.save(f"photo.{file_type}", upload, save=False)
    try:
        photo.full_clean()
        photo.save()
    except Exception:
        photo.file.delete(save=False)  # the file was written before the row: no orphan on disk
        raise
    audit_record(actor=actor, obj=product, action=AuditAction.UPDATE, changes={"photo": [None, alt]},
                 summary=_("Thêm ảnh sản phẩm %(code)s") % {"code": product.code})
    public_changed()
    return photo


@transaction.atomic
def product_photo_remove(*, actor, photo: ProductPhoto) -> None:
    product = photo.product
    ensure_edit_scope(actor, product, field="product")
    stored, alt = photo.file, photo.alt
    photo.delete()
    audit_record(actor=actor, obj=product, action=AuditAction.UPDATE, changes={"photo": [alt, None]},
                 summary=_("Gỡ ảnh sản phẩm %(code)s") % {"code": product.code})
    public_changed()
    transaction.on_commit(lambda: stored.delete(save=False))
