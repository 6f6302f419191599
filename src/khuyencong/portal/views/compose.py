"""“Soạn bài tin”: the buttons on a report's page and on the programme page post here; the view checks who asks
and what, writes the draft through the service and opens it in the editor. Bad input: a Vietnamese message, 400,
nothing stored."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khuyencong.core.forms import require
from khuyencong.portal.forms import ComposeForm
from khuyencong.portal.permissions import can_compose_from_figures
from khuyencong.portal.services.compose import compose_article
from khuyencong.reports.models import ReportState
from khuyencong.reports.selectors import report_get


def _refused(request, messages: list[str]):
    return render(request, "portal/compose_refused.html", {"messages_": messages}, status=400)


@login_required
@require_POST
def compose_from_figures(request):
    require(can_compose_from_figures(request.user))
    form = ComposeForm(request.POST)
    if not form.is_valid():
        return _refused(request, [str(e) for errors in form.errors.values() for e in errors])
    if form.cleaned_data["report"]:
        report = report_get(user=request.user, pk=form.cleaned_data["report"])  # 404 outside the user's area
        if report.state != ReportState.DONE:
            return _refused(request, [_("Báo cáo chưa lập xong: chỉ soạn bài tin từ báo cáo đã hoàn tất.")])
        unit, period = report.unit, report.period
        source_label = _("%(kind)s %(unit)s, %(period)s (báo cáo số %(pk)s)") % {
            "kind": report.get_kind_display().lower(), "unit": unit.name, "period": period.label, "pk": report.pk}
        source_url = reverse("reports:detail", args=[report.pk])
    else:
        unit, period = form.cleaned_data["unit_obj"], form.cleaned_data["period_obj"]
        source_label = _("trang Chương trình: %(unit)s, %(period)s") % {"unit": unit.label, "period": period.label}
        source_url = reverse("indicators:programme") + "?" + urlencode(
            {"unit_code": unit.code, "unit_hierarchy": unit.hierarchy, "period": str(period)})
    require(can_compose_from_figures(request.user, unit))
    article = compose_article(user=request.user, unit=unit, period=period, source_label=source_label,
                              source_url=source_url)
    return redirect("portal:article_edit", pk=article.pk)

