"""Reads of the portal: what the public may see, and the editors' queues."""

from django.db.models import Case, F, IntegerField, QuerySet, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from khuyencong.core.formatting import format_number
from khuyencong.portal.models import Article, ArticleState, Comment, CommentState
from khuyencong.portal.permissions import can_moderate_comments


def public_articles() -> QuerySet[Article]:
    """Published articles whose publication time has come (a later time schedules an article), newest first."""
    return Article.objects.filter(state=ArticleState.PUBLISHED, published_at__lte=timezone.now()).select_related(
        "category").order_by("-published_at", "-pk")


def public_article_or_404(slug: str) -> Article:
    return get_object_or_404(public_articles(), slug=slug)


# Reader comments.


def approved_comments(article: Article) -> QuerySet[Comment]:
    """What the public sees under an article: approved comments, oldest first."""
    return Comment.objects.filter(article=article, state=CommentState.APPROVED).order_by("created_at", "pk")


def comment_queue(state: str = "") -> QuerySet[Comment]:
    """The moderators' list: pending comments first (oldest first), then the others newest first."""
    comments = Comment.objects.select_related("article", "moderated_by")
    if state:
        comments = comments.filter(state=state)
    return comments.annotate(
        waiting=Case(When(state=CommentState.PENDING, then=Value(0)), default=Value(1), output_field=IntegerField()),
    ).order_by("waiting", Case(When(state=CommentState.PENDING, then=F("created_at"))), "-created_at", "-pk")


def pending_comment_count() -> int:
    return Comment.objects.filter(state=CommentState.PENDING).count()


def pending_comment_badge(user) -> int:
    """The number on the editors' menu item: pending comments, for those who moderate them."""
    return pending_comment_count() if can_moderate_comments(user)[0] else 0


def pending_comment_title(n: int) -> str:
    return _("%(n)s ý kiến bạn đọc chờ duyệt") % {"n": format_number(n)}
