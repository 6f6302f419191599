"""Public news: the list (with search and categories) and the article page."""

import re

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from khuyencong.core.pagination import offset_page
from khuyencong.portal import caching, selectors
from khuyencong.portal.services import counting

PAGE_SIZE = 20
QUERY_LENGTH = 100
_FIRST_IMAGE = re.compile(r"""<img\b[^>]*?\bsrc\s*=\s*["']([^"']+)["']""", re.IGNORECASE)


def not_found(request):
    """The portal's own 404: the public layout, in Vietnamese."""
    return render(request, "portal/404.html", {}, status=404)


def _list(request, *, category=None):
    query = request.GET.get("q", "").strip()[:QUERY_LENGTH]
    page = offset_page(selectors.news_search(query=query, category=category), request, PAGE_SIZE)
    return render(request, "portal/news/list.html", {
        "page": page, "query": query, "category": category, "categories": selectors.public_categories()})


@require_safe
def news_list(request):
    """`/tin-tuc/`: public articles, newest first; `?q=` searches titles and leads without diacritics."""
    return _list(request)


@require_safe
def news_category(request, slug):
    """`/tin-tuc/chuyen-muc/<slug>/`: the public articles of one category."""
    try:
        category = selectors.public_category_or_404(slug)
    except Http404:
        return not_found(request)
    return _list(request, category=category)


def article_url(item) -> str:
    return reverse("portal:article", args=[item.slug])


def first_image(html: str) -> str:
    """The address of the body's first image that a sharing site can fetch, or ""."""
    for match in _FIRST_IMAGE.finditer(html or ""):
        src = match.group(1).strip()
        if src.startswith(("/", "http://", "https://")):  # not data: or relative addresses
            return src
    return ""


@require_safe
def article(request, slug):
    """`/tin-tuc/<slug>/`: one public article; every view is counted. Not cached whole (it counts views and carries
    the comment form)."""
    try:
        item = selectors.public_article_or_404(slug)
    except Http404:
        return not_found(request)
    if request.method == "GET":
        counting.record_view(request, item)
    image = first_image(item.body)
    return render(request, "portal/article.html", {
        "article": item,
        # The article's parts that cost queries come from the page cache, under its generation (an edit, a
        # publication or a moderated comment renews them).
        "tags": caching.remember("article_tags", item.pk, compute=lambda: list(item.tags.all()), request=request),
        "shown_count": counting.shown_count(item),
        "others": caching.remember("related", item.pk, compute=lambda: list(selectors.related_articles(item)),
                                   request=request),
        "canonical_url": request.build_absolute_uri(article_url(item)),
        "og_image": request.build_absolute_uri(image) if image else "",
    })
