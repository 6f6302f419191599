"""Where a record counts: the unit of its own commune, through the same rule as scope.

Every source of the engine names the path to the commune its records are placed by (`Place`): a project and
an establishment by their commune, a product by its establishment's, a class and its trainees by the class's,
a transplant by its village's. `place_q(place, unit)` is `geo.selectors.located_in_q` on those paths, so a
unit holds the records of its communes in either hierarchy (an old district holds its old communes' records
and those made under the communes that succeeded them; a current commune holds the unplaced records of a
split old commune that went partly into it). A project with no commune is city-wide: it counts for a province
whose code is its plan's unit code, or for any province when the plan names no unit, never below.

`Children` maps the places found in one grouped query onto the unit's children (current province → communes,
old province → old districts, old district → old communes), giving each child exactly what `place_q` would.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from khuyencong.geo.models import AdminUnit, Hierarchy, Level, UnitSuccession
from khuyencong.geo.selectors import located_commune_ids, located_in_q


@dataclass(frozen=True)
class Place:
    commune: str
    current: str
    # Records with no commune (city-wide projects): the path to the code of the unit they belong to.
    city_wide: str | None = None

    @property
    def fields(self) -> tuple[str, ...]:
        """What a grouped query groups by (`values()` of a foreign key path gives the unit's id)."""
        return (self.commune, self.current, *((self.city_wide,) if self.city_wide else ()))


class Area:
    """A unit (None: the whole country) with its commune id sets evaluated once for every source."""

    def __init__(self, unit: AdminUnit | None):
        self.unit = unit
        self.ids = located_commune_ids(unit) if unit is not None else None

    def q(self, place: Place) -> Q | None:
        if self.unit is None:
            return None
        condition = located_in_q(self.unit, commune_field=place.commune, current_field=place.current, ids=self.ids)
        if place.city_wide and self.unit.level == Level.PROVINCE:
            condition |= Q(**{f"{place.commune}__isnull": True}) & (
                Q(**{f"{place.city_wide}__isnull": True}) | Q(**{place.city_wide: self.unit.code}))
        return condition

    @property
    def code(self) -> str:
        return self.unit.code if self.unit is not None else ""

    @property
    def label(self) -> str:
        return self.unit.label if self.unit is not None else _("Toàn quốc")


class NoChildren(ValueError):
    """A commune has no units below it; the message says so."""


class Children:
    """The children of a unit and, for a place (commune id, current commune id), the children it lies in."""

    def __init__(self, unit: AdminUnit):
        if unit.level == Level.COMMUNE:
            raise NoChildren(_("%(unit)s là cấp xã/phường, không có đơn vị cấp dưới để chia theo.")
                             % {"unit": unit.label})
        self.unit = unit
        self.units = list(AdminUnit.objects.filter(parent=unit).order_by("code"))
        ids = self._ids = {u.pk for u in self.units}
        self._by_commune: dict[int, list[int]] = defaultdict(list)
        if unit.hierarchy == Hierarchy.CURRENT:
            # current province → its communes: a placed record by its current commune; an unplaced record of
            # a split old commune in every successor (the union rule of scope).
            self._current = True
            for old, new in UnitSuccession.objects.filter(new__in=ids).values_list("old_id", "new_id"):
                self._by_commune[old].append(new)
        else:
            # old province → old districts, old district → old communes: a record by its old commune; a record
            # made under a current commune in the child of every old commune that went into it.
            self._current = False
            field = "district_id" if unit.level == Level.PROVINCE else "pk"
            below = dict(AdminUnit.objects.filter(hierarchy=Hierarchy.LEGACY, level=Level.COMMUNE)
                         .filter(Q(province=unit) | Q(district=unit)).values_list("pk", field))
            for old, child in below.items():
                if child in ids:
                    self._by_commune[old].append(child)
            for old, new in UnitSuccession.objects.filter(old__in=below).values_list("old_id", "new_id"):
                child = below[old]
                if child in ids and child not in self._by_commune[new]:
                    self._by_commune[new].append(child)

    def of(self, commune_id: int | None, current_id: int | None) -> list[int]:
        if self._current and current_id is not None:
            return [current_id] if current_id in self._ids else []
        return self._by_commune.get(commune_id, []) if commune_id is not None else []
