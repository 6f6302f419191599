"""A minimal public article page, only so that view counting and comments can be seen and tested on their own.

The news pages replace it (same URL name `portal:article`, same template name `portal/article.html`)."""

from django.shortcuts import render

from khuyencong.portal import selectors
from khuyencong.portal.services import counting


def article_page(request, slug):
    article = selectors.public_article_or_404(slug)
    counting.record_view(request, article)
    return render(request, "portal/article.html", {"article": article, "view_count": counting.shown_count(article)})
