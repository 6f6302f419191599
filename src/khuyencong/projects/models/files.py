"""Project attachments: stored under MEDIA_ROOT with random names, served only by a scoped view."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from khuyencong.geo.placement import Placement


class AttachmentKind(models.TextChoices):
    REQUEST_LETTER = "request_letter", _("Đơn đề nghị hỗ trợ")
    BUDGET_ESTIMATE = "budget_estimate", _("Dự toán kinh phí")
    APPRAISAL_SHEET = "appraisal_sheet", _("Phiếu thẩm định")
    APPROVAL_DECISION = "approval_decision", _("Quyết định phê duyệt")
    ACCEPTANCE_MINUTES = "acceptance_minutes", _("Biên bản nghiệm thu")
    SETTLEMENT = "settlement", _("Hồ sơ quyết toán")
    OTHER = "other", _("Tài liệu khác")


def attachment_path(instance, filename: str) -> str:
    # The user's file name is never used on disk: only a random name and the checked extension.
    ext = instance.file_type or "bin"
    return f"projects/{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}.{ext}"


class Attachment(models.Model):
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("loại tài liệu"), max_length=20, choices=AttachmentKind.choices)
    file = models.FileField(upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    file_type = models.CharField(_("định dạng"), max_length=8)  # pdf, docx, xlsx, jpeg, png: from the content
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    # A wrong upload is removed, not destroyed: the row and the file stay for the history and its download.
    removed_at = models.DateTimeField(_("gỡ lúc"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("người gỡ"),
    )

    placement = Placement(via="project")

    class Meta:
        verbose_name = _("tài liệu đính kèm")
        verbose_name_plural = _("tài liệu đính kèm")
        ordering = ["kind", "-uploaded_at"]
        indexes = [models.Index(fields=["project", "kind"], name="projects_attachment_kind_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.original_name}"
