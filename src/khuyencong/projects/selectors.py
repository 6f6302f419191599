"""Reads with rules: the scoped, filtered list; the inbox; a project's page data."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from khuyencong.accounts.models import Role
from khuyencong.accounts.scoping import NOTHING, get_visible_or_404, mark_visible, visible, visible_q
from khuyencong.core.audit import audit_history
from khuyencong.core.audit import history_rows as core_history_rows
from khuyencong.core.formatting import format_number
from khuyencong.core.text import fold
from khuyencong.geo.models import AdminUnit
from khuyencong.geo.selectors import placed_in_q
from khuyencong.projects import permissions
from khuyencong.projects.funding import cap_check, plan_approved_total
from khuyencong.projects.models import Attachment, AttachmentKind, Notification, Project, ProjectProduct
from khuyencong.projects.workflow import AMOUNTS, WORKFLOW, Transition, Workflow
from khuyencong.registry.models import Establishment


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
    qs = visible(Project, user)
    if f.state:
        qs = qs.filter(state=f.state)
    if f.activity:
        qs = qs.filter(activity=f.activity)
    if f.funding_source:
        qs = qs.filter(funding_source=f.funding_source)
    if f.plan_year:
        qs = qs.filter(plan_year=f.plan_year)
    if f.unit is not None:
        qs = qs.filter(placed_in_q(Project, f.unit))
    if f.beneficiary:
        text = f.beneficiary.strip()
        matching = Establishment.objects.filter(Q(code=text) | Q(search_name__contains=fold(text)))
        qs = qs.filter(Exists(Project.beneficiaries.through.objects.filter(
            project_id=OuterRef("pk"), establishment__in=matching)))
    if f.q:
        qs = qs.filter(search_title__contains=fold(f.q))
    return qs.select_related("commune", "current_commune").order_by("-plan_year", "code")


def inbox_q(user, *, workflow: Workflow = WORKFLOW) -> Q:
    """Projects waiting for `user`: a state where a transition of one of their roles is next, in that role's scope."""
    combined = NOTHING
    for role in user.roles if getattr(user, "is_authenticated", False) else ():
        states = workflow.waiting_states(role)
        if not states:
            continue
        scope = visible_q(Project, user, roles=[role])
        combined |= Q(state__in=states) & (scope if scope is not None else Q())
    return combined


def inbox(*, user, workflow: Workflow = WORKFLOW) -> QuerySet[Project]:
    return Project.objects.filter(inbox_q(user, workflow=workflow)).select_related("commune").order_by("updated_at")


def unread_notice_count(user) -> int:
    """Unread notices of `user`, counted to 100 at most (the menu shows "99+"); one indexed query."""
    if not getattr(user, "is_authenticated", False) or user.pk is None:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).values("pk")[:100].count()


def unread_notice_title(n: int) -> str:
    return ngettext("%(n)s thông báo chưa đọc", "%(n)s thông báo chưa đọc", n) % {"n": format_number(n)}


def project_get(*, user, pk) -> Project:
    """The project if `user` may see it (visible through any of their roles), else a 404."""
    return get_visible_or_404(
        Project.objects.select_related("commune", "current_commune", "plan", "funding_rule"), user, pk=pk)


def project_by_code(*, user, code: str, roles=None) -> Project | None:
    """The project with this code if `user` may see it: an unknown code and one outside the scope read alike."""
    code = (code or "").strip()
    return visible(Project, user, roles=roles).filter(code=code).first() if code else None


def unread_notices(*, user) -> list:
    """The user's unread notices; a project that has since left the user's scope is named, not linked."""
    notices = list(Notification.objects.filter(user=user, read_at__isnull=True).select_related("project")[:50])
    mark_visible(user, [n.project for n in notices])
    return notices


def inbox_page(*, user, workflow: Workflow = WORKFLOW) -> dict:
    """The inbox: each waiting project with the steps that wait for one of the user's roles, and unread notices."""
    roles = user.roles
    rows = [{"project": p, "actions": [t for t in workflow.transitions_from(p.state) if roles & set(t.waiting_roles)]}
            for p in inbox(user=user, workflow=workflow)[:200]]
    return {"rows": rows, "notices": unread_notices(user=user)}


def missing_kinds(project: Project, transition: Transition) -> list[str]:
    have = {a.kind for a in project.attachments.all() if a.removed_at is None}
    return [k for k in transition.attachments if k not in have]


def missing_attachments(project: Project, transition: Transition) -> list[str]:
    return [AttachmentKind(k).label for k in missing_kinds(project, transition)]


def project_actions(*, user, project: Project, workflow: Workflow = WORKFLOW) -> list[dict]:
    """The steps waiting in the project's state, each with (allowed, reason) and the documents it still lacks.
    A step whose documents are gathered beforehand (`upload_on_form=False`) stays disabled until they are there."""
    actions = []
    for t in workflow.transitions_from(project.state):
        allowed, reason = permissions.can_transition(user, project, t.name, workflow=workflow)
        missing = missing_attachments(project, t)
        if allowed and missing and not t.upload_on_form:
            allowed, reason = False, _("Còn thiếu tài liệu: %(missing)s. Đính kèm ở mục “Tài liệu đính kèm” rồi "
                                       "%(action)s.") % {"missing": ", ".join(str(m) for m in missing),
                                                         "action": str(t.label).lower()}
        actions.append({"transition": t, "allowed": allowed, "reason": reason, "missing": missing})
    return actions


def next_step_warnings(project: Project, *, workflow: Workflow = WORKFLOW) -> list[str]:
    """What the steps waiting in the project's state would refuse on the project's own data (e.g. a draft whose
    requested funds exceed its estimate), so that saving a draft already says so."""
    warnings = []
    for t in workflow.transitions_from(project.state):
        if t.fields:
            continue  # its rules also judge values typed with the step, not yet known
        for check in t.checks:
            result = check(project, {})
            if not result.ok:
                warnings.append(_("Chưa thể %(action)s: %(message)s") % {
                    "action": str(t.label).lower(), "message": result.message})
    return warnings


def transition_page(*, project: Project, transition: Transition) -> dict:
    """What a transition's page shows besides its form: the documents still missing and the declared cards."""
    context = {"missing": missing_attachments(project, transition), "panels": transition.panels}
    if AMOUNTS in transition.panels:
        context.update(cap=cap_check(project),
                       plan_total=plan_approved_total(project, exclude_self=False) if project.plan_id else None)
    return context


def project_page(*, user, project: Project, workflow: Workflow = WORKFLOW) -> dict:
    """Everything the project page shows: actions with (allowed, reason), caps, history."""
    return {
        "actions": project_actions(user=user, project=project, workflow=workflow),
        "cap": cap_check(project),
        "plan_total": plan_approved_total(project, exclude_self=False) if project.plan_id else None,
        "transitions": project.transitions.select_related("actor").all(),
        "history": history_rows(project),
        "attachments": [
            {"attachment": a, "can_remove": permissions.can_remove_attachment(user, a)}
            for a in Attachment.objects.filter(project=project, removed_at__isnull=True).select_related(
                "uploaded_by", "project")],
        "beneficiaries": mark_visible(user, project.beneficiaries.order_by("code")[:50]),
        "can_edit": permissions.can_edit(user, project),
        "can_attach": permissions.can_attach(user, project, workflow=workflow),
        "waiting_on": waiting_on(project, workflow=workflow),
    }


def history_rows(project: Project) -> list:
    """The project's audit history; a removed attachment's row links to its file (kept for the record)."""
    rows = core_history_rows(audit_history(project)[:200], model=Project,
                             labels={"attachment": _("Tài liệu đính kèm")})
    for row in rows:
        attachment_id = (row["entry"].changes or {}).get("_attachment_id")
        if attachment_id:
            row["link"] = {"url": reverse("projects:attachment_download", args=[project.pk, attachment_id]),
                           "label": _("Tải tệp đã gỡ")}
    return rows


def waiting_on(project: Project, *, workflow: Workflow = WORKFLOW) -> list[str]:
    """Who must act next, as "Cán bộ Trung tâm: Nhận thẩm định" lines."""

    lines = []
    for t in workflow.transitions_from(project.state):
        for role in t.waiting_roles:
            lines.append(f"{Role(role).label}: {t.label}")
    return lines


def establishment_projects(*, user, establishment) -> list[Project]:
    """The projects an establishment benefited from, each marked `in_scope`: in the user's scope (a link) or
    not (code and title only, marked "ngoài địa bàn")."""
    return mark_visible(user, establishment.projects.order_by("-plan_year", "code")[:100])


def product_project(*, user, product) -> Project | None:
    """The project a product was made under, marked `in_scope` as above; None when it has none."""
    link = ProjectProduct.objects.filter(product=product).select_related("project").first()
    return mark_visible(user, [link.project])[0] if link else None
