"""Moving an article through its workflow (`portal/workflow.py`): one service for every step."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khuyencong.core.audit import audit_record
from khuyencong.core.forms import require
from khuyencong.core.models import AuditAction
from khuyencong.portal import caching, permissions, tasks
from khuyencong.portal.models import Article
from khuyencong.portal.workflow import BY_NAME, PUBLISH


def transition_problems(article: Article, name: str, reason: str) -> dict:
    transition = BY_NAME.get(name)
    if transition is None:
        return {"__all__": [_("Không có thao tác này.")]}
    if transition.reason_required and not (reason or "").strip():
        return {"reason": [_("Ghi lý do %(action)s.") % {"action": str(transition.label).lower()}]}
    return {}


@transaction.atomic
def article_transition(*, user, article: Article, name: str, reason: str = "") -> Article:
    """Fire transition `name`: atomic, audited (the reason is the row's summary), public pages refreshed on commit.

    Publishing keeps a future publication time (the article is scheduled: invisible until then) and otherwise
    stamps now."""
    article = Article.objects.select_for_update().get(pk=article.pk)
    problems = transition_problems(article, name, reason)
    if problems:
        raise ValidationError(problems)
    transition = BY_NAME[name]
    require(permissions.can_transition(user, article, transition))
    old_state, old_time = article.state, article.published_at
    article.state = transition.target
    now = timezone.now()
    if transition.effect == PUBLISH and (article.published_at is None or article.published_at <= now):
        article.published_at = now
    article.full_clean()
    article.save(update_fields=["state", "published_at", "updated_at"])
    changes = {"state": [old_state, article.state]}
    if article.published_at != old_time:
        changes["published_at"] = [old_time.isoformat() if old_time else None, article.published_at.isoformat()]
    audit_record(actor=user, obj=article, action=AuditAction.TRANSITION, changes=changes,
                 summary=f"{transition.label}: {reason.strip()}" if reason.strip() else str(transition.label))
    transaction.on_commit(caching.invalidate_public_pages)
    if transition.effect == PUBLISH and article.published_at > now:
        when, pk = article.published_at, article.pk
        transaction.on_commit(lambda: tasks.schedule_refresh(pk, when), robust=True)
    return article
