"""Thin views: parse the form, call a selector or a service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khuyencong.core.forms import add_service_errors
from khuyencong.core.pagination import bounded_count, offset_page
from khuyencong.imports.permissions import can_import
from khuyencong.projects import permissions
from khuyencong.projects.export import export_rows
from khuyencong.projects.forms import AttachmentForm, ProjectFilterForm, ProjectForm, TransitionForm
from khuyencong.projects.models import Attachment, Notification
from khuyencong.projects.selectors import (
    inbox,
    missing_attachments,
    project_get,
    project_list,
    project_page,
    unread_notices,
)
from khuyencong.projects.services.attachments import attachment_add, attachment_remove
from khuyencong.projects.services.projects import project_create, project_transition, project_update
from khuyencong.projects.workflow import BY_NAME, transitions_from

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
            return redirect("projects:project_detail", pk=project.pk)
    return render(request, "projects/project_form.html", {"form": form})


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
            return redirect("projects:project_detail", pk=project.pk)
    return render(request, "projects/project_form.html", {"form": form, "project": project})


@login_required
def project_detail_view(request, pk):
    project = project_get(user=request.user, pk=pk)
    context = {"project": project, "attachment_form": AttachmentForm()}
    context.update(project_page(user=request.user, project=project))
    return render(request, "projects/project_detail.html", context)


# Transitions at appraisal and approval: their form shows the conditions of domain.md §3 (commitment, new
# machinery, fairs abroad) next to the amounts.
CONDITION_TRANSITIONS = {"start_appraisal", "return", "approve", "reject", "approve_change"}


@login_required
def project_transition_view(request, pk, name):
    project = project_get(user=request.user, pk=pk)
    transition = BY_NAME.get(name)
    if transition is None:
        raise Http404(_("Thao tác không có trong quy trình."))
    allowed, reason = permissions.can_transition(request.user, project, transition)
    if not allowed:
        return render(request, "projects/refused.html", {"reason": reason, "project": project}, status=403)
    initial = {"version": project.version}
    for name in (*transition.fields, *transition.optional_fields):
        value = getattr(project, name, None)
        if value not in (None, ""):
            initial[name] = value
    form = TransitionForm(request.POST or None, transition=transition, initial=initial, project=project)
    if "ceiling_override_reason" in form.fields and not (project.plan_id and project.plan.budget_ceiling):
        del form.fields["ceiling_override_reason"]  # no plan ceiling to exceed
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data.get("version") is not None:
            project.version = form.cleaned_data["version"]
        try:
            project_transition(project=project, transition=transition, actor=request.user,
                               data=form.service_data(), comment=form.cleaned_data["comment"])
        except ValidationError as exc:
            add_service_errors(form, exc)
            project = project_get(user=request.user, pk=pk)
        else:
            messages.success(request, _("%(action)s: đề án %(code)s đã chuyển sang “%(state)s”.") % {
                "action": transition.label, "code": project.code, "state": project.get_state_display()})
            return redirect("projects:project_detail", pk=project.pk)
    context = {"project": project, "transition": transition, "form": form,
               "missing": missing_attachments(project, transition),
               "show_conditions": transition.name in CONDITION_TRANSITIONS}
    if transition.name in ("approve", "approve_change"):
        page = project_page(user=request.user, project=project)
        context.update(cap=page["cap"], plan_total=page["plan_total"])
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
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("Tệp không còn trên máy chủ.")) from exc
    return FileResponse(handle, as_attachment=True, filename=attachment.original_name,
                        content_type=CONTENT_TYPES.get(attachment.file_type, "application/octet-stream"))


@login_required
def inbox_view(request):
    projects = list(inbox(user=request.user)[:200])
    notices = unread_notices(user=request.user)
    if request.method == "POST":
        Notification.objects.filter(user=request.user, read_at__isnull=True).update(read_at=timezone.now())
        return redirect("projects:inbox")
    roles = request.user.roles
    rows = [{"project": p, "actions": [t for t in transitions_from(p.state) if roles & set(t.waiting_roles)]}
            for p in projects]
    return render(request, "projects/inbox.html", {"rows": rows, "notices": notices})

