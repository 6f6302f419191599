"""Reads over the unit tree: lookup by code, subtrees, successors, and the record filter."""

import re
from collections import defaultdict

from django.db.models import Q, QuerySet
from django.db.models.functions import Length
from django.utils.translation import gettext as _

from khuyencong.core.text import fold
from khuyencong.geo.models import CODE_WIDTH, AdminUnit, Hierarchy, Level, UnitSuccession
from khuyencong.geo.placement import PlacementPath, placement_path


class UnitNotFound(LookupError):
    """An unknown code; the message is ready to show to a user."""


def normalize_code(raw: str | int, level: str | None = None) -> str:
    """Zero-pad a GSO code. Without a level, the width of the input decides (≤2 province, 3 district)."""
    text = str(raw).strip()
    if not text.isdigit():
        raise UnitNotFound(_("Mã đơn vị “%(code)s” không hợp lệ: mã chỉ gồm chữ số.") % {"code": raw})
    if level is None:
        level = Level.PROVINCE if len(text) <= 2 else Level.DISTRICT if len(text) == 3 else Level.COMMUNE
    width = CODE_WIDTH[Level(level)]
    if len(text) > width and text.lstrip("0").zfill(width) != text[-width:]:
        raise UnitNotFound(_("Mã đơn vị “%(code)s” quá dài.") % {"code": raw})
    return text.lstrip("0").zfill(width)


def unit_get(*, code: str | int, hierarchy: str = Hierarchy.CURRENT, level: str | None = None) -> AdminUnit:
    """The unit with this code in this hierarchy; an unpadded code is tried at each level it could be."""
    if hierarchy not in Hierarchy.values:
        raise UnitNotFound(_("Hệ thống đơn vị “%(h)s” không tồn tại (legacy hoặc current).") % {"h": hierarchy})
    levels = [level] if level else [None, Level.PROVINCE, Level.DISTRICT, Level.COMMUNE]
    candidates = []
    for lvl in levels:
        try:
            candidates.append(normalize_code(code, lvl))
        except UnitNotFound:
            if level:
                raise
    filters = {"hierarchy": hierarchy, "code__in": candidates}
    if level:
        filters["level"] = level
    units = {u.code: u for u in AdminUnit.objects.filter(**filters).select_related("parent")}
    for candidate in candidates:
        if candidate in units:
            return units[candidate]
    era = _("hiện hành") if hierarchy == Hierarchy.CURRENT else _("trước 01/07/2025")
    raise UnitNotFound(_("Không tìm thấy đơn vị có mã “%(code)s” trong hệ thống %(era)s.") % {"code": code, "era": era})


def unit_subtree(unit: AdminUnit, *, level: str | None = None, include_self: bool = True) -> QuerySet[AdminUnit]:
    """This unit and everything under it, in its own hierarchy."""
    below = {
        Level.PROVINCE: Q(province=unit),
        Level.DISTRICT: Q(district=unit),
        Level.COMMUNE: Q(pk__in=[]),
    }[Level(unit.level)]
    condition = below | Q(pk=unit.pk) if include_self else below
    qs = AdminUnit.objects.filter(condition, hierarchy=unit.hierarchy)
    if level:
        qs = qs.filter(level=level)
    return qs


def unit_children(unit: AdminUnit) -> QuerySet[AdminUnit]:
    return AdminUnit.objects.filter(parent=unit).order_by("code")


def unit_successors(unit: AdminUnit) -> QuerySet[AdminUnit]:
    """Today's units that an old unit went into (for a district: those of its communes)."""
    old_units = unit_subtree(unit, level=Level.COMMUNE) if unit.level == Level.DISTRICT else [unit]
    return AdminUnit.objects.filter(predecessions__old__in=old_units).distinct().order_by("code")


def unit_predecessors(unit: AdminUnit) -> QuerySet[AdminUnit]:
    return AdminUnit.objects.filter(successions__new=unit).distinct().order_by("code")


def successions_of(unit: AdminUnit) -> QuerySet[UnitSuccession]:
    return UnitSuccession.objects.filter(old=unit).select_related("new")


def located_commune_ids(unit: AdminUnit) -> tuple[list[int], list[int]]:
    """The two id sets behind `located_in_q`: the unit's own communes, and the linked communes of the other
    hierarchy (for a current unit the old communes that went wholly or partly into it; for a legacy unit
    the current communes that succeeded its old ones). A few hundred ids at most for a province."""
    communes = list(unit_subtree(unit, level=Level.COMMUNE).values_list("pk", flat=True))
    if unit.hierarchy == Hierarchy.CURRENT:
        linked = UnitSuccession.objects.filter(new__in=communes).values_list("old", flat=True)
    else:
        linked = UnitSuccession.objects.filter(old__in=communes).values_list("new", flat=True)
    return communes, sorted(set(linked))


def located_in_q(unit: AdminUnit, *, commune_field: str = "commune", current_field: str = "current_commune",
                 ids: tuple[list[int], list[int]] | None = None) -> Q:
    """Filter for records (see geo.models.LocatedRecord) that lie in `unit`, whatever era they were recorded in.

    A current unit holds the records whose commune today lies under it, and the unplaced records of
    split old communes that went partly into it. A legacy unit holds the records of its old
    communes, and the records made under today's communes that succeeded them.

    The unit's id sets are evaluated first (two small queries), so the database plans the record query
    with literal lists of their real size rather than guessing at subqueries. A caller that filters several
    models by one unit passes `ids=located_commune_ids(unit)` once.
    """
    communes, linked = ids if ids is not None else located_commune_ids(unit)
    if unit.hierarchy == Hierarchy.CURRENT:
        return Q(**{f"{current_field}__in": communes}) | Q(
            **{f"{current_field}__isnull": True, f"{commune_field}__in": linked}
        )
    return Q(**{f"{commune_field}__in": communes + linked})


def path_in_q(path: PlacementPath, unit: AdminUnit, *, ids: tuple[list[int], list[int]] | None = None) -> Q:
    """The records reached by a placement path that lie in `unit` (located_in_q on its paths), and for a
    placement with a city-wide rule and a province, the city-wide records of that province: those whose unit
    has the province's code, or no unit at all. Scope and the indicator engine both filter with this."""
    condition = located_in_q(unit, commune_field=path.commune, current_field=path.current_commune, ids=ids)
    if path.citywide is not None and unit.level == Level.PROVINCE:
        condition |= Q(**{f"{path.commune}__isnull": True}) & (
            Q(**{f"{path.citywide_unit}__isnull": True}) | Q(**{path.citywide_code: unit.code}))
    return condition


class UnitArea:
    """A unit (None: the whole country) with its commune id sets read once, to filter any number of placement
    paths by it (the indicator engine filters every source of records by one unit)."""

    def __init__(self, unit: AdminUnit | None):
        self.unit = unit
        self.ids = located_commune_ids(unit) if unit is not None else None

    def q(self, path: PlacementPath) -> Q | None:
        return None if self.unit is None else path_in_q(path, self.unit, ids=self.ids)


def placed_in_q(model, unit: AdminUnit) -> Q:
    """located_in_q for the rows of `model`, placed as the model declares (a product lies where its establishment
    lies): the list filters "in this unit" of every app."""
    path = placement_path(model)
    return located_in_q(unit, commune_field=path.commune, current_field=path.current_commune)


def current_commune_for(commune: AdminUnit) -> AdminUnit | None:
    """The commune a record belongs to today: itself, its one successor, or None when it was split."""
    if commune.is_current:
        return commune
    successors = list(UnitSuccession.objects.filter(old=commune).values_list("new", flat=True)[:2])
    if len(successors) == 1:
        return AdminUnit.objects.get(pk=successors[0])
    return None


# Division words a typed name may start with or leave out ("phu nghia" = "xã phú nghĩa"), folded.
DIVISION_WORDS = ("xa", "phuong", "thi tran", "dac khu", "quan", "huyen", "thi xa", "thanh pho", "tinh")
_CODE_IN_TEXT = re.compile(r"\[(\d{1,5})\]")
_MAX_LISTED = 8


def unit_path(unit: AdminUnit) -> str:
    """Where a unit lies, for telling apart units of one name: "Huyện Chương Mỹ, Thành phố Hà Nội"."""
    return ", ".join(u.name for u in (unit.district, unit.province) if u is not None)


def unit_matches(text: str, *, hierarchy: str = Hierarchy.CURRENT, level: str | None = None,
                 limit: int = 20) -> list[AdminUnit]:
    """Units whose code starts with `text` or whose name contains it, diacritics and case ignored (the unit
    pickers' suggestions): exact names first, then by level and code."""
    text = (text or "").strip()
    folded = fold(text)
    if len(folded) < 2:
        return []
    qs = AdminUnit.objects.filter(hierarchy=hierarchy).select_related("district", "province")
    if level:
        qs = qs.filter(level=level)
    condition = Q(search_name__contains=folded)
    if text.isdigit():
        condition |= Q(code__startswith=text)
    units = list(qs.filter(condition).order_by(Length("code"), "code")[:200])
    exact = {folded} | {f"{word} {folded}" for word in DIVISION_WORDS}
    units.sort(key=lambda u: u.search_name not in exact)  # stable: keeps level and code order
    return units[:limit]


def _inside(units: list[AdminUnit], areas) -> list[AdminUnit]:
    """The units that lie in one of `areas`, in its hierarchy or (communes) through the 2025 successions."""
    linked: set[int] = set()
    for area in areas:
        if any(u.hierarchy != area.hierarchy for u in units):
            linked.update(located_commune_ids(area)[1])
    return [u for u in units if u.pk in linked or any(
        u.hierarchy == a.hierarchy and a.pk in (u.pk, u.province_id, u.district_id) for a in areas)]


def unit_resolve(text: str, *, hierarchy: str = Hierarchy.CURRENT, level: str | None = None,
                 areas=None) -> AdminUnit:
    """The unit a person typed: a code ("10030"), a name ("phu nghia", "Xã Phú Nghĩa"), a name with its
    district or province after a comma ("phu nghia, ha noi"), or a suggestion's text ("… [10030]").

    A name found in several places is settled by `areas` (the units the user works in) when exactly one
    of them lies there; otherwise `UnitNotFound` lists the candidates with their codes and where they lie.
    """
    raw = (text or "").strip()
    code = _CODE_IN_TEXT.search(raw)
    if raw.isdigit() or code:
        return unit_get(code=code.group(1) if code else raw, hierarchy=hierarchy, level=level)
    name, *qualifiers = [fold(part) for part in raw.split(",")]
    era = _("hiện hành") if hierarchy == Hierarchy.CURRENT else _("trước 01/07/2025")
    if not name:
        raise UnitNotFound(_("Hãy nhập mã hoặc tên đơn vị."))
    qs = AdminUnit.objects.filter(hierarchy=hierarchy).select_related("district", "province")
    if level:
        qs = qs.filter(level=level)
    names = [name] + [f"{word} {name}" for word in DIVISION_WORDS]
    candidates = list(qs.filter(search_name__in=names).order_by("code")[:200])
    if qualifiers:
        candidates = [u for u in candidates if all(q in fold(unit_path(u)) for q in qualifiers if q)]
    if len(candidates) > 1 and areas:
        candidates = _inside(candidates, areas) or candidates
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        near = unit_matches(name, hierarchy=hierarchy, level=level, limit=_MAX_LISTED)
        message = _("Không tìm thấy đơn vị tên “%(text)s” trong hệ thống %(era)s.") % {"text": raw, "era": era}
        if near:
            message += " " + _("Có phải: %(list)s?") % {"list": "; ".join(_described(u) for u in near)}
        raise UnitNotFound(message)
    listed = "; ".join(_described(u) for u in candidates[:_MAX_LISTED])
    if len(candidates) > _MAX_LISTED:
        listed += "; …"
    raise UnitNotFound(_(
        "Có %(n)d đơn vị tên “%(text)s” trong hệ thống %(era)s: %(list)s. Hãy nhập mã, hoặc thêm tên huyện/tỉnh "
        "sau dấu phẩy."
    ) % {"n": len(candidates), "text": raw, "era": era, "list": listed})


def _described(unit: AdminUnit) -> str:
    where = unit_path(unit)
    return f"{unit.name} [{unit.code}]" + (f" — {where}" if where else "")


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
