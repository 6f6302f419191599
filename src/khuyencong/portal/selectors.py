"""Reads of the portal: what the public may see, and the editors' queues."""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from khuyencong.core.text import fold
from khuyencong.portal.models import Article, ArticleState, Category


def public_articles() -> QuerySet[Article]:
    """Published articles whose publication time has come (a later time schedules an article), newest first."""
    return Article.objects.filter(state=ArticleState.PUBLISHED, published_at__lte=timezone.now()).select_related(
        "category").order_by("-published_at", "-pk")


def public_article_or_404(slug: str) -> Article:
    return get_object_or_404(public_articles(), slug=slug)


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
