"""The editors' back office (/bien-tap/): the list, the editor, the manage page, preview, steps, images."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khuyencong.accounts.models import Role
from khuyencong.core.audit import audit_history, history_rows
from khuyencong.core.files import stored_file_response
from khuyencong.core.forms import add_service_errors, require
from khuyencong.core.models import AuditAction
from khuyencong.core.pagination import offset_page
from khuyencong.portal import permissions, selectors
from khuyencong.portal.forms import ArticleFilterForm, ArticleForm, ArticleImageForm, TransitionForm
from khuyencong.portal.models import ArticleImage, ArticleRevision, ArticleState
from khuyencong.portal.services.articles import article_create, article_restore, article_update
from khuyencong.portal.services.images import image_add
from khuyencong.portal.services.transitions import article_transition
from khuyencong.portal.workflow import BY_NAME, roles_acting, transitions_from

PAGE_SIZE = 30


@login_required
def article_list(request):
    require(permissions.can_use_editorial(request.user))
    form = ArticleFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    articles = selectors.editorial_articles(state=filters.get("state", ""), q=filters.get("q", ""),
                                            category=filters.get("category"))
    page = offset_page(articles, request, PAGE_SIZE)
    return render(request, "portal/editorial/list.html", {
        "form": form, "page": page, "counts": selectors.editorial_state_counts(),
        "current_state": filters.get("state", ""), "now": timezone.now(),
        "can_create": permissions.can_create_article(request.user)[0],
    })


def _initial(article) -> dict:
    return {"title": article.title, "lead": article.lead, "body": article.body, "category": article.category,
            "tags": ", ".join(t.name for t in article.tags.all()), "author_initials": article.author_initials,
            "published_at": article.published_at}


def _editor_context(article, form, image_form) -> dict:
    return {"form": form, "article": article, "image_form": image_form, "images": selectors.article_images(article),
            "scheduled": article.is_scheduled}


@login_required
def article_create_view(request):
    require(permissions.can_create_article(request.user))
    form = ArticleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            article = article_create(user=request.user, title=data["title"], lead=data["lead"], body=data["body"],
                                     category=data["category"], author_initials=data["author_initials"],
                                     tags=data["tags"], published_at=data["published_at"], note=data["note"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu bản nháp “%(title)s”.") % {"title": article.title})
            return redirect("portal:article_edit", pk=article.pk)
    return render(request, "portal/editorial/form.html", {"form": form, "article": None})


@login_required
def article_edit(request, pk: int):
    article = selectors.editorial_article_or_404(pk)
    require(permissions.can_edit_article(request.user, article))
    form = ArticleForm(request.POST or None, initial=_initial(article))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            article = article_update(user=request.user, article=article, title=data["title"], lead=data["lead"],
                                     body=data["body"], category=data["category"],
                                     author_initials=data["author_initials"], tags=data["tags"],
                                     published_at=data["published_at"], note=data["note"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu phiên bản mới của bài."))
            return redirect("portal:article_edit", pk=article.pk)
    return render(request, "portal/editorial/form.html", _editor_context(article, form, ArticleImageForm()))


@login_required
@require_POST
def image_upload(request, pk: int):
    article = selectors.editorial_article_or_404(pk)
    require(permissions.can_upload_image(request.user, article))
    image_form = ArticleImageForm(request.POST, request.FILES)
    if image_form.is_valid():
        data = image_form.cleaned_data
        try:
            image_add(user=request.user, article=article, upload=data["file"], alt=data["alt"],
                      caption=data["caption"])
        except ValidationError as exc:
            add_service_errors(image_form, exc)
        else:
            messages.success(request, _("Đã tải ảnh lên. Bấm “Chèn vào bài” để đặt ảnh vào nội dung."))
            return redirect(reverse("portal:article_edit", kwargs={"pk": article.pk}) + "#anh")
    return render(request, "portal/editorial/form.html",
                  _editor_context(article, ArticleForm(initial=_initial(article)), image_form), status=400)


def _next_step(article) -> str:
    if article.is_scheduled:
        return _("Không ai: bài sẽ tự hiện lúc đã hẹn.")
    if article.state == ArticleState.PUBLISHED:
        return _("Không ai: bài đang đăng (lãnh đạo có thể gỡ bài).")
    return ", ".join(str(Role(r).label) for r in roles_acting(article.state))


def _last_step(article):
    """The audit row of the latest workflow step, shown at the top (an editor sees why the article came back)."""
    return audit_history(article).filter(action=AuditAction.TRANSITION).order_by("-at", "-pk").first()


def _manage_context(request, article, forms: dict | None = None) -> dict:
    forms = forms or {}
    actions = []
    for t in transitions_from(article.state):
        allowed, reason = permissions.can_transition(request.user, article, t)
        actions.append({"transition": t, "allowed": allowed, "reason": reason,
                        "form": forms.get(t.name) or TransitionForm(article=article, name=t.name)})
    return {
        "article": article, "actions": actions, "next_step": _next_step(article),
        "scheduled": article.is_scheduled, "public": article.is_public,
        "revisions": selectors.article_revisions(article), "images": selectors.article_images(article),
        "history": history_rows(audit_history(article), model=type(article)),
        "can_edit": permissions.can_edit_article(request.user, article), "last_step": _last_step(article),
    }


@login_required
def article_manage(request, pk: int):
    article = selectors.editorial_article_or_404(pk)
    require(permissions.can_use_editorial(request.user))
    return render(request, "portal/editorial/manage.html", _manage_context(request, article))


@login_required
@require_POST
def article_transition_view(request, pk: int):
    article = selectors.editorial_article_or_404(pk)
    require(permissions.can_use_editorial(request.user))
    name = request.POST.get("name", "")
    transition = BY_NAME.get(name)
    if transition is None:
        raise Http404(_("Không có thao tác này."))
    require(permissions.can_transition(request.user, article, transition))
    form = TransitionForm(request.POST, article=article, name=name)
    if form.is_valid():
        try:
            article = article_transition(user=request.user, article=article, name=name,
                                         reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã %(action)s: bài ở trạng thái “%(state)s”.") % {
                "action": str(transition.label).lower(), "state": article.get_state_display()})
            return redirect("portal:article_manage", pk=article.pk)
    return render(request, "portal/editorial/manage.html", _manage_context(request, article, {name: form}),
                  status=400)


@login_required
def revision_detail(request, pk: int):
    revision = get_object_or_404(ArticleRevision.objects.select_related("article", "created_by"), pk=pk)
    require(permissions.can_use_editorial(request.user))
    return render(request, "portal/editorial/revision.html", {
        "revision": revision, "article": revision.article,
        "can_edit": permissions.can_edit_article(request.user, revision.article)})


@login_required
@require_POST
def revision_restore(request, pk: int):
    revision = get_object_or_404(ArticleRevision.objects.select_related("article"), pk=pk)
    require(permissions.can_edit_article(request.user, revision.article))
    article = article_restore(user=request.user, article=revision.article, revision=revision)
    messages.success(request, _("Đã khôi phục phiên bản %(n)s thành phiên bản mới.") % {"n": revision.number})
    return redirect("portal:article_manage", pk=article.pk)


@login_required
def article_preview(request, pk: int):
    """The article as the public page shows it, marked as a preview; not counted as a view."""
    article = selectors.editorial_article_or_404(pk)
    require(permissions.can_preview_article(request.user, article))
    return render(request, "portal/editorial/preview.html", {
        "article": article, "scheduled": article.is_scheduled, "public": article.is_public})


def article_image(request, pk: int):
    """An article's image: public while its article is; editors and approvers always; otherwise 404."""
    image = get_object_or_404(ArticleImage.objects.select_related("article"), pk=pk)
    public = image.article.is_public
    if not permissions.can_see_image(request.user, image, article_public=public):
        raise Http404(_("Không tìm thấy ảnh."))
    response = stored_file_response(image.file, missing=_("Tệp ảnh không còn trên máy chủ."),
                                    content_type=image.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=3600" if public else "private, no-store"
    return response
