"""Reads of the portal: what the public may see, and the editors' queues."""

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone

from khuyencong.core.text import fold
from khuyencong.portal.models import (
    Article,
    ArticleImage,
    ArticleRevision,
    ArticleState,
    Category,
    Comment,
    CommentState,
)
from khuyencong.portal.permissions import can_moderate_comments


def public_articles() -> QuerySet[Article]:
    """Published articles whose publication time has come (a later time schedules an article), newest first."""
    return Article.objects.filter(state=ArticleState.PUBLISHED, published_at__lte=timezone.now()).select_related(
        "category").order_by("-published_at", "-pk")


def public_article_or_404(slug: str) -> Article:
    return get_object_or_404(public_articles(), slug=slug)


# --- The editors' back office (bien-tap/) ---------------------------------------------------------------------

def editorial_articles(*, state: str = "", q: str = "", category=None) -> QuerySet[Article]:
    """Every article for the editors' list, newest change first; filtered by state, category and folded text."""
    articles = Article.objects.select_related("category", "created_by").order_by("-updated_at", "-pk")
    if state:
        articles = articles.filter(state=state)
    if category is not None:
        articles = articles.filter(category=category)
    for word in fold(q or "").split():
        articles = articles.filter(search_text__contains=word)
    return articles


def editorial_state_counts() -> list[dict]:
    """[{state, label, count}] for every state, in the workflow's order (zero counts included)."""
    counts = dict(Article.objects.values_list("state").annotate(n=Count("pk")).values_list("state", "n"))
    return [{"state": value, "label": label, "count": counts.get(value, 0)} for value, label in ArticleState.choices]


def editorial_article_or_404(pk: int) -> Article:
    return get_object_or_404(Article.objects.select_related("category", "created_by").prefetch_related("tags"), pk=pk)


def article_revisions(article: Article) -> QuerySet[ArticleRevision]:
    return article.revisions.select_related("created_by").order_by("-number")


def article_images(article: Article) -> QuerySet[ArticleImage]:
    return article.images.select_related("uploaded_by").order_by("uploaded_at", "pk")

# --- Public news: lists, search, related articles, feeds, categories ------------------------------------------

RELATED_COUNT = 6
FEED_COUNT = 30


def public_categories() -> QuerySet[Category]:
    """Categories that have at least one public article, in their editorial order."""
    return Category.objects.filter(pk__in=public_articles().values("category_id")).order_by("order", "name")


def public_category_or_404(slug: str) -> Category:
    return get_object_or_404(Category, slug=slug)


def news_search(*, query: str = "", category: Category | None = None) -> QuerySet[Article]:
    """Public articles, newest first; every word of `query` must occur in the title or lead, ignoring diacritics
    and case ("lang nghe" finds "Làng nghề")."""
    qs = public_articles()
    if category is not None:
        qs = qs.filter(category=category)
    for word in fold(query).split():
        qs = qs.filter(search_text__contains=word)
    return qs


def related_articles(article: Article, count: int = RELATED_COUNT) -> list[Article]:
    """"Tin khác": public articles of the same category or sharing a tag, newest first, then the latest ones;
    never the article itself."""
    others = public_articles().exclude(pk=article.pk)
    tag_ids = list(article.tags.values_list("pk", flat=True))
    near = Q(category_id=article.category_id)
    if tag_ids:
        near |= Q(tags__in=tag_ids)
    related = list(others.filter(near).distinct()[:count])
    if len(related) < count:
        related += list(others.exclude(pk__in=[a.pk for a in related])[: count - len(related)])
    return related


def feed_articles(count: int = FEED_COUNT) -> list[Article]:
    return list(public_articles()[:count])
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

