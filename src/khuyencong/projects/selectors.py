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
from khuyencong.projects.workflow import TRANSITIONS, transitions_from, waiting_states
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


def inbox_q(user) -> Q:
    """Projects waiting for `user`: a state where a transition of one of their roles is next, in that role's scope."""
    combined = NOTHING
    for role in user.roles if getattr(user, "is_authenticated", False) else ():
        states = waiting_states(role)
        if not states:
            continue
        scope = visible_q(Project, user, roles=[role])
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


def missing_attachments(project: Project, transition) -> list[str]:
    have = {a.kind for a in project.attachments.all() if a.removed_at is None}
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
    return {
        "actions": actions,
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
        "can_attach": permissions.can_attach(user, project),
        "waiting_on": waiting_on(project),
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


def waiting_on(project: Project) -> list[str]:
    """Who must act next, as "Cán bộ Trung tâm: Nhận thẩm định" lines."""

    lines = []
    for t in transitions_from(project.state):
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
