"""The life of a news article, declared as data. Read it as a table:

    from state(s)  →  action (label)  →  to state   |  who may do it  |  what it asks and does

Editors (biên tập viên) write and send for review; approvers (lãnh đạo phê duyệt) publish, return with a reason
and withdraw. Approval needs the approver role: an editor without it cannot publish, not even their own article
(separation of duties). The service `services.transitions.article_transition`, the permission
`permissions.can_transition`, the manage page and the README read this table and nothing else.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from khuyencong.accounts.models import Role
from khuyencong.portal.models import ArticleState as S

EDITOR = Role.EDITOR
APPROVER = Role.APPROVER

# What a transition does besides changing the state.
PUBLISH = "publish"  # published_at: the chosen future time (scheduled), else now


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: tuple[str, ...]
    target: str
    roles: tuple[str, ...]
    reason_required: bool = False
    effect: str = ""
    help: str = ""
    # Style of its button on the manage page.
    primary: bool = False


TRANSITIONS: tuple[Transition, ...] = (
    Transition("submit", _("Gửi duyệt"), (S.DRAFT,), S.REVIEW, (EDITOR,), primary=True,
               help=_("Gửi bài cho lãnh đạo duyệt đăng.")),
    Transition("publish", _("Duyệt đăng"), (S.REVIEW,), S.PUBLISHED, (APPROVER,), effect=PUBLISH, primary=True,
               help=_("Đăng ngay, hoặc vào thời điểm hẹn đăng nếu bài có thời điểm đăng ở tương lai.")),
    Transition("return", _("Trả lại"), (S.REVIEW,), S.DRAFT, (APPROVER,), reason_required=True,
               help=_("Trả bài về bản nháp để biên tập viên sửa; cần ghi lý do.")),
    Transition("withdraw", _("Gỡ bài"), (S.PUBLISHED,), S.WITHDRAWN, (APPROVER,), reason_required=True,
               help=_("Gỡ bài khỏi cổng thông tin; cần ghi lý do.")),
    Transition("redraft", _("Soạn lại"), (S.WITHDRAWN,), S.DRAFT, (EDITOR,),
               help=_("Đưa bài đã gỡ về bản nháp để sửa và gửi duyệt lại.")),
)

BY_NAME: dict[str, Transition] = {t.name: t for t in TRANSITIONS}


def transitions_from(state: str) -> list[Transition]:
    return [t for t in TRANSITIONS if state in t.sources]


def roles_acting(state: str) -> list[str]:
    """Who must act next on an article in `state` (the roles of the transitions leaving it), in table order."""
    roles: list[str] = []
    for t in transitions_from(state):
        roles += [r for r in t.roles if r not in roles]
    return roles


__all__ = ["BY_NAME", "PUBLISH", "TRANSITIONS", "Transition", "roles_acting", "transitions_from"]
