"""Every path that creates a village places it at its commune's point when no coordinates are given."""

from decimal import Decimal

import pytest

from khuyencong.accounts.scoping import SYSTEM
from khuyencong.imports.services.runs import import_file
from khuyencong.registry.models import CraftVillage
from tests.imports.conftest import write_xlsx
from tests.registry.conftest import unit

pytestmark = pytest.mark.django_db


def point(obj):
    return obj.latitude, obj.longitude


def test_the_service_places_a_new_village_at_its_communes_point(make_village):
    village = make_village(commune=("current", "10030"))
    assert village.latitude is not None and point(village) == point(unit("current", "10030"))


def test_an_import_places_new_villages_and_moved_ones(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    header = ["code", "name", "commune_code", "crafts", "hierarchy"]
    path = write_xlsx(tmp_path / "lang.xlsx", [
        header,
        ["LN-A", "Làng A", "10030", "mây tre đan", "current"],
        ["LN-B", "Làng B", "10033", "mây tre đan", "legacy"],
    ])
    result = import_file(user=SYSTEM, kind="craft_villages", path=path)
    assert result.ok and result.written, result.errors
    a, b = CraftVillage.objects.get(code="LN-A"), CraftVillage.objects.get(code="LN-B")
    assert a.latitude is not None and point(a) == point(unit("current", "10030"))
    assert b.latitude is not None and point(b) == point(unit("legacy", "10033"))
    # a village set by hand keeps its point when the import leaves its commune alone…
    CraftVillage.objects.filter(code="LN-A").update(latitude=Decimal("21.1"), longitude=Decimal("105.1"))
    moved = write_xlsx(tmp_path / "lang2.xlsx", [
        header, ["LN-A", "Làng A mới", "10030", "mây tre đan", "current"],
        ["LN-B", "Làng B", "00577", "mây tre đan", "current"]])
    assert import_file(user=SYSTEM, kind="craft_villages", path=moved).ok
    a.refresh_from_db()
    b.refresh_from_db()
    assert point(a) == (Decimal("21.100000"), Decimal("105.100000"))
    # …and a village moved to another commune is placed at the new commune's point
    assert point(b) == point(unit("current", "00577"))


def test_the_demo_villages_have_coordinates(settings, tmp_path):
    from tests.demo_sample import load_sample

    settings.MEDIA_ROOT = tmp_path / "media"
    load_sample()
    for code in ("LN-PHUVINH", "LN-HATHAI", "CN-2011-001"):
        village = CraftVillage.objects.get(code=code)
        assert village.latitude is not None and point(village) == point(village.commune), code
