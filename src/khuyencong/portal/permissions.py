"""Who may write news and moderate comments: editors (biên tập viên) write, approvers publish."""

from django.utils.translation import gettext as _

from khuyencong.accounts.models import Role
from khuyencong.accounts.permissions import Decision, require_role
from khuyencong.indicators.permissions import unit_in_scope

# --- “Soạn bài tin” from the figures ---------------------------------------------------------------------------
COMPOSE_ROLES = (Role.EDITOR, Role.APPROVER)


def can_compose_from_figures(user, unit=None) -> Decision:
    """Editors and approvers write a draft from the figures of a unit within their area."""
    decision = require_role(user, *COMPOSE_ROLES, action=_("soạn bài tin từ số liệu"))
    if decision[0] and unit is not None and not unit_in_scope(user, unit, roles=COMPOSE_ROLES):
        return False, _("%(unit)s nằm ngoài địa bàn bạn được giao.") % {"unit": unit.label}
    return decision
