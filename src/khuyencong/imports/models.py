"""An import run: what was imported, by whom, how far it got, and what it found."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from khuyencong.geo.models import Hierarchy


class ImportMode(models.TextChoices):
    """What a row may do to the database; the codes are the CLI's --mode values."""

    UPSERT = "upsert", _("Thêm mới hoặc cập nhật")
    CREATE = "create", _("Chỉ thêm mới")
    UPDATE = "update", _("Chỉ cập nhật")


MODE_LABELS = dict(ImportMode.choices)


class RunStatus(models.TextChoices):
    PENDING = "pending", _("Đang chờ")
    RUNNING = "running", _("Đang kiểm tra")
    WRITING = "writing", _("Đang ghi")
    SUCCEEDED = "succeeded", _("Hoàn tất")
    FAILED = "failed", _("Có lỗi, không ghi")


class ImportRun(models.Model):
    kind = models.CharField(_("loại dữ liệu"), max_length=32)
    file = models.FileField(_("tệp"), upload_to="imports/uploads/%Y/%m/")
    original_name = models.CharField(_("tên tệp"), max_length=255)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    hierarchy = models.CharField(_("hệ thống mã đơn vị"), max_length=8, default="current")
    mode = models.CharField(_("chế độ"), max_length=8, choices=ImportMode.choices, default=ImportMode.UPSERT)
    dry_run = models.BooleanField(_("chạy thử"), default=False)
    valid_only = models.BooleanField(_("chỉ ghi dòng hợp lệ"), default=False)
    # The kind's confirmations chosen for this run (Kind.options), e.g. ["confirm_large"].
    options = models.JSONField(_("tuỳ chọn"), default=list, blank=True)
    status = models.CharField(_("trạng thái"), max_length=12, choices=RunStatus.choices, default=RunStatus.PENDING)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    # Rows that passed every check. created/updated/unchanged count what was written: all zero for a run that
    # wrote nothing (failed, all or nothing, or a dry run), whose would-be counts are in the summary.
    valid_rows = models.PositiveIntegerField(_("dòng hợp lệ"), default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    # [[row, column, message], …], the first 1,000; the rejects file holds them all.
    errors = models.JSONField(default=list, blank=True)
    summary = models.JSONField(default=list, blank=True)
    duplicates = models.JSONField(default=list, blank=True)
    rejects = models.FileField(upload_to="imports/rejects/%Y/%m/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("lần nhập dữ liệu")
        verbose_name_plural = _("lần nhập dữ liệu")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.kind} {self.original_name}"

    @property
    def mode_label(self) -> str:
        return str(MODE_LABELS.get(self.mode, self.mode))

    @property
    def wrote(self) -> bool:
        return self.status == RunStatus.SUCCEEDED and not self.dry_run

    @property
    def hierarchy_label(self) -> str:
        return str(Hierarchy(self.hierarchy).label) if self.hierarchy in Hierarchy.values else self.hierarchy

    @property
    def finished(self) -> bool:
        return self.status in (RunStatus.SUCCEEDED, RunStatus.FAILED)

    @property
    def percent(self) -> int:
        if self.finished:
            return 100
        return min(99, int(100 * self.rows_done / self.rows_total)) if self.rows_total else 0
