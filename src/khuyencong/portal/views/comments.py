"""Reader comments: the public POST under an article and the moderators' queue."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods

from khuyencong.core.forms import add_service_errors, require
from khuyencong.core.pagination import bounded_count, offset_page
from khuyencong.portal import selectors
from khuyencong.portal.forms import CommentForm
from khuyencong.portal.models import Comment, CommentState
from khuyencong.portal.permissions import can_moderate_comments
from khuyencong.portal.services import comments as services

SENT = "da-gui"  # ?y-kien=da-gui: the article page says the comment waits for moderation


def _sent_url(article) -> str:
    return f"{reverse('portal:article', args=[article.slug])}?y-kien={SENT}#y-kien"


def comment_post(request, slug):
    """POST /tin-tuc/<slug>/y-kien/: send a comment on a public article (any other article: 404)."""
    article = selectors.public_article_or_404(slug)
    if request.method == "GET":  # the comment form on a page of its own (readers without scripts come here)
        return render(request, "portal/comment_form.html", {"article": article, "form": CommentForm(),
                                                            "comment_page": True})
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "POST"])
    form = CommentForm(request.POST)
    if form.is_robot():
        return redirect(_sent_url(article))  # the same answer as a sent comment, and nothing stored
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.comment_submit(article=article, name=data["name"], email=data["email"], text=data["text"],
                                    address=request.META.get("REMOTE_ADDR", ""))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect(_sent_url(article))
    return render(request, "portal/comment_form.html", {"article": article, "form": form, "comment_page": True})


@require_http_methods(["GET"])
def comment_captcha(request, slug):
    """GET /tin-tuc/<slug>/y-kien/ma/: a fresh challenge for the comment form (htmx, when the reader starts writing)."""
    article = selectors.public_article_or_404(slug)
    response = render(request, "portal/comments/_captcha.html", {"field": CommentForm()["captcha"],
                                                                  "article": article})
    response["Cache-Control"] = "no-store"
    return response




@login_required
@require_http_methods(["GET", "POST"])
def comment_queue(request):
    """/bien-tap/y-kien/: pending comments first; approve, reject or mark as spam."""
    require(can_moderate_comments(request.user))
    if request.method == "POST":
        pk = request.POST.get("comment", "")
        comment = get_object_or_404(Comment, pk=int(pk) if pk.isdigit() else 0)
        try:
            services.comment_moderate(user=request.user, comment=comment, action=request.POST.get("action", ""))
        except ValidationError as exc:
            return render(request, "portal/comment_queue.html", {**_queue_context(request), "error": exc.messages[0]},
                          status=400)
        return redirect(f"{reverse('portal:comment_queue')}?{request.GET.urlencode()}")
    return render(request, "portal/comment_queue.html", _queue_context(request))


def _queue_context(request) -> dict:
    state = request.GET.get("state", "")
    state = state if state in CommentState.values else ""
    qs = selectors.comment_queue(state)
    page = offset_page(qs, request, 30)
    return {"comments": page["rows"], "page": page["number"], "has_next": page["has_next"], "query": page["query"],
            "total": bounded_count(qs), "state": state, "pending": selectors.pending_comment_count(),
            "filters": CommentState.choices,
            "actions": [("approve", CommentState.APPROVED, pgettext("thao tác", "Duyệt")),
                        ("reject", CommentState.REJECTED, pgettext("thao tác", "Từ chối")),
                        ("spam", CommentState.SPAM, pgettext("thao tác", "Thư rác"))]}
