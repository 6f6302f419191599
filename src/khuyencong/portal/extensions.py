"""What the portal registers into lower apps' pages: the “Soạn bài tin” button on a finished report's page
(slot "reports.report_detail") and on the programme page (slot "indicators.programme"), for editors and approvers
of the unit."""

from khuyencong.core.extensions import register_section
from khuyencong.portal.permissions import can_compose_from_figures

BUTTON = "portal/_compose_button.html"


def _on_report(request, report):
    if request is None or report is None or report.state != "done":
        return None
    if not can_compose_from_figures(request.user, report.unit)[0]:
        return None
    return {"report": report, "unit": report.unit, "period": report.period}


def _on_programme(request, page):
    result = page.get("result") if page else None
    if request is None or result is None or result.unit is None:
        return None
    if not can_compose_from_figures(request.user, result.unit)[0]:
        return None
    return {"report": None, "unit": result.unit, "period": result.period}


register_section("reports.report_detail", template=BUTTON, context=_on_report)
register_section("indicators.programme", template=BUTTON, context=_on_programme)
