"""Every write of the reports app: ask for a report (queued as a background task), generate it (the task),
retry a failed one. `report_generate` records progress on the row, which the report page polls."""

import logging
import tempfile
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from khuyencong.core.audit import audit_record
from khuyencong.core.models import AuditAction
from khuyencong.core.periods import Period
from khuyencong.geo.models import AdminUnit
from khuyencong.reports import content as content_module

# tasks: a module import both ways (the task runs this module, this module queues the task); read at call time.
from khuyencong.reports import pdf, tasks
from khuyencong.reports.document import write_docx
from khuyencong.reports.models import Report, ReportKind, ReportState
from khuyencong.reports.permissions import can_create_report, can_retry_report
from khuyencong.reports.workbook import write_xlsx

logger = logging.getLogger(__name__)


def check_period(kind: str, period: Period) -> None:
    """An annual report covers one year; a programme review at least two."""
    if kind == ReportKind.ANNUAL and not period.is_year:
        raise ValidationError({"period": _("Báo cáo năm cần một năm, ví dụ 2015 (không phải %(p)s).")
                               % {"p": period.label}})
    if kind == ReportKind.REVIEW and period.is_year:
        raise ValidationError({"period": _("Báo cáo tổng kết cần một giai đoạn nhiều năm, ví dụ 2011-2015 (không "
                                           "phải %(p)s); một năm thì chọn báo cáo năm.") % {"p": period.label}})


def _enqueue(report: Report) -> None:
    transaction.on_commit(lambda: tasks.generate_report.enqueue(report.pk))


def report_request(*, actor, kind: str, unit: AdminUnit, period: Period) -> Report:
    """A new report, queued for generation once the transaction commits."""
    allowed, reason = can_create_report(actor, unit)
    if not allowed:
        raise PermissionDenied(reason)
    if kind not in ReportKind.values:
        raise ValidationError({"kind": _("Loại báo cáo “%(kind)s” không có: viết review hoặc annual.")
                               % {"kind": kind}})
    check_period(kind, period)
    with transaction.atomic():
        report = Report.objects.create(kind=kind, unit=unit, start_year=period.start, end_year=period.end,
                                       created_by=actor if getattr(actor, "pk", None) else None,
                                       step=_("Đang chờ tác vụ nền"))
        audit_record(actor=actor, obj=report, action=AuditAction.CREATE, summary=str(report))
        _enqueue(report)
    return report


def report_retry(*, actor, report: Report) -> Report:
    allowed, reason = can_retry_report(actor, report)
    if not allowed:
        raise PermissionDenied(reason)
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        if report.state != ReportState.FAILED:
            return report
        report.state, report.progress, report.error = ReportState.PENDING, 0, ""
        report.step = _("Đang chờ tác vụ nền")
        report.save(update_fields=["state", "progress", "error", "step"])
        audit_record(actor=actor, obj=report, action=AuditAction.UPDATE,
                     changes={"state": [ReportState.FAILED, ReportState.PENDING]}, summary=_("Lập lại"))
        _enqueue(report)
    return report


def _progress(report: Report, percent: int, step: str) -> None:
    report.progress, report.step = percent, step
    report.save(update_fields=["progress", "step", "state"])


def build_files(*, kind: str, unit: AdminUnit, period: Period, directory: Path, name: str, with_pdf: bool = True,
                progress=None, today=None) -> dict:
    """Write the report's files into `directory`: {"docx": path, "xlsx": path, "pdf": path or None,
    "pdf_note": why there is no PDF}. Used by the task and by the command line. The report is an official
    Vietnamese document whatever the language of the page that asked for it."""
    with translation.override("vi"):
        return _build_files(kind=kind, unit=unit, period=period, directory=directory, name=name, with_pdf=with_pdf,
                            progress=progress, today=today)


def _build_files(*, kind, unit, period, directory: Path, name: str, with_pdf: bool, progress, today) -> dict:
    def step(percent, text):
        if progress:
            progress(percent, text)

    step(10, _("Đang tính các chỉ tiêu"))
    report_content = content_module.build(kind=kind, unit=unit, period=period, today=today)
    step(50, _("Đang viết văn bản và vẽ biểu đồ"))
    docx_path = directory / f"{name}.docx"
    write_docx(report_content, docx_path)
    step(70, _("Đang viết bảng tính"))
    xlsx_path = directory / f"{name}.xlsx"
    write_xlsx(report_content, xlsx_path)
    out = {"docx": docx_path, "xlsx": xlsx_path, "pdf": None, "pdf_note": ""}
    if with_pdf:
        step(80, _("Đang chuyển sang PDF"))
        try:
            out["pdf"] = pdf.convert(docx_path)
        except pdf.PdfUnavailable as exc:
            out["pdf_note"] = str(exc)
    return out


def report_generate(*, report_id: int) -> Report:
    """Generate a queued report's files; a failure is recorded on the report (its page shows it), not raised."""
    report = Report.objects.select_related("unit").get(pk=report_id)
    if report.state not in (ReportState.PENDING, ReportState.RUNNING):
        return report
    report.state, report.attempts = ReportState.RUNNING, report.attempts + 1
    report.save(update_fields=["state", "attempts"])
    try:
        with tempfile.TemporaryDirectory(prefix="kc-report-") as directory:
            name = report.file_name("x")[:-2]
            files = build_files(kind=report.kind, unit=report.unit, period=report.period, directory=Path(directory),
                                name=name, progress=lambda percent, text: _progress(report, percent, text))
            _progress(report, 95, _("Đang lưu tệp"))
            for field in ("docx", "xlsx", "pdf"):
                getattr(report, field).delete(save=False)
                if files[field]:
                    with open(files[field], "rb") as handle:
                        getattr(report, field).save(report.file_name(field), File(handle), save=False)
        report.pdf_note = files["pdf_note"]
        report.state, report.progress, report.step = ReportState.DONE, 100, ""
    except Exception as exc:  # noqa: BLE001 — any failure is shown on the report's page, with a retry
        logger.exception("report %s failed", report.pk)
        report.state, report.step = ReportState.FAILED, ""
        report.error = _("Không lập được báo cáo: %(error)s") % {"error": exc}
    report.finished_at = timezone.now()
    report.save()
    return report
