"""Reads with rules: the reports a user may see — those of units within their area, by the one scope rule
(`accounts.scoping`, through `indicators.permissions.visible_unit_ids`: a unit is within the area when all
its communes are) — newest first."""

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from khuyencong.indicators.permissions import visible_unit_ids
from khuyencong.reports.models import Report
from khuyencong.reports.permissions import VIEW_ROLES


def report_list(*, user) -> QuerySet[Report]:
    qs = Report.objects.select_related("unit", "created_by")
    visible = visible_unit_ids(user, roles=VIEW_ROLES)
    return qs if visible is None else qs.filter(unit__in=visible)


def report_get(*, user, pk) -> Report:
    """The report, or 404 when it does not exist or its unit lies outside the user's area (the same answer)."""
    report = report_list(user=user).filter(pk=pk).first()
    if report is None:
        raise Http404(_("Không tìm thấy báo cáo này."))
    return report
