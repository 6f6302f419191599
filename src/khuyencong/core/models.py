"""The change log shared by every app: who changed what, when, and from which value to which."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    CREATE = "create", _("Tạo mới")
    UPDATE = "update", _("Sửa")
    DELETE = "delete", _("Xoá")
    IMPORT = "import", _("Nhập từ tệp")
    MERGE = "merge", _("Gộp")
    TRANSITION = "transition", _("Chuyển trạng thái")
    VIEW_PERSONAL = "view_personal", _("Xem dữ liệu cá nhân")


class AuditEntry(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    action = models.CharField(max_length=16, choices=AuditAction.choices)
    # {"field": [old, new]} with values as displayed text, so history survives schema changes.
    changes = models.JSONField(default=dict, blank=True)
    summary = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("nhật ký thay đổi")
        verbose_name_plural = _("nhật ký thay đổi")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "-at"], name="core_audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.get_action_display()} {self.summary}"


class CodeSequence(models.Model):
    """The last number handed out for one code pattern (prefix, and year where the pattern has one)."""

    prefix = models.CharField(max_length=8)
    year = models.PositiveIntegerField(default=0)  # 0: the pattern has no year (CS-000123)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("dãy số mã tự cấp")
        verbose_name_plural = _("dãy số mã tự cấp")
        constraints = [models.UniqueConstraint(fields=["prefix", "year"], name="core_code_sequence_unique")]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year or ''}: {self.last}"
