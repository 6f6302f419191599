"""Images of an article, uploaded on its edit page and placed in its body as a figure.

The file lives under MEDIA_ROOT, which is never served directly: `portal:article_image` serves it to the public
only while its article is public, and to editors and approvers always.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from khuyencong.portal.models.articles import Article


def image_path(instance: "ArticleImage", filename: str) -> str:
    """portal/images/ab/<uuid>.<ext>: the uploaded name is never used on disk."""
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    name = uuid.uuid4().hex
    return f"portal/images/{name[:2]}/{name}.{ext}"


class ArticleImage(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="images",
                                verbose_name=_("bài tin"))
    file = models.FileField(_("tệp ảnh"), upload_to=image_path, max_length=200)
    content_type = models.CharField(max_length=40, editable=False)
    alt = models.CharField(_("mô tả ảnh (alt)"), max_length=300)
    caption = models.CharField(_("chú thích"), max_length=500, blank=True)
    width = models.PositiveIntegerField(_("rộng"), default=0)
    height = models.PositiveIntegerField(_("cao"), default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                    related_name="+", verbose_name=_("người tải lên"))
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("ảnh bài tin")
        verbose_name_plural = _("ảnh bài tin")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.alt
