from django import template

from khuyencong.portal import caching, selectors
from khuyencong.portal.forms import SENT_FLAG, CommentForm

register = template.Library()


@register.inclusion_tag("portal/comments/_section.html", takes_context=True)
def comment_section(context, article, form=None):
    """Reader comments under an article: the approved ones (never an email), then the form to send one.

    `form` is a bound CommentForm when a sent comment was refused (its errors and the typed text are shown)."""
    request = context.get("request")
    return {
        "article": article,
        "comments": caching.remember("comments", article.pk, compute=lambda: list(selectors.approved_comments(article)),
                                     request=request),
        "form": form if form is not None else CommentForm(),
        # The article page makes no challenge until the reader starts writing; a refused form shows it at once.
        "lazy_captcha": form is None and not context.get("comment_page"),
        "sent": request is not None and request.GET.get("y-kien") == SENT_FLAG,
        "csrf_token": context.get("csrf_token"),
        "request": request,
    }
