"""Loading the administrative units from the `vietnam-provinces` package (idempotent)."""

import datetime
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from khuyencong.core.text import fold
from khuyencong.geo.models import AdminUnit, Hierarchy, Level, UnitSuccession

REFORM_DAY = datetime.date(2025, 7, 1)
LAST_LEGACY_DAY = datetime.date(2025, 6, 30)


@dataclass
class LoadSummary:
    current: dict[str, int]
    legacy: dict[str, int]
    successions: int


def _coordinates() -> dict[tuple[str, str], tuple[float, float]]:
    """(hierarchy, code) → (lat, lon), from the dataset that ships with `vietnamadminunits`."""
    try:
        import vietnamadminunits
    except ImportError:
        return {}
    path = Path(vietnamadminunits.__file__).parent / "data" / "dataset.db"
    if not path.exists():
        return {}
    coords: dict[tuple[str, str], tuple[float, float]] = {}
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        for code, lat, lon in db.execute("SELECT wardCode, wardLat, wardLon FROM admin_units"):
            coords[(Hierarchy.CURRENT, code)] = (lat, lon)
        for code, lat, lon in db.execute("SELECT DISTINCT provinceCode, provinceLat, provinceLon FROM admin_units"):
            coords[(Hierarchy.CURRENT, code)] = (lat, lon)
        legacy_rows = db.execute(
            "SELECT provinceCode, provinceLat, provinceLon, districtCode, districtLat, districtLon,"
            " wardCode, wardLat, wardLon FROM admin_units_legacy"
        )
        for pc, plat, plon, dc, dlat, dlon, wc, wlat, wlon in legacy_rows:
            coords[(Hierarchy.LEGACY, pc)] = (plat, plon)
            coords[(Hierarchy.LEGACY, dc)] = (dlat, dlon)
            coords[(Hierarchy.LEGACY, wc)] = (wlat, wlon)
    return coords


def _upsert(rows: Iterable[AdminUnit]) -> None:
    AdminUnit.objects.bulk_create(
        list(rows),
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["hierarchy", "code"],
        update_fields=[
            "level", "name", "search_name", "division_type", "parent", "province", "district",
            "valid_from", "valid_to", "latitude", "longitude",
        ],
    )


def _ids(hierarchy: str, level: str) -> dict[str, int]:
    return dict(AdminUnit.objects.filter(hierarchy=hierarchy, level=level).values_list("code", "pk"))


def _unit(hierarchy, level, code, name, kind, coords, **links) -> AdminUnit:
    lat, lon = coords.get((hierarchy, code), (None, None))
    era = {"valid_from": REFORM_DAY} if hierarchy == Hierarchy.CURRENT else {"valid_to": LAST_LEGACY_DAY}
    return AdminUnit(
        hierarchy=hierarchy, level=level, code=code, name=name, search_name=fold(name), division_type=str(kind),
        latitude=round(lat, 6) if lat is not None else None,
        longitude=round(lon, 6) if lon is not None else None,
        **era, **links,
    )


def _pad(value, width: int) -> str:
    return str(int(value)).zfill(width)


@transaction.atomic
def units_load() -> LoadSummary:
    """Create or update every unit of both hierarchies and the old → new links."""
    from vietnam_provinces import Province, Ward
    from vietnam_provinces._province_conversion_2025 import OLD_TO_NEW as PROVINCE_OLD_TO_NEW
    from vietnam_provinces._ward_conversion_2025 import OLD_TO_NEW as WARD_OLD_TO_NEW
    from vietnam_provinces.legacy import District as LegacyDistrict
    from vietnam_provinces.legacy import Province as LegacyProvince
    from vietnam_provinces.legacy import Ward as LegacyWard

    coords = _coordinates()
    cur, leg = Hierarchy.CURRENT, Hierarchy.LEGACY

    _upsert(_unit(cur, Level.PROVINCE, _pad(p.code, 2), p.name, p.division_type, coords) for p in Province.iter_all())
    provinces = _ids(cur, Level.PROVINCE)
    _upsert(
        _unit(cur, Level.COMMUNE, _pad(w.code, 5), w.name, w.division_type, coords,
              parent_id=provinces[_pad(w.province_code, 2)], province_id=provinces[_pad(w.province_code, 2)])
        for w in Ward.iter_all()
    )

    _upsert(
        _unit(leg, Level.PROVINCE, _pad(p.code, 2), p.name, p.division_type, coords)
        for p in LegacyProvince.iter_all()
    )
    legacy_provinces = _ids(leg, Level.PROVINCE)
    _upsert(
        _unit(leg, Level.DISTRICT, _pad(d.code, 3), d.name, d.division_type, coords,
              parent_id=legacy_provinces[_pad(d.province_code, 2)],
              province_id=legacy_provinces[_pad(d.province_code, 2)])
        for d in LegacyDistrict.iter_all()
    )
    legacy_districts = _ids(leg, Level.DISTRICT)
    district_province = dict(
        AdminUnit.objects.filter(hierarchy=leg, level=Level.DISTRICT).values_list("pk", "province_id")
    )
    _upsert(
        _unit(leg, Level.COMMUNE, _pad(w.code, 5), w.name, w.division_type, coords,
              parent_id=legacy_districts[_pad(w.district_code, 3)],
              district_id=legacy_districts[_pad(w.district_code, 3)],
              province_id=district_province[legacy_districts[_pad(w.district_code, 3)]])
        for w in LegacyWard.iter_all()
    )

    legacy_communes = _ids(leg, Level.COMMUNE)
    current_communes = _ids(cur, Level.COMMUNE)
    links = [
        UnitSuccession(old_id=legacy_communes[_pad(code, 5)], new_id=current_communes[_pad(new.code, 5)],
                       partial=len(entry.new_wards) > 1)
        for code, entry in WARD_OLD_TO_NEW.items()
        if _pad(code, 5) in legacy_communes
        for new in entry.new_wards
        if _pad(new.code, 5) in current_communes
    ]
    links += [
        UnitSuccession(old_id=legacy_provinces[_pad(code, 2)], new_id=provinces[_pad(new.code, 2)],
                       partial=len(entry.new_provinces) > 1)
        for code, entry in PROVINCE_OLD_TO_NEW.items()
        for new in entry.new_provinces
    ]
    UnitSuccession.objects.bulk_create(
        links, batch_size=2000, update_conflicts=True, unique_fields=["old", "new"], update_fields=["partial"]
    )

    def count(h):
        return {lvl: AdminUnit.objects.filter(hierarchy=h, level=lvl).count() for lvl in Level.values}

    return LoadSummary(current=count(cur), legacy=count(leg), successions=UnitSuccession.objects.count())
