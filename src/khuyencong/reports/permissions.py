"""Who may see and make reports: `can_<action>(user, obj) -> (allowed, reason)`.

Reports are the Centre's official documents about a unit's figures. Every role may read those figures
(the indicators pages), so every role may read and download the reports of units within their area — an
approver signs them, a viewer (an auditor) reads them. Making one (and retrying a failed one) is the work
of those who compile reports: administrators, Centre staff, and local officers for their own units.
A unit outside the user's area is answered 404 by the views, like every record out of scope.
"""

from django.utils.translation import gettext as _

from khuyencong.accounts.models import Role
from khuyencong.accounts.permissions import Decision, require_role
from khuyencong.indicators.permissions import unit_in_scope

VIEW_ROLES = tuple(Role.values)
CREATE_ROLES = (Role.ADMINISTRATOR, Role.CENTRE_STAFF, Role.LOCAL_OFFICER)


def can_view_reports(user, obj=None) -> Decision:
    return require_role(user, *VIEW_ROLES, action=_("xem báo cáo"))


def can_create_report(user, unit=None) -> Decision:
    decision = require_role(user, *CREATE_ROLES, action=_("lập báo cáo"))
    if decision[0] and unit is not None and not unit_in_scope(user, unit, roles=CREATE_ROLES):
        return False, _("%(unit)s nằm ngoài địa bàn bạn được giao.") % {"unit": unit.label}
    return decision


def can_retry_report(user, report) -> Decision:
    decision = can_create_report(user, report.unit)
    if decision[0] and report.state != "failed":
        return False, _("Chỉ lập lại được báo cáo bị lỗi.")
    return decision
