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
from khuyencong.projects import checks
from khuyencong.projects.models import AnnualPlan, AttachmentKind, Project, ProjectTransition
from khuyencong.projects.permissions import PROPOSERS, can_create, can_edit, can_transition
from khuyencong.projects.services.notifications import notify_after_transition
from khuyencong.projects.workflow import BY_NAME, Transition
from khuyencong.registry.derive import apply_derived

EDITABLE_FIELDS = (
    "code", "title", "activity", "funding_source", "plan_year", "commune", "implementing_unit",
    "estimated_cost", "requested_funds", "counterpart_funds", "expected_jobs", "expected_trainees",
    "expected_designs", "expected_machines", "no_other_support", "priority", "priority_reason", "funding_rule",
    "machinery_condition", "overseas_fair",
)
# Values given with a transition that are not project fields: kept in the transition's data.
EXTRA_FIELDS = {"ceiling_override_reason"}


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


def _clean_value(name: str, value):
    if name in EXTRA_FIELDS:
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


def project_transition(
    *, project: Project, transition: str | Transition, actor, data: dict | None = None, comment: str = ""
) -> Project:
    """Fire one transition of workflow.py on `project`, as `actor`. All or nothing.

    `project` is the copy the user saw: if its version is stale (someone else acted meanwhile) the
    transition is refused with who did what and when. Raises ValidationError (a dict of field
    errors, or one message) and changes nothing when refused.
    """
    t = BY_NAME.get(transition) if isinstance(transition, str) else transition
    if t is None:
        raise ValidationError(_("Thao tác “%s” không có trong quy trình.") % transition)
    data = dict(data or {})
    comment = (comment or "").strip()
    seen_version = project.version
    with transaction.atomic():
        locked = Project.objects.select_for_update().get(pk=project.pk)
        if locked.version != seen_version:
            raise _conflict(locked)
        allowed, reason = can_transition(actor, locked, t)
        if not allowed:
            raise ValidationError(reason, code="forbidden")

        errors: dict[str, list[str]] = {}
        given = {}
        for name in (*t.fields, *t.optional_fields):
            try:
                value = _clean_value(name, data.get(name))
            except ValidationError as exc:
                errors.setdefault(name, []).extend(exc.messages)
                continue
            if (value is None or value == "") and name in t.fields:
                errors.setdefault(name, []).append(_("Bắt buộc nhập khi %s.") % str(t.label).lower())
            elif value is not None and value != "":
                given[name] = value
        if t.comment_required and not comment:
            errors.setdefault("comment", []).append(_("Ghi rõ lý do khi %s.") % str(t.label).lower())
        for name in t.project_fields:
            if getattr(locked, name) in (None, "", False):
                label = Project._meta.get_field(name).verbose_name
                errors.setdefault("__all__", []).append(_("Đề án chưa có: %s.") % label)
        have = set(locked.attachments.filter(removed_at__isnull=True).values_list("kind", flat=True))
        for kind in t.attachments:
            if kind not in have:
                errors.setdefault("__all__", []).append(
                    _("Thiếu tài liệu đính kèm: %s.") % AttachmentKind(kind).label)

        before = snapshot(locked)
        for name, value in given.items():
            if name not in EXTRA_FIELDS:
                setattr(locked, name, value)
        record = {name: _json(value) for name, value in given.items()}
        if not errors:
            for check in t.checks:
                problem = getattr(checks, check)(locked, given, record)
                if problem:
                    field, message = problem
                    errors.setdefault(field, []).append(message)
        if errors:
            raise ValidationError(errors)

        if t.stamps and getattr(locked, t.stamps) is None:
            setattr(locked, t.stamps, timezone.localdate())
        if t.name == "settle":
            locked.refund_amount = max(0, (locked.advances_paid or 0) - locked.settled_funds)
            record["refund_amount"] = locked.refund_amount
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
    # The caller's copy now reflects what was saved.
    project.refresh_from_db()
    return locked


__all__ = ["ProjectConflict", "project_create", "project_transition", "project_update"]
