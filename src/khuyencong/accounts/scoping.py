"""The one scoping helper that every selector uses.

A user sees a record when it lies in any unit of their role assignments (geo.selectors.located_in_q
decides what "lies in" means across the two hierarchies). Superusers and nationwide assignments see
everything. Anonymous users see nothing. Command-line work (export, import) runs as the explicit
`SYSTEM` actor, which sees everything; `None` is not a user and sees nothing.
"""

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from khuyencong.geo.selectors import located_commune_ids, located_in_q

NOTHING = Q(pk__in=[])


class SystemActor:
    """The actor of command-line runs: unrestricted, with no assignments and no database row (pk None, so
    audit rows record no user)."""

    is_authenticated = True
    is_active = True
    is_superuser = True
    is_staff = False
    is_anonymous = False
    pk = id = None
    assignments = ()
    username = "system"

    def __str__(self):
        return "Hệ thống"

    def __repr__(self):
        return "<SYSTEM>"


SYSTEM = SystemActor()


def _scope_units(user, roles=None):
    """None when `user` may see everything, else the set of units they see (empty: nothing)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    if user.is_superuser:
        return None
    assignments = [a for a in user.assignments if roles is None or a.role in roles]
    if any(a.unit_id is None for a in assignments):
        return None
    return {a.unit for a in assignments}


def scope_units(user, *, roles=None):
    """The units `user` works in (None: everywhere, an empty set: nowhere), e.g. to settle a unit name that
    exists in several provinces (geo.forms.UnitField.areas)."""
    return _scope_units(user, roles)


def scope_q(user, *, roles=None, commune_field: str = "commune", current_field: str = "current_commune") -> Q | None:
    """A filter for what `user` may see, or None when they may see everything.

    `roles` limits the assignments considered (for example only those that may edit).
    """
    units = _scope_units(user, roles)
    if units is None:
        return None
    combined = NOTHING
    for unit in units:
        combined |= located_in_q(unit, commune_field=commune_field, current_field=current_field)
    return combined


def scope_commune_ids(user, *, roles=None) -> set[int] | None:
    """The communes a record's own commune may be in for `user` (None: any), for checking rows that are not
    in the database yet (imports). Built from the same id sets as located_in_q."""
    units = _scope_units(user, roles)
    if units is None:
        return None
    allowed: set[int] = set()
    for unit in units:
        communes, linked = located_commune_ids(unit)
        allowed.update(communes, linked)
    return allowed


def has_province_scope(user, *, roles=None) -> bool:
    """Whether `user` covers a whole province (or more): the scope of records placed in no commune, such as
    a city-wide project."""
    units = _scope_units(user, roles)
    return units is None or any(unit.level == "province" for unit in units)


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
