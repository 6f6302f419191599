"""Reads with rules: the scoped, filtered list; the inbox; a project's page data."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.template import TemplateDoesNotExist
from django.template.loader import select_template
from django.utils.translation import ngettext

from khuyencong.core.audit import audit_history
from khuyencong.core.audit import history_rows as core_history_rows
from khuyencong.core.formatting import format_number
from khuyencong.core.text import fold
from khuyencong.geo.models import AdminUnit
from khuyencong.geo.selectors import located_in_q
from khuyencong.projects import permissions
from khuyencong.projects.funding import cap_check, plan_approved_total
from khuyencong.projects.models import Attachment, AttachmentKind, Notification, Project
from khuyencong.projects.scope import NOTHING, project_scope_q, scoped_projects
from khuyencong.projects.workflow import TRANSITIONS, transitions_from, waiting_states


@dataclass
class ProjectFilters:
    state: str = ""
    activity: str = ""
    funding_source: str = ""
    plan_year: int | None = None
    unit: AdminUnit | None = None
    beneficiary: str = ""
    q: str = ""


def project_list(*, user, filters: ProjectFilters | None = None) -> QuerySet[Project]:
    f = filters or ProjectFilters()
    qs = scoped_projects(user)
    if f.state:
        qs = qs.filter(state=f.state)
    if f.activity:
        qs = qs.filter(activity=f.activity)
    if f.funding_source:
        qs = qs.filter(funding_source=f.funding_source)
    if f.plan_year:
        qs = qs.filter(plan_year=f.plan_year)
    if f.unit is not None:
        qs = qs.filter(located_in_q(f.unit))
    if f.beneficiary:
        from khuyencong.registry.models import Establishment

        text = f.beneficiary.strip()
        matching = Establishment.objects.filter(Q(code=text) | Q(search_name__contains=fold(text)))
        qs = qs.filter(Exists(Project.beneficiaries.through.objects.filter(
            project_id=OuterRef("pk"), establishment__in=matching)))
    if f.q:
        qs = qs.filter(search_title__contains=fold(f.q))
    return qs.select_related("commune", "current_commune").order_by("-plan_year", "code")


def inbox_q(user) -> Q:
    """Projects waiting for `user`: a state where a transition of one of their roles is next, in that role's scope."""
    combined = NOTHING
    for role in user.roles if getattr(user, "is_authenticated", False) else ():
        states = waiting_states(role)
        if not states:
            continue
        scope = project_scope_q(user, roles=[role])
        combined |= Q(state__in=states) & (scope if scope is not None else Q())
    return combined


def inbox(*, user) -> QuerySet[Project]:
    return Project.objects.filter(inbox_q(user)).select_related("commune").order_by("updated_at")


def unread_notice_count(user) -> int:
    """Unread notices of `user`, counted to 100 at most (the menu shows "99+"); one indexed query."""
    if not getattr(user, "is_authenticated", False) or user.pk is None:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).values("pk")[:100].count()


def unread_notice_title(n: int) -> str:
    return ngettext("%(n)s thông báo chưa đọc", "%(n)s thông báo chưa đọc", n) % {"n": format_number(n)}


def missing_attachments(project: Project, transition) -> list[str]:
    have = {a.kind for a in project.attachments.all()}
    return [AttachmentKind(k).label for k in transition.attachments if k not in have]


def project_page(*, user, project: Project) -> dict:
    """Everything the project page shows: actions with (allowed, reason), caps, history."""
    actions = []
    for t in TRANSITIONS:
        if project.state not in t.sources:
            continue
        allowed, reason = permissions.can_transition(user, project, t)
        actions.append({"transition": t, "allowed": allowed, "reason": reason,
                        "missing": missing_attachments(project, t)})
    try:
        select_template(["training/_project_outputs.html"])
        training_outputs = True
    except TemplateDoesNotExist:
        training_outputs = False
    return {
        "actions": actions,
        "cap": cap_check(project),
        "plan_total": plan_approved_total(project, exclude_self=False) if project.plan_id else None,
        "transitions": project.transitions.select_related("actor").all(),
        "history": history_rows(project),
        "attachments": Attachment.objects.filter(project=project).select_related("uploaded_by"),
        "beneficiaries": project.beneficiaries.all()[:50],
        "can_edit": permissions.can_edit(user, project),
        "can_attach": permissions.can_attach(user, project),
        "training_outputs": training_outputs,
        "waiting_on": waiting_on(project),
    }


def history_rows(project: Project) -> list:
    return core_history_rows(audit_history(project)[:200], model=Project)


def waiting_on(project: Project) -> list[str]:
    """Who must act next, as "Cán bộ Trung tâm: Nhận thẩm định" lines."""
    from khuyencong.accounts.models import Role

    lines = []
    for t in transitions_from(project.state):
        for role in t.waiting_roles:
            lines.append(f"{Role(role).label}: {t.label}")
    return lines
