"""Thin views: parse the form, call a selector or a service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khuyencong.core.files import stored_file_response
from khuyencong.core.forms import add_service_errors
from khuyencong.core.pagination import bounded_count, offset_page
from khuyencong.imports.permissions import can_import
from khuyencong.projects import permissions
from khuyencong.projects.export import export_rows
from khuyencong.projects.forms import AttachmentForm, ProjectFilterForm, ProjectForm, TransitionForm
from khuyencong.projects.models import Attachment
from khuyencong.projects.selectors import (
    inbox_page,
    next_step_warnings,
    project_get,
    project_list,
    project_page,
    transition_page,
)
from khuyencong.projects.services.attachments import attachment_add, attachment_remove
from khuyencong.projects.services.notifications import notifications_mark_read
from khuyencong.projects.services.projects import project_create, project_transition, project_update
from khuyencong.projects.workflow import WORKFLOW

PAGE_SIZE = 50
# Service field → the project form's field that names it.
FORM_FIELDS = {"beneficiaries": "beneficiary_codes"}
# The type recorded from the file's content, never guessed from the user's file name.
CONTENT_TYPES = {
    "pdf": "application/pdf", "png": "image/png", "jpeg": "image/jpeg",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@login_required
def project_list_view(request):
    form = ProjectFilterForm(request.GET or None)
    qs = project_list(user=request.user, filters=form.filters() if form.is_bound else None)
    page = offset_page(qs, request, PAGE_SIZE)
    return render(request, "projects/project_list.html", {
        "form": form, "projects": page["rows"], "page": page["number"], "has_next": page["has_next"],
        "total": bounded_count(qs),
        "query": page["query"], "can_create": permissions.can_create(request.user),
        "import_urls": _import_urls(request.user),
    })


def _import_urls(user) -> dict | None:
    """Links to the import framework's upload page and template for the `projects` kind."""
    if not can_import(user)[0]:
        return None
    return {"upload": reverse("imports:upload", args=["projects"]),
            "template": reverse("imports:template", args=["projects"])}


@login_required
def project_export(request):
    allowed, reason = permissions.can_export(request.user)
    if not allowed:
        return render(request, "projects/refused.html", {"reason": reason}, status=403)
    form = ProjectFilterForm(request.GET or None)
    qs = project_list(user=request.user, filters=form.filters() if form.is_bound else None)
    response = StreamingHttpResponse(
        export_rows(qs), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="de-an-khuyen-cong-{stamp}.xlsx"'
    return response


@login_required
def project_create_view(request):
    allowed, reason = permissions.can_create(request.user)
    if not allowed:
        return render(request, "projects/refused.html", {"reason": reason}, status=403)
    form = ProjectForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            project = project_create(actor=request.user, data=form.service_data(),
                                     beneficiaries=form.cleaned_data["beneficiary_codes"])
        except ValidationError as exc:
            add_service_errors(form, exc, field_map=FORM_FIELDS)
        else:
            messages.success(request, _("Đã lập đề án %s.") % project.code)
            _warn(request, project)
            return redirect("projects:project_detail", pk=project.pk)
    return render(request, "projects/project_form.html", {"form": form})


def _warn(request, project) -> None:
    """Saved, but the next step would refuse it: say so now rather than at submission."""
    for warning in next_step_warnings(project):
        messages.warning(request, warning)


@login_required
def project_edit_view(request, pk):
    project = project_get(user=request.user, pk=pk)
    allowed, reason = permissions.can_edit(request.user, project)
    if not allowed:
        return render(request, "projects/refused.html", {"reason": reason, "project": project}, status=403)
    form = ProjectForm(request.POST or None, instance=project, user=request.user)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data.get("version") is not None:
            project.version = form.cleaned_data["version"]
        try:
            project = project_update(project=project, actor=request.user, data=form.service_data(),
                                     beneficiaries=form.cleaned_data["beneficiary_codes"])
        except ValidationError as exc:
            add_service_errors(form, exc, field_map=FORM_FIELDS)
        else:
            messages.success(request, _("Đã lưu đề án %s.") % project.code)
            _warn(request, project)
            return redirect("projects:project_detail", pk=project.pk)
    return render(request, "projects/project_form.html", {"form": form, "project": project})


@login_required
def project_detail_view(request, pk):
    project = project_get(user=request.user, pk=pk)
    context = {"project": project, "attachment_form": AttachmentForm()}
    context.update(project_page(user=request.user, project=project))
    return render(request, "projects/project_detail.html", context)


@login_required
def project_transition_view(request, pk, name):
    project = project_get(user=request.user, pk=pk)
    transition = WORKFLOW.get(name)
    if transition is None:
        raise Http404(_("Thao tác không có trong quy trình."))
    allowed, reason = permissions.can_transition(request.user, project, name)
    if not allowed:
        return render(request, "projects/refused.html", {"reason": reason, "project": project}, status=403)
    form = TransitionForm(request.POST or None, request.FILES or None, transition=transition, project=project)
    if request.method == "POST":
        valid = form.is_valid()
        if form.cleaned_data.get("version") is not None:
            project.version = form.cleaned_data["version"]
        try:
            # a form that refused some fields still asks the service for its rules: every error in one pass
            project_transition(project=project, transition=name, actor=request.user, data=form.service_data(),
                               comment=form.cleaned_data.get("comment", ""), uploads=form.uploads(),
                               check_only=not valid)
        except ValidationError as exc:
            add_service_errors(form, exc, keep_field_errors=True)
        if not form.errors:
            messages.success(request, _("%(action)s: đề án %(code)s đã chuyển sang “%(state)s”.") % {
                "action": transition.label, "code": project.code, "state": project.get_state_display()})
            return redirect("projects:project_detail", pk=project.pk)
        project = project_get(user=request.user, pk=pk)
    context = {"project": project, "transition": transition, "form": form}
    context.update(transition_page(project=project, transition=transition))
    return render(request, "projects/transition_form.html", context)


@login_required
@require_POST
def attachment_upload_view(request, pk):
    project = project_get(user=request.user, pk=pk)
    allowed, reason = permissions.can_attach(request.user, project)
    if not allowed:
        messages.error(request, reason)
        return redirect("projects:project_detail", pk=pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            attachment_add(project=project, kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"],
                           actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Đã đính kèm “%s”.") % form.cleaned_data["file"].name)
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("projects:project_detail", pk=pk)


@login_required
@require_POST
def attachment_remove_view(request, pk, attachment_id):
    project = project_get(user=request.user, pk=pk)
    attachment = get_object_or_404(Attachment, pk=attachment_id, project=project)
    try:
        attachment_remove(attachment=attachment, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã gỡ tài liệu “%s”; tệp vẫn được lưu trong lịch sử thay đổi.")
                         % attachment.original_name)
    return redirect("projects:project_detail", pk=pk)


@login_required
def attachment_download_view(request, pk, attachment_id):
    project = project_get(user=request.user, pk=pk)
    attachment = get_object_or_404(Attachment, pk=attachment_id, project=project)
    return stored_file_response(attachment.file, missing=_("Tệp không còn trên máy chủ."), as_attachment=True,
                                filename=attachment.original_name,
                                content_type=CONTENT_TYPES.get(attachment.file_type, "application/octet-stream"))


@login_required
def inbox_view(request):
    if request.method == "POST":
        notifications_mark_read(user=request.user)
        return redirect("projects:inbox")
    return render(request, "projects/inbox.html", inbox_page(user=request.user))
