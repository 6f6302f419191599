"""Who may import and export."""

from django.utils.translation import gettext as _

from khuyencong.accounts.models import Role
from khuyencong.accounts.permissions import Decision, require_role

# Viewers and approvers read; staff and local officers keep the registry (within their units).
IMPORT_ROLES = (Role.ADMINISTRATOR, Role.CENTRE_STAFF, Role.LOCAL_OFFICER)


def can_import(user, obj=None) -> Decision:
    """obj: the Kind, whose `import_roles` may narrow who imports it (training: centre staff, administrators)."""
    return require_role(user, *import_roles(obj), action=_("nhập dữ liệu từ tệp"))


def import_roles(kind=None) -> tuple:
    return getattr(kind, "import_roles", None) or IMPORT_ROLES


def can_export(user, obj=None) -> Decision:
    return require_role(user, *Role.values, action=_("xuất dữ liệu"))
