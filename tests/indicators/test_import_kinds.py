"""The `data_values` and `targets` import kinds: real XLSX files, units at any level in either hierarchy, the
lock, scope, and an export that re-imports unchanged."""

import io
from decimal import Decimal

from django.urls import reverse
from openpyxl import Workbook, load_workbook

from khuyencong.accounts.scoping import SYSTEM
from khuyencong.geo.models import AdminUnit
from khuyencong.imports.services.runs import import_file
from khuyencong.indicators.models import DataElement, DataValue, Target, ValueState
from khuyencong.indicators.services.data_values import data_value_approve, data_value_submit


def xlsx(tmp_path, rows, name="so-lieu.xlsx"):
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    book.save(path)
    return path


def unit(code, hierarchy="current"):
    return AdminUnit.objects.get(code=code, hierarchy=hierarchy)


def test_values_for_a_province_an_old_district_and_a_commune(tmp_path, people):
    path = xlsx(tmp_path, [
        ["element", "unit_code", "year", "value", "hierarchy"],
        ["industrial_production_value", "1", 2015, 91_200_000_000_000, ""],   # the province: 1 → 01
        ["handicraft_exports_usd", "01", 2015, "250.000.000", "legacy"],     # old Hanoi, Vietnamese text
        ["cnnt_production_value", "277", 2015, "1.350,5", "legacy"],          # an old district
        ["cnnt_production_value", "10030", 2014, 626.5, "current"],           # a commune
    ])
    result = import_file(kind="data_values", path=path, user=people.staff)
    assert result.ok and result.created == 4, [str(e) for e in result.errors]
    values = {(v.element.code, v.unit.hierarchy, v.unit.code, v.year): v for v in DataValue.objects.all()}
    assert values[("industrial_production_value", "current", "01", 2015)].value == 91_200_000_000_000
    assert values[("handicraft_exports_usd", "legacy", "01", 2015)].value == 250_000_000
    assert values[("cnnt_production_value", "legacy", "277", 2015)].value == Decimal("1350.5")
    assert values[("cnnt_production_value", "current", "10030", 2014)].value == Decimal("626.5")
    assert all(v.state == ValueState.DRAFT and v.entered_by == people.staff for v in values.values())
    # the same code in the other hierarchy is another unit, not the same row
    again = xlsx(tmp_path, [["element", "unit_code", "year", "value"],
                            ["handicraft_exports_usd", "01", 2015, 260_000_000]], "b.xlsx")
    result = import_file(kind="data_values", path=again, user=people.staff)
    assert result.ok and result.created == 1
    assert DataValue.objects.filter(element__code="handicraft_exports_usd", year=2015).count() == 2


def test_bad_rows_are_named_and_nothing_is_written(tmp_path, people):
    path = xlsx(tmp_path, [
        ["Chỉ tiêu dữ liệu", "Mã đơn vị", "Năm", "Giá trị"],
        ["gdp", "01", 2015, 1],
        ["cnnt_production_value", "277", 2015, 1],       # 277 is an old district: current has no such unit
        ["cnnt_production_value", "01", 1985, 1],
        ["cnnt_production_value", "01", 2015, "nhiều"],
    ])
    result = import_file(kind="data_values", path=path, user=people.staff)
    messages = [str(e) for e in result.errors]
    assert not result.ok and not DataValue.objects.exists()
    assert any("Dòng 2" in m and "Không tìm thấy chỉ tiêu dữ liệu có mã “gdp”" in m for m in messages)
    assert any("Dòng 3" in m and "Không có đơn vị mã “277” trong hệ thống hiện hành" in m for m in messages)
    assert any("Dòng 4" in m and "1985 nhỏ hơn giá trị tối thiểu 1990" in m for m in messages)
    assert any("Dòng 5" in m and "“nhiều” không phải là số" in m for m in messages)


def test_an_approved_value_is_locked_against_imports(tmp_path, people):
    first = xlsx(tmp_path, [["element", "unit_code", "year", "value"], ["cnnt_production_value", "01", 2015, 100]])
    import_file(kind="data_values", path=first, user=people.staff)
    value = data_value_approve(actor=people.approver, value=data_value_submit(actor=people.staff,
                                                                              value=DataValue.objects.get()))
    unchanged = import_file(kind="data_values", path=first, user=people.staff)
    assert unchanged.ok and unchanged.unchanged == 1
    changed = xlsx(tmp_path, [["element", "unit_code", "year", "value"], ["cnnt_production_value", "01", 2015, 101]],
                   "c.xlsx")
    result = import_file(kind="data_values", path=changed, user=people.staff)
    assert not result.ok
    assert "Dòng 2, cột “Giá trị”: Số liệu đã được Trần Văn Minh duyệt nên bị khoá" in str(result.errors[0])
    value.refresh_from_db()
    assert value.value == 100 and value.state == ValueState.APPROVED


def test_a_unit_outside_the_importers_area_is_refused(tmp_path, people):
    path = xlsx(tmp_path, [["element", "unit_code", "year", "value"], ["cnnt_production_value", "01", 2015, 1],
                           ["cnnt_production_value", "10030", 2015, 2]])
    result = import_file(kind="data_values", path=path, user=people.officer)
    assert [str(e) for e in result.errors] == ["Dòng 2, cột “Mã đơn vị”: Đơn vị này nằm ngoài phạm vi đơn vị của bạn."]
    assert not DataValue.objects.exists()


def test_export_reimports_unchanged(tmp_path, client, people):
    path = xlsx(tmp_path, [["element", "unit_code", "year", "value", "hierarchy"],
                           ["cnnt_production_value", "01", 2015, "1.350,5", "current"],
                           ["cnnt_production_value", "277", 2015, 7, "legacy"]])
    import_file(kind="data_values", path=path, user=people.staff)
    client.force_login(people.staff)
    response = client.get(reverse("imports:export", args=["data_values", "xlsx"]))
    content = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Chỉ tiêu dữ liệu", "Mã đơn vị", "Năm", "Giá trị", "Hệ thống mã đơn vị")
    assert ("cnnt_production_value", "277", 2015, 7, "legacy") in rows
    exported = tmp_path / "export.xlsx"
    exported.write_bytes(content)
    result = import_file(kind="data_values", path=exported, user=people.staff)
    assert result.ok and result.unchanged == 2 and result.created == result.updated == 0


def test_targets_import(tmp_path, people):
    path = xlsx(tmp_path, [
        ["indicator", "unit_code", "start_year", "end_year", "low", "high", "note"],
        ["jobs_created", "01", 2016, 2020, 60_000, 75_000, "Chương trình 2016–2020"],
        ["Kim ngạch xuất khẩu hàng thủ công mỹ nghệ", "01", 2020, 2020, 400_000_000, None, ""],
        ["employment_rate", "01", 2020, 2016, 80, None, ""],
        ["viec_lam", "01", 2020, 2020, 1, 2, ""],
        ["trainees", "01", 2020, 2020, 5, 1, ""],
    ])
    result = import_file(kind="targets", path=path, user=SYSTEM)
    messages = [str(e) for e in result.errors]
    assert any("Dòng 4" in m and "Năm cuối 2016 trước năm đầu 2020" in m for m in messages)
    assert any("Dòng 5" in m and "“viec_lam” không có trong danh sách" in m for m in messages)
    assert any("Dòng 6" in m and "Mức cao (1) nhỏ hơn mức thấp (5)" in m for m in messages)
    result = import_file(kind="targets", path=path, user=SYSTEM, valid_only=True)
    assert result.valid_rows == 2 and Target.objects.count() == 2
    exports = Target.objects.get(indicator="handicraft_exports")
    assert (exports.low, exports.high, exports.unit) == (400_000_000, None, unit("01"))
    assert DataElement.objects.count() == 3  # seeded by the migration
