"""A generated report: what was asked (kind, unit, period, hierarchy), who asked and when, how far its
background generation got, its error if it failed, and the files it produced (DOCX, XLSX, PDF).

A report holds no figure of its own: every number in its files was computed by `indicators.engine.compute`
when it was generated, so a report made again later may differ if the records changed in between.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from khuyencong.core.periods import Period
from khuyencong.geo.models import AdminUnit


class ReportKind(models.TextChoices):
    REVIEW = "review", _("Báo cáo tổng kết giai đoạn")
    ANNUAL = "annual", _("Báo cáo năm")


class ReportState(models.TextChoices):
    PENDING = "pending", _("Đang chờ")
    RUNNING = "running", _("Đang lập")
    DONE = "done", _("Hoàn tất")
    FAILED = "failed", _("Lỗi")


class Report(models.Model):
    kind = models.CharField(_("loại báo cáo"), max_length=8, choices=ReportKind.choices)
    unit = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    start_year = models.PositiveSmallIntegerField(_("từ năm"))
    end_year = models.PositiveSmallIntegerField(_("đến năm"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("người lập"))
    created_at = models.DateTimeField(_("lúc yêu cầu"), auto_now_add=True)
    finished_at = models.DateTimeField(_("lúc xong"), null=True, blank=True)
    state = models.CharField(_("trạng thái"), max_length=8, choices=ReportState.choices, default=ReportState.PENDING)
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    step = models.CharField(_("bước"), max_length=120, blank=True)
    error = models.TextField(_("lỗi"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("số lần lập"), default=0)
    docx = models.FileField(_("tệp DOCX"), upload_to="reports/%Y/%m/", blank=True)
    xlsx = models.FileField(_("tệp XLSX"), upload_to="reports/%Y/%m/", blank=True)
    pdf = models.FileField(_("tệp PDF"), upload_to="reports/%Y/%m/", blank=True)
    pdf_note = models.CharField(_("ghi chú PDF"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("báo cáo")
        verbose_name_plural = _("báo cáo")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["unit", "-created_at"], name="reports_unit_created_idx")]
        constraints = [
            models.CheckConstraint(condition=models.Q(end_year__gte=models.F("start_year")), name="reports_years"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.unit.name} {self.period.label}"

    @property
    def period(self) -> Period:
        return Period(self.start_year, self.end_year)

    @property
    def hierarchy(self) -> str:
        return self.unit.hierarchy

    @property
    def finished(self) -> bool:
        return self.state in (ReportState.DONE, ReportState.FAILED)

    def file_name(self, extension: str) -> str:
        """bao-cao-tong-ket-01-2011-2015.docx; bao-cao-nam-01-2015.xlsx."""
        slug = "tong-ket" if self.kind == ReportKind.REVIEW else "nam"
        legacy = "-cu" if self.unit.hierarchy == "legacy" else ""
        return f"bao-cao-{slug}-{self.unit.code}{legacy}-{self.period}.{extension}"
