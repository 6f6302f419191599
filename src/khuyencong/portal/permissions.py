"""Who may write news and moderate comments: editors (biên tập viên) write, approvers publish."""

from django.utils.translation import gettext as _

from khuyencong.accounts.models import Role
from khuyencong.accounts.permissions import Decision, require_role

# Reader comments: editors and approvers moderate them.


def can_moderate_comments(user, obj=None) -> Decision:
    return require_role(user, Role.EDITOR, Role.APPROVER, action=_("duyệt ý kiến bạn đọc"))
