"""The one scoping helper that every selector uses.

A user sees a record when it lies in any unit of their role assignments (geo.selectors.located_in_q
decides what "lies in" means across the two hierarchies). Superusers and nationwide assignments see
everything. Anonymous users see nothing.
"""

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from khuyencong.geo.selectors import located_in_q

NOTHING = Q(pk__in=[])


def scope_q(user, *, roles=None, commune_field: str = "commune", current_field: str = "current_commune") -> Q | None:
    """A filter for what `user` may see, or None when they may see everything.

    `roles` limits the assignments considered (for example only those that may edit).
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOTHING
    if user.is_superuser:
        return None
    assignments = [a for a in user.assignments if roles is None or a.role in roles]
    if any(a.unit_id is None for a in assignments):
        return None
    combined = NOTHING
    for unit in {a.unit for a in assignments}:
        combined |= located_in_q(unit, commune_field=commune_field, current_field=current_field)
    return combined


def scope_queryset(qs: QuerySet, user, **fields) -> QuerySet:
    condition = scope_q(user, **fields)
    return qs if condition is None else qs.filter(condition)


def in_scope(user, obj, **fields) -> bool:
    return scope_queryset(type(obj)._default_manager.filter(pk=obj.pk), user, **fields).exists()


def get_in_scope_or_404(qs: QuerySet, user, *, fields: dict | None = None, **lookup):
    """Outside the user's scope looks the same as not existing: a 404, never someone else's data."""
    obj = scope_queryset(qs, user, **(fields or {})).filter(**lookup).first()
    if obj is None:
        raise Http404(_("Không tìm thấy hoặc bạn không có quyền xem."))
    return obj
