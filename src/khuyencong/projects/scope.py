"""Which projects a user sees, and over which projects a role holds.

A project with a commune lies where its commune lies (accounts.scoping / geo.selectors.located_in_q,
either hierarchy). A city-wide project (no commune) belongs to its plan's unit: it is visible to users
assigned to a province (either hierarchy) whose code is the plan's scope unit's code, or to any
province-level assignment when the plan names no unit. Commune and old-district officers do not see
city-wide projects: they are the Centre's.
"""

from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from khuyencong.geo.models import Level
from khuyencong.geo.selectors import located_in_q
from khuyencong.projects.models import Project

NOTHING = Q(pk__in=[])


def project_scope_q(user, *, roles=None) -> Q | None:
    """Filter for the projects `user` may see (with `roles`, only through those roles); None = all."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOTHING
    if user.is_superuser:
        return None
    assignments = [a for a in user.assignments if roles is None or a.role in roles]
    if any(a.unit_id is None for a in assignments):
        return None
    combined = NOTHING
    for unit in {a.unit for a in assignments}:
        combined |= located_in_q(unit)
        if unit.level == Level.PROVINCE:
            combined |= Q(commune__isnull=True) & (
                Q(plan__scope_unit__isnull=True) | Q(plan__scope_unit__code=unit.code)
            )
    return combined


def scoped_projects(user, *, roles=None):
    condition = project_scope_q(user, roles=roles)
    qs = Project.objects.all()
    return qs if condition is None else qs.filter(condition)


def project_in_scope(user, project: Project, *, roles=None) -> bool:
    return scoped_projects(user, roles=roles).filter(pk=project.pk).exists()


def project_get_or_404(user, pk) -> Project:
    project = scoped_projects(user).filter(pk=pk).select_related(
        "commune", "current_commune", "plan", "funding_rule").first()
    if project is None:
        raise Http404(_("Không tìm thấy hoặc bạn không có quyền xem."))
    return project
