"""The back office's menu item "Tin bài" (core's MAIN_NAV): who sees it, and the approvers' waiting count."""

from django.utils.translation import ngettext

from khuyencong.accounts.models import Role
from khuyencong.accounts.permissions import has_role
from khuyencong.core.formatting import format_number
from khuyencong.core.navigation import register_badge, register_visibility
from khuyencong.portal import permissions, selectors
from khuyencong.portal.models import Article, ArticleState


def shown(user) -> bool:
    return permissions.can_use_editorial(user)[0]


def waiting_count(user) -> int:
    """Articles waiting for approval, for approvers; nothing for others."""
    if not has_role(user, Role.APPROVER):
        return 0
    return Article.objects.filter(state=ArticleState.REVIEW).count()


def waiting_title(n: int) -> str:
    return ngettext("%(n)s việc chờ xử lý: bài chờ duyệt, ý kiến bạn đọc chờ duyệt",
                    "%(n)s việc chờ xử lý: bài chờ duyệt, ý kiến bạn đọc chờ duyệt", n) % {"n": format_number(n)}


def badge_count(user) -> int:
    """What waits for this user: articles to approve (approvers) and reader comments to moderate."""
    return waiting_count(user) + selectors.pending_comment_badge(user)


def register() -> None:
    register_visibility("portal:editorial", shown=shown)
    register_badge("portal:editorial", count=badge_count, title=waiting_title)
