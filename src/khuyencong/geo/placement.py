"""How a record is placed in the unit tree, declared once on its model.

Every located model carries a class attribute `placement`:
- a record with its own commune (a `LocatedRecord`) inherits `Placement()`;
- a record placed through another one names that relation: `Placement(via="establishment")` for a product,
  `Placement(via="village")` for a village's yearly statistics; chains are followed (a certificate → its
  product → the product's establishment);
- a record that may have no commune and then belongs to a province says so:
  `Placement(citywide=CityWide(unit_field="plan__scope_unit"))` for a city-wide project.

`accounts.scoping` reads these declarations to answer which rows a user may see; nothing else decides it.
The indicator engine reads the same paths (`placement_path(model)`, or `.under(prefix)` for a record reached
through another one) to filter and group its aggregate queries: `geo.selectors.path_in_q` is the filter of
both, and `ChildPlaces` maps the places a grouped query found onto a unit's children.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class CityWide:
    """A record with no commune belongs to the province named by `unit_field` (a unit whose code is a province
    code, such as a plan's scope unit), or to every province when that is empty; only province-level users see
    it."""

    unit_field: str
    # The field holds the unit's code itself rather than a link to the unit (an aggregate row keeps the code).
    holds_code: bool = False


@dataclass(frozen=True)
class Placement:
    via: str = ""
    citywide: CityWide | None = None


@dataclass(frozen=True)
class PlacementPath:
    """A model's placement followed to the record that holds the commune: ORM paths from the model."""

    prefix: str  # "" for a located record, "establishment__" for a product
    citywide: CityWide | None

    @property
    def commune(self) -> str:
        return f"{self.prefix}commune"

    @property
    def current_commune(self) -> str:
        return f"{self.prefix}current_commune"

    @property
    def citywide_unit(self) -> str | None:
        return f"{self.prefix}{self.citywide.unit_field}" if self.citywide else None

    @property
    def citywide_code(self) -> str | None:
        """The path to the code of the unit a city-wide record belongs to."""
        if self.citywide is None:
            return None
        return self.citywide_unit if self.citywide.holds_code else f"{self.citywide_unit}__code"

    @property
    def group_fields(self) -> tuple[str, ...]:
        """What a query grouped by place groups by: the commune, the current commune (`values()` of a foreign
        key path gives the unit's id), and for city-wide records the code of their unit."""
        return (self.commune, self.current_commune, *((self.citywide_code,) if self.citywide else ()))

    def under(self, prefix: str) -> "PlacementPath":
        """The same placement read from a record that reaches this one through `prefix` ("establishment__")."""
        return PlacementPath(prefix=f"{prefix}{self.prefix}", citywide=self.citywide)


def placement_path(model) -> PlacementPath | None:
    """The resolved placement of `model`, or None when the model is not placed in any unit."""
    prefix = ""
    seen = set()
    while True:
        placement = getattr(model, "placement", None)
        if not isinstance(placement, Placement):
            if prefix:
                raise ImproperlyConfigured(f"{model.__name__} (reached through “{prefix}”) declares no placement.")
            return None
        if not placement.via:
            return PlacementPath(prefix=prefix, citywide=placement.citywide)
        if model in seen:
            raise ImproperlyConfigured(f"The placement of {model.__name__} loops through “{prefix}”.")
        seen.add(model)
        model = model._meta.get_field(placement.via).related_model
        prefix = f"{prefix}{placement.via}__"


class NoChildren(ValueError):
    """A commune has no units below it; the message says so."""


class ChildPlaces:
    """The children of a unit and, for a place (commune id, current commune id), the children it lies in: each
    child gets exactly the records `geo.selectors.located_in_q(child)` gives, so a breakdown computed from one
    query grouped by place equals computing every child alone.

    Current province → its communes: a placed record by its current commune; an unplaced record of a split old
    commune in every successor (the union rule of scope). Old province → old districts, old district → old
    communes: a record by its old commune; a record made under a current commune in the child of every old
    commune that went into it. A city-wide record (no commune) lies in no child."""

    def __init__(self, unit):
        from khuyencong.geo.models import AdminUnit, Hierarchy, Level, UnitSuccession

        if unit.level == Level.COMMUNE:
            raise NoChildren(_("%(unit)s là cấp xã/phường, không có đơn vị cấp dưới để chia theo.")
                             % {"unit": unit.label})
        self.unit = unit
        self.units = list(AdminUnit.objects.filter(parent=unit).order_by("code"))
        ids = self._ids = {u.pk for u in self.units}
        self._by_commune: dict[int, list[int]] = defaultdict(list)
        self._current = unit.hierarchy == Hierarchy.CURRENT
        if self._current:
            for old, new in UnitSuccession.objects.filter(new__in=ids).values_list("old_id", "new_id"):
                self._by_commune[old].append(new)
        else:
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
        """The ids of the children the place (commune id, current commune id) lies in."""
        if self._current and current_id is not None:
            return [current_id] if current_id in self._ids else []
        return self._by_commune.get(commune_id, []) if commune_id is not None else []
