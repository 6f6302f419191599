"""Permission rules as functions returning (allowed, reason); the reason is shown to the user."""

from django.utils.translation import gettext as _

from khuyencong.accounts.models import Role

Decision = tuple[bool, str]
ALLOWED: Decision = (True, "")


def has_role(user, *roles: str) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or bool(user.roles.intersection(roles))


def require_role(user, *roles: str, action: str) -> Decision:
    if has_role(user, *roles):
        return ALLOWED
    names = ", ".join(str(Role(r).label) for r in roles)
    return False, _("Chỉ %(roles)s được %(action)s.") % {"roles": names, "action": action}


def can_view_dashboard(user, obj=None) -> Decision:
    return require_role(user, *Role.values, action=_("xem bảng điều khiển"))


def can_manage_users(user, obj=None) -> Decision:
    return require_role(user, Role.ADMINISTRATOR, action=_("quản lý người dùng"))


def can_use_admin_site(user, obj=None) -> Decision:
    return require_role(user, Role.ADMINISTRATOR, action=_("vào trang quản trị"))
