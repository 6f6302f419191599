"""Who may do what with training records: `can_<action>(user, obj) -> (allowed, reason)`."""

from django.utils.translation import gettext as _

from khuyencong.accounts.models import Role
from khuyencong.accounts.permissions import Decision, require_role
from khuyencong.accounts.scoping import is_visible

# Centre staff record training (the Centre keeps the training records); administrators may do everything.
EDITOR_ROLES = (Role.ADMINISTRATOR, Role.CENTRE_STAFF)
# Trainees' ID numbers and birth years are shown in full only to these roles.
PERSONAL_DATA_ROLES = (Role.ADMINISTRATOR, Role.CENTRE_STAFF)


def _class_of(obj):
    """The class an object belongs to (a class, a trainee or a follow-up), or None."""
    if obj is None:
        return None
    if hasattr(obj, "trainee"):
        obj = obj.trainee
    return getattr(obj, "training_class", obj)


def _in_role_scope(user, obj, roles) -> bool:
    return obj is None or is_visible(user, obj, roles=roles)


def can_edit_training(user, obj=None) -> Decision:
    """Create or change classes, rosters and follow-ups (obj: a class, trainee or follow-up)."""
    decision = require_role(user, *EDITOR_ROLES, action=_("ghi nhận đào tạo"))
    if decision[0] and not _in_role_scope(user, _class_of(obj), EDITOR_ROLES):
        return False, _("Lớp này nằm ngoài địa bàn bạn được giao ghi nhận đào tạo.")
    return decision


def can_edit_transplant(user, obj=None) -> Decision:
    decision = require_role(user, *EDITOR_ROLES, action=_("ghi nhận cấy nghề"))
    if decision[0] and obj is not None and not _in_role_scope(user, obj, EDITOR_ROLES):
        return False, _("Làng này nằm ngoài địa bàn bạn được giao ghi nhận cấy nghề.")
    return decision


def can_view_personal_data(user, obj=None) -> Decision:
    """Full ID numbers and birth years of a class's trainees (obj: a class, trainee or follow-up)."""
    decision = require_role(user, *PERSONAL_DATA_ROLES, action=_("xem dữ liệu cá nhân của học viên"))
    if decision[0] and not _in_role_scope(user, _class_of(obj), PERSONAL_DATA_ROLES):
        return False, _("Lớp này nằm ngoài địa bàn bạn được xem dữ liệu cá nhân.")
    return decision
