"""The reports page (ask for a report, the list of past ones), a report's page (progress polled with htmx,
its error and a retry), and its downloads. Thin: forms → services/selectors → render."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from khuyencong.core.files import stored_file_response
from khuyencong.core.forms import require
from khuyencong.core.pagination import offset_page
from khuyencong.indicators.selectors import default_period, default_unit
from khuyencong.reports.forms import ReportForm
from khuyencong.reports.models import ReportKind
from khuyencong.reports.permissions import can_create_report, can_retry_report, can_view_reports
from khuyencong.reports.selectors import report_get, report_list
from khuyencong.reports.services.reports import report_request, report_retry

PAGE_SIZE = 25
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def _initial(user) -> dict:
    unit = default_unit(user)
    return {"kind": ReportKind.REVIEW, "unit_code": unit.code if unit else "",
            "unit_hierarchy": unit.hierarchy if unit else "current", "period": str(default_period())}


@login_required
@require_http_methods(["GET", "POST"])
def index(request):
    require(can_view_reports(request.user))
    may_create = can_create_report(request.user)
    form = ReportForm(request.POST or None, initial=_initial(request.user))
    status = 200
    if request.method == "POST":
        require(may_create)
        if form.is_valid():
            unit = form.cleaned_data["unit_obj"]
            allowed, reason = can_create_report(request.user, unit)
            if allowed:
                report = report_request(actor=request.user, kind=form.cleaned_data["kind"], unit=unit,
                                        period=form.cleaned_data["period"])
                return redirect("reports:detail", pk=report.pk)
            form.add_error("unit_code", reason)
        status = 400
    page = offset_page(report_list(user=request.user), request, PAGE_SIZE)
    return render(request, "reports/index.html", {"form": form, "page": page, "can_create": may_create[0],
                                                  "reason": may_create[1]}, status=status)


@login_required
@require_GET
def detail(request, pk):
    require(can_view_reports(request.user))
    report = report_get(user=request.user, pk=pk)
    template = "reports/_status.html" if request.htmx else "reports/detail.html"
    return render(request, template, {"report": report, "can_retry": can_retry_report(request.user, report)[0]})


@login_required
@require_POST
def retry(request, pk):
    require(can_view_reports(request.user))
    report = report_get(user=request.user, pk=pk)
    require(can_retry_report(request.user, report))
    report_retry(actor=request.user, report=report)
    return redirect("reports:detail", pk=report.pk)


@login_required
@require_GET
def download(request, pk, fmt):
    require(can_view_reports(request.user))
    report = report_get(user=request.user, pk=pk)
    if fmt not in CONTENT_TYPES or not getattr(report, fmt):
        raise Http404(_("Báo cáo này không có tệp %(fmt)s.") % {"fmt": fmt.upper()})
    return stored_file_response(getattr(report, fmt),
                                missing=_("Tệp của báo cáo không còn trên máy chủ; hãy lập lại báo cáo."),
                                as_attachment=True, filename=report.file_name(fmt), content_type=CONTENT_TYPES[fmt])
