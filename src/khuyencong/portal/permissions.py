"""Who may write news and moderate comments: editors (biên tập viên) write, approvers publish.

Edits: editors and approvers edit drafts and articles waiting for review. A published article is edited by
approvers only, since the change is public the moment it is saved; an editor who needs to change one asks an
approver, or the approver withdraws it and the editor redrafts it. A withdrawn article is redrafted first.
"""

from django.utils.translation import gettext as _

from khuyencong.accounts.models import Role
from khuyencong.accounts.permissions import ALLOWED, Decision, has_role, require_role
from khuyencong.indicators.permissions import unit_in_scope
from khuyencong.portal.models import Article, ArticleState
from khuyencong.portal.workflow import Transition

WRITERS = (Role.EDITOR, Role.APPROVER)


def can_use_editorial(user, obj=None) -> Decision:
    return require_role(user, *WRITERS, action=_("vào trang biên tập tin bài"))


def can_create_article(user, obj=None) -> Decision:
    return require_role(user, *WRITERS, action=_("viết bài tin"))


def can_preview_article(user, article: Article | None = None) -> Decision:
    return require_role(user, *WRITERS, action=_("xem trước bài tin"))


def can_edit_article(user, article: Article) -> Decision:
    allowed, reason = require_role(user, *WRITERS, action=_("sửa bài tin"))
    if not allowed:
        return allowed, reason
    if article.state == ArticleState.PUBLISHED:
        return require_role(user, Role.APPROVER, action=_("sửa bài đã đăng (sửa đổi lên cổng ngay khi lưu)"))
    if article.state == ArticleState.WITHDRAWN:
        return False, _("Bài đã gỡ: bấm “Soạn lại” để đưa về bản nháp rồi sửa.")
    return ALLOWED


def can_upload_image(user, article: Article) -> Decision:
    return can_edit_article(user, article)


def can_transition(user, article: Article, transition: Transition) -> Decision:
    if article.state not in transition.sources:
        return False, _("Bài đang ở trạng thái “%(state)s”, không thể %(action)s.") % {
            "state": article.get_state_display(), "action": str(transition.label).lower()}
    return require_role(user, *transition.roles, action=str(transition.label).lower())


def can_see_image(user, image, *, article_public: bool) -> bool:
    """An article's image: everyone while the article is public; editors and approvers always."""
    return article_public or has_role(user, *WRITERS)

# Reader comments: editors and approvers moderate them.


def can_moderate_comments(user, obj=None) -> Decision:
    return require_role(user, Role.EDITOR, Role.APPROVER, action=_("duyệt ý kiến bạn đọc"))


# --- “Soạn bài tin” from the figures ---------------------------------------------------------------------------
COMPOSE_ROLES = (Role.EDITOR, Role.APPROVER)


def can_compose_from_figures(user, unit=None) -> Decision:
    """Editors and approvers write a draft from the figures of a unit within their area."""
    decision = require_role(user, *COMPOSE_ROLES, action=_("soạn bài tin từ số liệu"))
    if decision[0] and unit is not None and not unit_in_scope(user, unit, roles=COMPOSE_ROLES):
        return False, _("%(unit)s nằm ngoài địa bàn bạn được giao.") % {"unit": unit.label}
    return decision
