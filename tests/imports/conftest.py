import csv
from pathlib import Path

import pytest
from openpyxl import Workbook

from khuyencong.geo.models import AdminUnit
from khuyencong.registry.models import Craft, CraftVillage


def write_xlsx(path: Path, rows: list[list]) -> Path:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def write_csv(path: Path, rows: list[list], bom: bool = False, encoding: str = "utf-8") -> Path:
    with open(path, "w", encoding="utf-8-sig" if bom else encoding, newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


@pytest.fixture
def village(db):
    commune = AdminUnit.objects.get(hierarchy="current", code="10030")
    v = CraftVillage(code="LN01", name="Làng mây tre đan Phú Vinh", commune=commune, current_commune=commune,
                     search_name="lang may tre dan phu vinh")
    v.save()
    v.crafts.add(Craft.objects.get_or_create(folded_name="may tre dan", defaults={"name": "Mây tre đan"})[0])
    return v


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads and rejects files go to a temporary folder, not the checkout's var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
