"""Each kind imports from real XLSX and CSV files, in both hierarchies."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType

from khuyencong.accounts.scoping import SYSTEM
from khuyencong.core.models import AuditEntry
from khuyencong.imports.services.runs import import_file
from khuyencong.registry.models import Craft, CraftVillage, CraftVillageYear, Establishment, Product
from tests.imports.conftest import write_csv, write_xlsx

pytestmark = pytest.mark.django_db

EST_HEADER = ["code", "name", "kind", "commune_code", "tax_code", "address", "sector", "craft_village_code",
              "workers", "founded_year", "polluting"]


def test_establishments_from_xlsx_current_hierarchy(tmp_path, village):
    path = write_xlsx(tmp_path / "co-so.xlsx", [
        EST_HEADER,
        ["CS001", "Công ty TNHH Mây tre Phú Vinh", "DN", "10030", "0101234567", "Thôn Phú Vinh", "đ", "LN01",
         25, 2005, "không"],
        ["CS002", "HTX Gốm Bát Tràng", "Hợp tác xã", 4, None, "", "b", None, "12", None, "có"],
    ])
    result = import_file(user=SYSTEM, kind="establishments", path=path)
    assert result.ok and result.written, result.errors
    assert (result.created, result.updated) == (2, 0)
    first = Establishment.objects.get(code="CS001")
    assert first.commune.code == "10030" and first.commune.hierarchy == "current"
    assert first.current_commune_id == first.commune_id
    assert first.craft_village == village and first.sector.code == "đ" and first.workers == 25
    assert first.match_name == "may tre phu vinh" and first.search_name == "cong ty tnhh may tre phu vinh"
    second = Establishment.objects.get(code="CS002")
    assert second.kind == "HTX" and second.polluting is True and second.tax_code is None
    assert second.commune.code == "00004" and second.commune.name == "Phường Ba Đình"
    ct = ContentType.objects.get_for_model(Establishment)
    assert AuditEntry.objects.filter(content_type=ct, action="import").count() == 2


def test_establishments_from_csv_legacy_hierarchy_derive_current_commune(tmp_path):
    path = write_csv(tmp_path / "co-so.csv", [
        ["Mã cơ sở", "Tên cơ sở", "Loại hình", "Mã xã/phường"],
        ["OLD1", "Cơ sở Trúc Bạch", "HKD", "00004"],     # old Trúc Bạch → new Ba Đình (whole)
        ["OLD2", "Cơ sở Điện Biên", "HKD", "19"],        # old Điện Biên, split among 4: flagged (NULL)
    ])
    result = import_file(user=SYSTEM, kind="establishments", path=path, hierarchy="legacy")
    assert result.ok, result.errors
    old1 = Establishment.objects.get(code="OLD1")
    assert (old1.commune.hierarchy, old1.commune.name) == ("legacy", "Phường Trúc Bạch")
    assert (old1.current_commune.hierarchy, old1.current_commune.name) == ("current", "Phường Ba Đình")
    old2 = Establishment.objects.get(code="OLD2")
    assert old2.commune.code == "00019" and old2.current_commune is None


def test_hierarchy_column_per_row(tmp_path):
    path = write_xlsx(tmp_path / "mixed.xlsx", [
        ["code", "name", "kind", "commune_code", "hierarchy"],
        ["A", "Cơ sở A", "DN", "00004", "legacy"],
        ["B", "Cơ sở B", "DN", "00004", ""],
        ["C", "Cơ sở C", "DN", "00004", "hiện hành"],
    ])
    assert import_file(user=SYSTEM, kind="establishments", path=path).ok
    assert Establishment.objects.get(code="A").commune.name == "Phường Trúc Bạch"
    assert Establishment.objects.get(code="B").commune.name == "Phường Ba Đình"
    assert Establishment.objects.get(code="C").commune.name == "Phường Ba Đình"


def test_craft_villages_add_missing_crafts(tmp_path):
    Craft.objects.create(name="Gốm sứ", folded_name="gom su")
    path = write_xlsx(tmp_path / "lang.xlsx", [
        ["Mã làng", "Tên làng", "Mã xã/phường", "Nghề", "Công nhận", "Năm công nhận", "Quyết định công nhận"],
        ["LN9", "Làng gốm Bát Tràng", "10030", "gốm sứ; Mây tre đan", "Làng nghề truyền thống", 2002, "QĐ 123"],
        ["LN10", "Làng Phú Vinh", "10030", "mây tre đan", "none", None, ""],
    ])
    result = import_file(user=SYSTEM, kind="craft_villages", path=path)
    assert result.ok, result.errors
    assert result.crafts_added == ["Mây tre đan"]
    assert any("Mây tre đan" in line for line in result.summary_lines())
    v = CraftVillage.objects.get(code="LN9")
    assert v.recognition == "lang_nghe_truyen_thong" and v.recognition_year == 2002
    assert sorted(c.name for c in v.crafts.all()) == ["Gốm sứ", "Mây tre đan"]
    assert list(CraftVillage.objects.get(code="LN10").crafts.values_list("name", flat=True)) == ["Mây tre đan"]
    assert Craft.objects.count() == 2


def test_village_years_and_products(tmp_path, village):
    years = write_csv(tmp_path / "nam.csv", [
        ["village_code", "year", "households", "craft_households", "workers", "production_value"],
        ["LN01", "2024", "400", "150", "620", "12500000000"],
        ["LN01", "2025", "410", "160", "", "13.000.000.000"],
    ], bom=True)
    result = import_file(user=SYSTEM, kind="village_years", path=years)
    assert result.ok, result.errors
    y = CraftVillageYear.objects.get(village=village, year=2025)
    assert (y.households, y.craft_households, y.workers, y.production_value) == (410, 160, None, 13_000_000_000)
    est = write_xlsx(tmp_path / "cs.xlsx", [EST_HEADER[:4], ["CS1", "Cơ sở Một", "HKD", "10030"]])
    assert import_file(user=SYSTEM, kind="establishments", path=est).ok
    products = write_xlsx(tmp_path / "sp.xlsx", [
        ["code", "name", "establishment_code", "is_new_design", "design_date"],
        ["SP1", "Giỏ mây", "CS1", "có", dt.datetime(2024, 5, 3)],
        ["SP2", "Khay mây", "CS1", "yes", "04/06/2024"],
        ["SP3", "Làn mây", "CS1", "", "2024-07-05"],
    ])
    result = import_file(user=SYSTEM, kind="products", path=products)
    assert not result.ok
    assert [(e.row, e.column) for e in result.errors] == [(4, "Ngày thiết kế")]
    assert not Product.objects.exists()
    fixed = write_xlsx(tmp_path / "sp2.xlsx", [
        ["code", "name", "establishment_code", "is_new_design", "design_date"],
        ["SP1", "Giỏ mây", "CS1", "có", dt.datetime(2024, 5, 3)],
        ["SP2", "Khay mây", "CS1", "yes", "04/06/2024"],
    ])
    assert import_file(user=SYSTEM, kind="products", path=fixed).ok
    assert Product.objects.get(code="SP2").design_date == dt.date(2024, 6, 4)
    assert Product.objects.get(code="SP1").design_date == dt.date(2024, 5, 3)
    assert Product.objects.get(code="SP1").search_name == "gio may"
