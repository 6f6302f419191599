"""Who may read and change the registry: (allowed, reason), the reason shown on a disabled button.

Viewers and approvers read; local officers edit within their units; centre staff and administrators
edit everything in their scope. Reading is scope alone (selectors); these rules are about writing.
"""

from django.utils.translation import gettext as _

from khuyencong.accounts.models import Role
from khuyencong.accounts.permissions import ALLOWED, Decision, has_role, require_role
from khuyencong.accounts.scoping import is_visible

EDITOR_ROLES = (Role.ADMINISTRATOR, Role.CENTRE_STAFF, Role.LOCAL_OFFICER)
MERGER_ROLES = (Role.ADMINISTRATOR, Role.CENTRE_STAFF)


def in_edit_scope(user, obj) -> bool:
    """The record lies in a unit where the user holds a role that may edit."""
    return is_visible(user, obj, roles=EDITOR_ROLES)


def _edit(user, obj, action: str) -> Decision:
    allowed, reason = require_role(user, *EDITOR_ROLES, action=action)
    if not allowed:
        return allowed, reason
    if obj is not None and obj.pk is not None and not in_edit_scope(user, obj):
        return False, _("Bản ghi này nằm ngoài địa bàn bạn được sửa.")
    return ALLOWED


def can_create_establishment(user, obj=None) -> Decision:
    return _edit(user, None, _("thêm cơ sở"))


def can_edit_establishment(user, obj=None) -> Decision:
    return _edit(user, obj, _("sửa cơ sở"))


def can_create_village(user, obj=None) -> Decision:
    return _edit(user, None, _("thêm làng nghề"))


def can_edit_village(user, obj=None) -> Decision:
    return _edit(user, obj, _("sửa làng nghề"))


def can_create_product(user, obj=None) -> Decision:
    return _edit(user, None, _("thêm sản phẩm"))


def can_edit_product(user, obj=None) -> Decision:
    return _edit(user, obj, _("sửa sản phẩm"))


def can_review_duplicates(user, obj=None) -> Decision:
    return require_role(user, *MERGER_ROLES, action=_("xử lý hồ sơ nghi trùng"))


def can_merge(user, keep=None, remove=None) -> Decision:
    allowed, reason = can_review_duplicates(user)
    if not allowed:
        return allowed, reason
    for obj in (keep, remove):
        if obj is not None and not in_edit_scope(user, obj):
            return False, _("Một trong hai cơ sở nằm ngoài địa bàn bạn được sửa.")
    return ALLOWED


def is_editor(user) -> bool:
    return has_role(user, *EDITOR_ROLES)
