"""Uploading an article's images: recognised by their content (Pillow), not by their name."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from khuyencong.core.audit import audit_record
from khuyencong.core.forms import require
from khuyencong.core.models import AuditAction
from khuyencong.portal import permissions
from khuyencong.portal.models import Article, ArticleImage

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
# Pillow's format → (content type, extension on disk).
FORMATS = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png"), "WEBP": ("image/webp", "webp"),
           "GIF": ("image/gif", "gif")}


def image_problems(upload) -> tuple[list[str], dict]:
    """(messages, facts): what is wrong with an uploaded file as an article image; facts are its type and size."""
    if upload is None:
        return [_("Chọn tệp ảnh.")], {}
    name = getattr(upload, "name", "") or ""
    if upload.size > MAX_BYTES:
        return [_("Ảnh “%(name)s” nặng %(size)s MB, quá giới hạn %(max)s MB.") % {
            "name": name, "size": f"{upload.size / 1024 / 1024:.1f}".replace(".", ","),
            "max": MAX_BYTES // 1024 // 1024}], {}
    try:
        upload.seek(0)
        with Image.open(upload) as img:
            fmt, (width, height) = img.format, img.size
            if width * height > MAX_PIXELS:
                return [_("Ảnh “%(name)s” quá lớn (%(w)s × %(h)s điểm ảnh).") % {
                    "name": name, "w": width, "h": height}], {}
            img.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return [_("Tệp “%(name)s” không phải ảnh JPEG, PNG, WebP hoặc GIF đọc được.") % {"name": name}], {}
    finally:
        upload.seek(0)
    if fmt not in FORMATS:
        return [_("Ảnh “%(name)s” có định dạng %(fmt)s; chỉ nhận JPEG, PNG, WebP hoặc GIF.") % {
            "name": name, "fmt": fmt}], {}
    content_type, ext = FORMATS[fmt]
    return [], {"content_type": content_type, "ext": ext, "width": width, "height": height}


@transaction.atomic
def image_add(*, user, article: Article, upload, alt: str, caption: str = "") -> ArticleImage:
    require(permissions.can_upload_image(user, article))
    problems, facts = image_problems(upload)
    errors = {"file": problems} if problems else {}
    if not (alt or "").strip():
        errors["alt"] = [_("Ghi mô tả ảnh (alt) cho người đọc không xem được ảnh.")]
    if errors:
        raise ValidationError(errors)
    image = ArticleImage(article=article, alt=alt.strip(), caption=(caption or "").strip(),
                         content_type=facts["content_type"], width=facts["width"], height=facts["height"],
                         uploaded_by=user)
    image.file.save(f"image.{facts['ext']}", upload, save=False)
    image.full_clean()
    image.save()
    audit_record(actor=user, obj=article, action=AuditAction.UPDATE,
                 summary=_("Tải ảnh lên: %(alt)s") % {"alt": image.alt})
    return image
