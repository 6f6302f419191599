"""Every write on projects: create and edit drafts, and ONE transition service driven by workflow.py."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khuyencong.accounts.scoping import is_visible, require_visible
from khuyencong.core.audit import AuditAction, audit_record, diff, snapshot
from khuyencong.core.codes import code_allocate
from khuyencong.core.extensions import records_changed
from khuyencong.core.formatting import format_datetime
from khuyencong.core.text import fold
from khuyencong.projects.models import AnnualPlan, AttachmentKind, Project, ProjectTransition
from khuyencong.projects.permissions import PROPOSERS, can_attach, can_create, can_edit, can_transition
from khuyencong.projects.services.attachments import attachment_add
from khuyencong.projects.services.notifications import notify_after_transition
from khuyencong.projects.workflow import WORKFLOW, Transition, Workflow
from khuyencong.registry.derive import apply_derived

EDITABLE_FIELDS = (
    "code", "title", "activity", "funding_source", "plan_year", "commune", "implementing_unit",
    "estimated_cost", "requested_funds", "counterpart_funds", "expected_jobs", "expected_trainees",
    "expected_designs", "expected_machines", "no_other_support", "priority", "priority_reason", "funding_rule",
    "machinery_condition", "overseas_fair",
)
NOISE = {"version", "updated_at", "search_title"}


def _changes(before: dict, after: dict) -> dict:
    return {k: v for k, v in diff(before, after).items() if k not in NOISE}


class ProjectConflict(ValidationError):
    """Someone else changed the project since the user loaded it."""


def _conflict(project: Project) -> ProjectConflict:
    last = project.transitions.select_related("actor").first()
    if last is None:
        return ProjectConflict(_("Đề án vừa được người khác sửa. Tải lại trang để xem nội dung mới."), code="conflict")
    return ProjectConflict(
        _("Đề án đã được xử lý bởi %(user)s lúc %(time)s (%(state)s). Tải lại trang để xem trạng thái mới.") % {
            "user": last.actor or _("người dùng khác"),
            "time": format_datetime(timezone.localtime(last.at)),
            "state": last.get_to_state_display(),
        },
        code="conflict",
    )


def _plan_for(project: Project) -> AnnualPlan | None:
    plans = list(AnnualPlan.objects.filter(year=project.plan_year, funding_source=project.funding_source)[:2])
    return plans[0] if len(plans) == 1 else None


def _derive(project: Project) -> None:
    project.search_title = fold(f"{project.code} {project.title}")
    if project.commune_id:
        apply_derived(project)
    else:
        project.current_commune = None
    if project.plan_id is None:
        project.plan = _plan_for(project)


def _out_of_scope(project: Project) -> str:
    if project.commune_id is None:
        return _("Đề án toàn thành phố (không ghi xã/phường) chỉ do cán bộ cấp thành phố lập: "
                 "hãy nhập mã xã/phường thuộc địa bàn của bạn.")
    return _("Xã/phường này nằm ngoài địa bàn bạn được giao: chỉ lập đề án cho đơn vị của mình.")


@transaction.atomic
def project_create(*, actor, data: dict, beneficiaries: Iterable | None = None) -> Project:
    allowed, reason = can_create(actor)
    if not allowed:
        raise ValidationError(reason, code="forbidden")
    project = Project(created_by=actor, **{k: v for k, v in data.items() if k in EDITABLE_FIELDS})
    if not (project.code or "").strip() and project.plan_year:
        # A project created without a code gets the next KC-<plan year>-0001.
        project.code = code_allocate(model=Project, prefix="KC", width=4, year=project.plan_year)
    if beneficiaries is not None:
        beneficiaries = list(beneficiaries)
        require_visible(actor, beneficiaries, field="beneficiaries", what=_("cơ sở"))
    _derive(project)
    project.full_clean()
    project.save()
    if beneficiaries is not None:
        project.beneficiaries.set(beneficiaries)
    if not is_visible(actor, project, roles=PROPOSERS):
        transaction.set_rollback(True)
        raise ValidationError({"commune": _out_of_scope(project)})
    audit_record(actor=actor, obj=project, action=AuditAction.CREATE, summary=_("Lập đề án %s") % project.code)
    return project


@transaction.atomic
def project_update(*, project: Project, actor, data: dict, beneficiaries: Iterable | None = None) -> Project:
    seen_version = project.version
    locked = Project.objects.select_for_update().get(pk=project.pk)
    if locked.version != seen_version:
        raise _conflict(locked)
    allowed, reason = can_edit(actor, locked)
    if not allowed:
        raise ValidationError(reason, code="forbidden")
    before = snapshot(locked)
    if beneficiaries is not None:
        # a beneficiary already linked stays, even one outside the actor's scope; a new one must be in it
        beneficiaries = list(beneficiaries)
        linked = set(locked.beneficiaries.values_list("pk", flat=True))
        require_visible(actor, [b for b in beneficiaries if b.pk not in linked], field="beneficiaries",
                        what=_("cơ sở"))
    for name, value in data.items():
        if name in EDITABLE_FIELDS:
            setattr(locked, name, value)
    _derive(locked)
    locked.version += 1
    locked.full_clean()
    locked.save()
    if beneficiaries is not None:
        locked.beneficiaries.set(beneficiaries)
    if not is_visible(actor, locked, roles=PROPOSERS):
        transaction.set_rollback(True)
        raise ValidationError({"commune": _out_of_scope(locked)})
    audit_record(actor=actor, obj=locked, action=AuditAction.UPDATE, changes=_changes(before, snapshot(locked)),
                 summary=_("Sửa đề án %s") % locked.code)
    return locked


def _clean_value(name: str, value, extras) -> object:
    if name in extras:
        return (value or "").strip() if isinstance(value, str) else value
    field = Project._meta.get_field(name)
    if value is None:
        return None
    if isinstance(value, str):
        value = value.strip()
        if value == "":
            return None
    return field.to_python(value)


def _json(value):
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


def _add(errors: dict, name: str, *messages) -> None:
    errors.setdefault(name, []).extend(str(m) for m in messages)


def _store_uploads(locked: Project, t: Transition, uploads: dict, actor, workflow, errors, stored: list) -> None:
    """The documents given on the transition's form, stored with the transition (and removed if it fails)."""
    if not uploads:
        return
    allowed, reason = can_attach(actor, locked, workflow=workflow)
    for kind, upload in uploads.items():
        if not allowed:
            _add(errors, upload_field(kind), reason)
            continue
        try:
            attachment = attachment_add(project=locked, kind=kind, upload=upload, actor=actor)
        except ValidationError as exc:
            _add(errors, upload_field(kind), *exc.messages)
        else:
            stored.append(attachment.file)


def _given_values(locked: Project, t: Transition, data: dict, errors: dict) -> dict:
    """The values typed with the transition, parsed; required ones that are missing are reported."""
    given = {}
    for name in (*t.fields, *t.optional_fields, *t.extras):
        if not t.asks(name, locked):
            continue
        try:
            value = _clean_value(name, data.get(name), t.extras)
        except ValidationError as exc:
            _add(errors, name, *exc.messages)
            continue
        if (value is None or value == "") and name in t.fields:
            _add(errors, name, _("Bắt buộc nhập khi %s.") % str(t.label).lower())
        elif value is not None and value != "":
            given[name] = value
    return given


def _validate(locked: Project, t: Transition, given: dict, comment: str, errors: dict) -> dict:
    """Every rule of the row, all reported in one pass; the values the checks want kept on the row."""
    if t.comment_required and not comment:
        _add(errors, "comment", _("Ghi rõ lý do khi %s.") % str(t.label).lower())
    for name in t.project_fields:
        if getattr(locked, name) in (None, "", False):
            _add(errors, "__all__", _("Đề án chưa có: %s.") % Project._meta.get_field(name).verbose_name)
    have = set(locked.attachments.filter(removed_at__isnull=True).values_list("kind", flat=True))
    for kind in t.attachments:
        if kind not in have and upload_field(kind) not in errors:  # a refused upload already says why
            _add(errors, upload_field(kind), _("Thiếu tài liệu đính kèm: %s.") % AttachmentKind(kind).label)
    for name, value in given.items():
        if name not in t.extras:
            setattr(locked, name, value)
    for name in (*t.fields, *t.optional_fields):
        if name in errors:
            setattr(locked, name, None)  # missing or unreadable: the checks below skip it rather than judge it
    # field validators (e.g. progress ≤ 100 %) now, with the rules, rather than after them at save
    typed = {name for name in given if name not in t.extras}
    try:
        locked.clean_fields(exclude=[f.name for f in Project._meta.fields if f.name not in typed])
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            _add(errors, name, *messages)
            setattr(locked, name, None)
    record, refused = {}, set(errors) - {"__all__"}
    for check in t.checks:
        result = check(locked, given)
        if result.ok:
            record.update(result.record)
        elif result.field not in refused:
            # a field already refused (missing, unreadable) keeps that one message
            _add(errors, result.field, result.message)
    return record


def upload_field(kind: str) -> str:
    """The key under which a document of `kind` is given and reported (the transition form's file field)."""
    return f"file_{kind}"


def project_transition(
    *, project: Project, transition: str, actor, data: dict | None = None, comment: str = "",
    uploads: dict | None = None, check_only: bool = False, workflow: Workflow = WORKFLOW,
) -> Project:
    """Fire the step `transition` of the workflow table on `project`, as `actor`. All or nothing.

    `project` is the copy the user saw: if its version is stale (someone else acted meanwhile) the
    transition is refused with who did what and when. `uploads` ({attachment kind: file}) are stored with
    the transition and count for its required documents. Every refusal is reported at once: a ValidationError
    whose dict holds each field's messages (documents under `upload_field(kind)`); nothing is changed then.
    `check_only` reports the same errors but never fires (a form that refused some of its fields asks for the
    service's rules in the same pass).
    """
    t = workflow.get(transition)
    if t is None:
        raise ValidationError(_("Thao tác “%s” không có trong quy trình.") % transition)
    data = dict(data or {})
    comment = (comment or "").strip()
    seen_version = project.version
    stored = []
    try:
        with transaction.atomic():
            locked = Project.objects.select_for_update().get(pk=project.pk)
            if locked.version != seen_version:
                raise _conflict(locked)
            allowed, reason = can_transition(actor, locked, t.name, workflow=workflow)
            if not allowed:
                raise ValidationError(reason, code="forbidden")

            errors: dict[str, list[str]] = {}
            _store_uploads(locked, t, uploads or {}, actor, workflow, errors, stored)
            given = _given_values(locked, t, data, errors)
            before = snapshot(locked)
            record = _validate(locked, t, given, comment, errors)
            if errors:
                raise ValidationError(errors)
            if check_only:
                transaction.set_rollback(True)
                _discard(stored)
                return project
            _fire(locked, t, actor=actor, comment=comment, before=before, given=given,
                  record={**{k: _json(v) for k, v in given.items()}, **record})
    except BaseException:
        _discard(stored)
        raise
    # The caller's copy now reflects what was saved.
    project.refresh_from_db()
    return locked


def _fire(locked: Project, t: Transition, *, actor, comment: str, before: dict, given: dict, record: dict) -> None:
    for effect in t.effects:
        changes = effect(locked, given)
        for name, value in changes.items():
            setattr(locked, name, value)
        record.update({name: _json(value) for name, value in changes.items()})
    from_state = locked.state
    locked.state = t.target
    locked.version += 1
    locked.full_clean()
    locked.save()
    row = ProjectTransition.objects.create(
        project=locked, name=t.name, from_state=from_state, to_state=t.target,
        actor=actor if getattr(actor, "is_authenticated", False) else None, comment=comment, data=record,
    )
    audit_record(actor=actor, obj=locked, action=AuditAction.TRANSITION, changes=_changes(before, snapshot(locked)),
                 summary=f"{t.label}: {comment}"[:300] if comment else str(t.label))
    transaction.on_commit(lambda: notify_after_transition(row.pk))
    transaction.on_commit(lambda: records_changed(source="projects.transition"))


def _discard(files) -> None:
    """Remove stored files whose rows were rolled back (a file is written before its row)."""
    for stored_file in files:
        stored_file.storage.delete(stored_file.name)
    files.clear()


__all__ = ["ProjectConflict", "project_create", "project_transition", "project_update", "upload_field"]
