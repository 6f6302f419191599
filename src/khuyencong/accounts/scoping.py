"""The one scope rule: which rows of a model a user may see, with which roles.

A user sees a record when it lies in any unit of their role assignments. How a record lies somewhere is
declared once on its model (`placement`, see geo.placement): its own commune, another record's (a product
through its establishment), and for records with no commune a city-wide rule (a project without a commune
belongs to the province of its plan's unit, seen only by province-level users). "Lies in" across the two
hierarchies is geo.selectors.located_in_q. Superusers and nationwide assignments see everything; anonymous
users see nothing. Command-line work (export, import) runs as the explicit `SYSTEM` actor, which sees
everything; `None` is not a user and sees nothing.

Every selector, form lookup, import check, export and link on a page asks `visible` / `visible_q`.
"""

from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from khuyencong.core.codes import unknown_code
from khuyencong.geo.models import Level
from khuyencong.geo.placement import placement_path
from khuyencong.geo.selectors import located_commune_ids, path_in_q

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


def _path(model):
    path = placement_path(model)
    if path is None:
        raise ImproperlyConfigured(f"{model.__name__} declares no placement: it cannot be scoped.")
    return path


def visible_q(model, user, *, roles=None, through: str = "") -> Q | None:
    """A filter for the rows of `model` that `user` may see (only through `roles` when given), or None when they
    may see every row. `through` applies it to a related record: visible_q(Establishment, user, through="first")
    filters duplicate pairs by their first establishment."""
    path = _path(model)
    units = _scope_units(user, roles)
    if units is None:
        return None
    if through:
        path = path.under(f"{through}__")
    combined = NOTHING
    for unit in units:
        combined |= path_in_q(path, unit)
    return combined


def visible(model_or_queryset, user, *, roles=None) -> QuerySet:
    """The rows `user` may see: the one function every list, lookup and export starts from."""
    qs = model_or_queryset if isinstance(model_or_queryset, QuerySet) else model_or_queryset._default_manager.all()
    condition = visible_q(qs.model, user, roles=roles)
    return qs if condition is None else qs.filter(condition)


def is_visible(user, obj: Model, *, roles=None) -> bool:
    if visible_q(type(obj), user, roles=roles) is None:
        return True
    return visible(type(obj), user, roles=roles).filter(pk=obj.pk).exists()


def visible_pks(model, user, pks, *, roles=None) -> set:
    """Which of these primary keys `user` may see (one query)."""
    pks = {pk for pk in pks if pk is not None}
    if not pks:
        return set()
    if visible_q(model, user, roles=roles) is None:
        return pks
    return set(visible(model, user, roles=roles).filter(pk__in=pks).values_list("pk", flat=True))


def mark_visible(user, objs, *, roles=None) -> list:
    """Set `obj.in_scope` on each record (None entries are skipped), one query per model: a page shows a related
    record outside the user's scope by name, without a link to a page that would answer 404."""
    objs = [obj for obj in objs if obj is not None]
    by_model: dict[type, list] = {}
    for obj in objs:
        by_model.setdefault(type(obj), []).append(obj)
    for model, group in by_model.items():
        seen = visible_pks(model, user, [obj.pk for obj in group], roles=roles)
        for obj in group:
            obj.in_scope = obj.pk in seen
    return objs


def get_visible_or_404(model_or_queryset, user, *, roles=None, **lookup):
    """Outside the user's scope looks the same as not existing: a 404, never someone else's data."""
    obj = visible(model_or_queryset, user, roles=roles).filter(**lookup).first()
    if obj is None:
        raise Http404(_("Không tìm thấy hoặc bạn không có quyền xem."))
    return obj


def require_visible(actor, records, *, field: str, what, roles=None) -> None:
    """Inside a service's transaction: refuse to link records `actor` may not see, with the message of an unknown
    code, so a crafted POST naming another unit's record writes nothing and learns nothing. `actor=None` is code
    acting for the system (demo data, the services' own callers), as in the services' other checks."""
    records = [r for r in records if r is not None]
    if actor is None or not records:
        return
    seen = visible_pks(type(records[0]), actor, [r.pk for r in records], roles=roles)
    unseen = [r for r in records if r.pk not in seen]
    if unseen:
        raise ValidationError({field: unknown_code(what, [getattr(r, "code", r.pk) for r in unseen])})


@dataclass(frozen=True)
class UnsavedScope:
    """The scope of rows not in the database yet (an import): the communes a row's commune may be in (None: any),
    and whether a row may have no commune (a city-wide record, for province-level users)."""

    communes: set[int] | None
    placeless: bool


def unsaved_scope(model, user, *, roles=None) -> UnsavedScope:
    """Built from the same id sets as located_in_q and the same declaration as `visible`."""
    path = _path(model)
    units = _scope_units(user, roles)
    if units is None:
        return UnsavedScope(communes=None, placeless=True)
    placeless = path.citywide is not None and any(unit.level == Level.PROVINCE for unit in units)
    return UnsavedScope(communes=_commune_ids(units), placeless=placeless)


def _commune_ids(units) -> set[int]:
    allowed: set[int] = set()
    for unit in units:
        communes, linked = located_commune_ids(unit)
        allowed.update(communes, linked)
    return allowed


def scope_commune_ids(user, *, roles=None) -> set[int] | None:
    """The communes of the user's units, linked ones of the other hierarchy included (None: any): for what is not
    a placed record, such as a unit chosen for data entry. The same sets as `visible`."""
    units = _scope_units(user, roles)
    return None if units is None else _commune_ids(units)
