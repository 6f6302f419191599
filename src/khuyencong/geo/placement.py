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
both, and `geo.selectors.ChildPlaces` maps the places a grouped query found onto a unit's children.
"""

from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured


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
