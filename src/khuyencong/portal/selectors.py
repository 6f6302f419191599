"""Reads of the portal: what the public may see, and the editors' queues."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from khuyencong.portal.models import Article, ArticleState


def public_articles() -> QuerySet[Article]:
    """Published articles whose publication time has come (a later time schedules an article), newest first."""
    return Article.objects.filter(state=ArticleState.PUBLISHED, published_at__lte=timezone.now()).select_related(
        "category").order_by("-published_at", "-pk")


def public_article_or_404(slug: str) -> Article:
    return get_object_or_404(public_articles(), slug=slug)
