"""Modes, --valid-only, duplicates, the round trip, templates."""

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from khuyencong.accounts.scoping import SYSTEM
from khuyencong.core.models import AuditEntry
from khuyencong.imports.kinds import get_kind
from khuyencong.imports.services.runs import import_file
from khuyencong.imports.template_xlsx import build_template
from khuyencong.registry.models import CraftVillage, Establishment
from tests.imports.conftest import write_csv, write_xlsx

pytestmark = pytest.mark.django_db

HEADER = ["code", "name", "kind", "commune_code", "tax_code", "workers"]


def _seed(tmp_path):
    path = write_xlsx(tmp_path / "seed.xlsx", [HEADER, ["A", "Cơ sở A", "DN", "10030", "0100000001", 5],
                                               ["B", "Cơ sở B", "HTX", "10030", None, 7]])
    assert import_file(user=SYSTEM, kind="establishments", path=path).ok


def test_modes(tmp_path):
    _seed(tmp_path)
    rows = [HEADER, ["A", "Cơ sở A mới", "DN", "10030", "0100000001", 6], ["C", "Cơ sở C", "DN", "10030", None, 1]]
    path = write_xlsx(tmp_path / "m.xlsx", rows)
    create = import_file(user=SYSTEM, kind="establishments", path=path, mode="create")
    assert [(e.row, e.column) for e in create.errors] == [(2, "Mã cơ sở")]
    assert "đã có trong hệ thống" in create.errors[0].message
    update = import_file(user=SYSTEM, kind="establishments", path=path, mode="update")
    assert [(e.row, e.column) for e in update.errors] == [(3, "Mã cơ sở")]
    assert "Không tìm thấy “C”" in update.errors[0].message
    assert not Establishment.objects.filter(code="C").exists()
    assert Establishment.objects.get(code="A").workers == 5
    upsert = import_file(user=SYSTEM, kind="establishments", path=path, mode="upsert")
    assert upsert.ok and (upsert.created, upsert.updated, upsert.unchanged) == (1, 1, 0)
    a = Establishment.objects.get(code="A")
    assert (a.name, a.workers, a.search_name) == ("Cơ sở A mới", 6, "co so a moi")
    entry = AuditEntry.objects.filter(object_id=str(a.pk), action="import").first()
    assert entry.changes == {"name": ["Cơ sở A", "Cơ sở A mới"], "workers": [5, 6]}


def test_tax_code_secondary_key(tmp_path):
    _seed(tmp_path)
    # another code, same tax code → matched to A by tax code and updated, keeping A's code
    path = write_xlsx(tmp_path / "t.xlsx", [HEADER, ["A-OTHER", "Cơ sở A", "DN", "10030", "0100000001", 9]])
    result = import_file(user=SYSTEM, kind="establishments", path=path)
    assert result.ok and result.matched_by_secondary == 1 and result.updated == 1
    assert Establishment.objects.get(code="A").workers == 9 and Establishment.objects.count() == 2
    # B's row claiming A's tax code is refused
    clash = write_xlsx(tmp_path / "c.xlsx", [HEADER, ["B", "Cơ sở B", "HTX", "10030", "0100000001", 7]])
    result = import_file(user=SYSTEM, kind="establishments", path=clash)
    assert not result.ok and "đã thuộc bản ghi khác (mã A)" in result.errors[0].message


def test_valid_only_writes_good_rows_and_saves_rejects(tmp_path):
    path = write_xlsx(tmp_path / "v.xlsx", [HEADER, ["A", "Cơ sở A", "DN", "10030", None, 5],
                                            ["B", "Cơ sở B", "DN", "99999", None, 5],
                                            ["C", "Cơ sở C", "DN", "10030", None, -2]])
    rejects = tmp_path / "v.loi.xlsx"
    result = import_file(user=SYSTEM, kind="establishments", path=path, valid_only=True, rejects_path=rejects)
    assert result.ok and result.written
    assert list(Establishment.objects.values_list("code", flat=True)) == ["A"]
    ws = load_workbook(rejects).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("Dòng", *HEADER, "Lỗi")
    assert [r[:2] for r in rows[1:]] == [(3, "B"), (4, "C")]
    assert "Mã xã/phường" in rows[1][-1] and "Không được âm" in rows[2][-1]


def test_dry_run_writes_nothing(tmp_path):
    path = write_xlsx(tmp_path / "d.xlsx", [HEADER, ["A", "Cơ sở A", "DN", "10030", None, 5]])
    result = import_file(user=SYSTEM, kind="establishments", path=path, dry_run=True)
    assert result.ok and result.created == 1 and not result.written
    assert not Establishment.objects.exists()


def test_likely_duplicates_flagged_not_merged(tmp_path):
    _seed(tmp_path)
    path = write_xlsx(tmp_path / "dup.xlsx", [HEADER, ["X1", "Công ty TNHH Cơ sở A", "DN", "10030", None, 1],
                                              ["X2", "Mây tre Hoà Bình", "DN", "10030", None, 1],
                                              ["X3", "HTX Mây Tre Hoà Bình", "HTX", "10030", None, 1]])
    result = import_file(user=SYSTEM, kind="establishments", path=path)
    assert result.ok and result.created == 3 and result.duplicate_count == 2, result.duplicates
    assert any("bản ghi có sẵn mã A" in n for n in result.duplicates)
    assert any("Dòng 4" in n and "dòng 3" in n for n in result.duplicates)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_round_trip(tmp_path, village, fmt):
    _seed(tmp_path)
    legacy = write_xlsx(tmp_path / "l.xlsx", [["code", "name", "kind", "commune_code", "sector", "craft_village_code",
                                               "polluting", "founded_year"],
                                              ["L", "Cơ sở cũ", "THT", "00004", "đ", "LN01", "có", 1999]])
    assert import_file(user=SYSTEM, kind="establishments", path=legacy, hierarchy="legacy").ok
    lang = write_xlsx(tmp_path / "v.xlsx", [["code", "name", "commune_code", "crafts", "recognition",
                                             "recognition_year"],
                                            ["LN02", "Làng Hai", "10030", "Gốm sứ; Mây tre đan", "lang_nghe", 2010]])
    assert import_file(user=SYSTEM, kind="craft_villages", path=lang).ok
    for kind in ("establishments", "craft_villages"):
        out = tmp_path / f"{kind}.{fmt}"
        call_command("export", kind, str(out))
        result = import_file(user=SYSTEM, kind=kind, path=out, mode="update")
        assert result.ok, result.errors
        assert (result.created, result.updated) == (0, 0) and result.unchanged == result.total_rows > 0
    old = Establishment.objects.get(code="L")
    assert (old.commune.hierarchy, old.commune.code) == ("legacy", "00004")


def test_export_filters(tmp_path):
    _seed(tmp_path)
    out = tmp_path / "htx.csv"
    call_command("export", "establishments", str(out), est_kind="HTX")
    text = out.read_text(encoding="utf-8-sig")
    assert "Cơ sở B" in text and "Cơ sở A" not in text
    call_command("export", "establishments", str(out), q="co so a", unit="10030")
    assert "Cơ sở A" in out.read_text(encoding="utf-8-sig")
    call_command("export", "establishments", str(out), unit="277", hierarchy="legacy")  # Chương Mỹ (old district)
    assert "Cơ sở A" in out.read_text(encoding="utf-8-sig")
    call_command("export", "establishments", str(out), unit="00004")
    assert "Cơ sở A" not in out.read_text(encoding="utf-8-sig")


def test_template_has_labels_dropdowns_and_instructions(tmp_path):
    path = tmp_path / "mau.xlsx"
    path.write_bytes(build_template(get_kind("establishments")))
    wb = load_workbook(path)
    ws = wb["Dữ liệu"]
    labels = [c.value for c in ws[1]]
    assert labels[:4] == ["Mã cơ sở", "Tên cơ sở", "Loại hình", "Mã xã/phường"] and "Hệ thống mã đơn vị" in labels
    validations = {str(dv.sqref).split(":")[0]: dv for dv in ws.data_validations.dataValidation}
    kind_dv = validations["C2"]
    assert kind_dv.type == "list" and "Danh mục" in kind_dv.formula1
    lists = wb["Danh mục"]
    assert [c.value for c in lists["A"]][:5] == ["Loại hình", "DN", "HTX", "THT", "HKD"]
    guide = wb["Hướng dẫn"]
    text = "\n".join(str(c.value) for row in guide.iter_rows() for c in row if c.value)
    assert "Khoá để khớp bản ghi: Mã cơ sở (code)" in text and "Mã số thuế (tax_code)" in text
    assert "Số nguyên không âm" in text and "DN (Doanh nghiệp)" in text
    # the template, filled in, imports as is
    ws.append(["T1", "Cơ sở mẫu", "DN", "10030"])
    wb.save(path)
    assert import_file(user=SYSTEM, kind="establishments", path=path).ok


def test_village_years_csv_round_trip(tmp_path, village):
    years = write_csv(tmp_path / "y.csv", [["village_code", "year", "households", "craft_households"],
                                           ["LN01", 2024, 100, 30]])
    assert import_file(user=SYSTEM, kind="village_years", path=years).ok
    out = tmp_path / "y-out.csv"
    call_command("export", "village_years", str(out))
    again = import_file(user=SYSTEM, kind="village_years", path=out, mode="update")
    assert again.ok and again.unchanged == 1
    assert CraftVillage.objects.get(code="LN01").years.get().craft_households == 30


def test_concurrent_change_between_validation_and_write_rolls_back(tmp_path, village):
    path = write_xlsx(tmp_path / "c.xlsx", [HEADER, ["A", "Cơ sở A", "DN", "10030", None, 5],
                                            ["B", "Cơ sở B", "DN", "10030", None, 5]])

    def someone_else_saves_b():
        Establishment.objects.create(code="B", name="Khác", kind="HKD", commune=village.commune)

    result = import_file(user=SYSTEM, kind="establishments", path=path, mode="create",
                         before_write=someone_else_saves_b)
    assert not result.ok and "không dòng nào được ghi" in result.file_error
    assert list(Establishment.objects.values_list("code", flat=True)) == ["B"]


def test_an_imports_changes_read_like_any_other_on_the_records_page(tmp_path, client, make_user):
    """The audit row of an update by import names fields, not columns, and its values go through their
    formatters on the record's page (choice labels, 3.200, the old commune marked as such)."""
    from django.urls import reverse

    from tests.html import text

    _seed(tmp_path)
    path = write_xlsx(tmp_path / "u.xlsx", [HEADER + ["hierarchy"],
                                            ["B", "Cơ sở B", "HKD", "10033", None, 3200, "legacy"]])
    assert import_file(user=SYSTEM, kind="establishments", path=path, mode="update").ok
    b = Establishment.objects.get(code="B")
    entry = AuditEntry.objects.filter(object_id=str(b.pk), action="import").first()
    assert set(entry.changes) == {"kind", "commune", "workers"}
    client.force_login(make_user("canbo"))
    page = text(client.get(reverse("registry:establishment_detail", args=[b.pk])).content.decode())
    assert "loại hình: Hợp tác xã → Hộ kinh doanh" in page
    assert "số lao động: 7 → 3.200" in page
    assert "xã/phường: 10030 → 10033 (cũ)" in page
