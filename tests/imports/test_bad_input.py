"""Every bad input gets a clear Vietnamese message and leaves the database unchanged."""

import os

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from khuyencong.accounts.scoping import SYSTEM
from khuyencong.imports.services.runs import import_file
from khuyencong.registry.models import Establishment
from tests.imports.conftest import write_csv, write_xlsx

pytestmark = pytest.mark.django_db

HEADER = ["code", "name", "kind", "commune_code", "workers", "founded_year"]


def _import(path, **kw):
    result = import_file(user=SYSTEM, kind="establishments", path=path, **kw)
    assert not result.ok
    assert not Establishment.objects.exists()
    return result


def test_one_bad_row_writes_nothing_and_names_row_and_column(tmp_path):
    path = write_xlsx(tmp_path / "f.xlsx", [
        HEADER,
        ["A1", "Cơ sở A", "DN", "10030", 3, 2000],
        ["A2", "Cơ sở B", "DN", "10030", "mười", 2000],   # row 3: text in workers
        ["A3", "Cơ sở C", "DN", "10030", 4, 2001],
    ])
    result = _import(path)
    assert [(e.row, e.column) for e in result.errors] == [(3, "Số lao động")]
    assert "không phải số nguyên" in result.errors[0].message
    assert str(result.errors[0]) == "Dòng 3, cột “Số lao động”: “mười” không phải số nguyên."
    assert any("Không ghi dòng nào" in line for line in result.summary_lines())


@pytest.mark.parametrize(("row", "column", "message"), [
    (["A1", "X", "DN", "10030", -5, 2000], "Số lao động", "Không được âm"),
    (["A1", "X", "DN", "99999", 1, 2000], "Mã xã/phường", "Không có xã/phường mã “99999”"),
    (["A1", "X", "XX", "10030", 1, 2000], "Loại hình", "không có trong danh sách"),
    (["A1", "", "DN", "10030", 1, 2000], "Tên cơ sở", "Bắt buộc"),
    (["A1", "X", "DN", "10030", 1, 1500], "Năm thành lập", "nhỏ hơn giá trị tối thiểu"),
    (["A1", "X", "DN", "10030", "=1+2", 2000], "Số lao động", "công thức"),
    (["A1", "X", "DN", "abc", 1, 2000], "Mã xã/phường", "chỉ gồm chữ số"),
])
def test_bad_cells(tmp_path, row, column, message):
    result = _import(write_xlsx(tmp_path / "f.xlsx", [HEADER, row]))
    assert result.errors[0].row == 2 and result.errors[0].column == column
    assert message in result.errors[0].message


def test_legacy_code_unknown_in_current_hierarchy(tmp_path):
    # 00001 (Phúc Xá) exists only before 2025
    result = _import(write_xlsx(tmp_path / "f.xlsx", [HEADER[:4], ["A", "X", "DN", "00001"]]))
    assert "trong hệ thống hiện hành" in result.errors[0].message
    assert import_file(user=SYSTEM, kind="establishments", path=tmp_path / "f.xlsx", hierarchy="legacy").ok


def test_bad_date(tmp_path, village):
    from khuyencong.registry.models import Establishment as E

    E.objects.create(code="E1", name="E", kind="DN", commune=village.commune)
    path = write_xlsx(tmp_path / "p.xlsx", [["code", "name", "establishment_code", "is_new_design", "design_date"],
                                            ["P", "P", "E1", "có", "31/02/2024"]])
    result = import_file(user=SYSTEM, kind="products", path=path)
    assert not result.ok and "không phải ngày hợp lệ" in result.errors[0].message


def test_duplicate_key_inside_file(tmp_path):
    rows = [HEADER[:4], ["A", "X", "DN", "10030"], ["A", "Y", "DN", "10030"]]
    result = _import(write_xlsx(tmp_path / "f.xlsx", rows))
    assert result.errors[0].row == 3 and "với dòng 2" in result.errors[0].message


def test_tax_code_format(tmp_path):
    rows = [HEADER[:4] + ["tax_code"], ["A", "X", "DN", "10030", "12345"]]
    result = _import(write_xlsx(tmp_path / "f.xlsx", rows))
    assert result.errors[0].column == "Mã số thuế" and "cần 10 chữ số" in result.errors[0].message
    rows = [HEADER[:4] + ["tax_code"], ["A", "X", "DN", "10030", 101234567],  # a number cell lost its 0
            ["B", "Y", "DN", "10030", "0101234567-001"]]
    assert import_file(user=SYSTEM, kind="establishments", path=write_xlsx(tmp_path / "g.xlsx", rows)).ok
    assert sorted(Establishment.objects.values_list("tax_code", flat=True)) == ["0101234567", "0101234567-001"]


def test_duplicate_tax_code_inside_file(tmp_path):
    result = _import(write_xlsx(tmp_path / "f.xlsx", [
        HEADER[:4] + ["tax_code"], ["A", "X", "DN", "10030", "0101000001"], ["B", "Y", "DN", "10030", "0101000001"]]))
    assert result.errors[0].column == "Mã số thuế" and "dòng 2" in result.errors[0].message


def test_header_problems(tmp_path):
    unknown = _import(write_xlsx(tmp_path / "u.xlsx", [HEADER[:4] + ["màu sắc"], ["A", "X", "DN", "10030", "đỏ"]]))
    assert "Cột “màu sắc” không có" in unknown.file_error
    missing = _import(write_xlsx(tmp_path / "m.xlsx", [["code", "name", "kind"], ["A", "X", "DN"]]))
    assert "Thiếu cột bắt buộc “Mã xã/phường”" in missing.file_error
    no_header = _import(write_xlsx(tmp_path / "n.xlsx", [["A", "X", "DN", "10030"]]))
    assert "Dòng 1 phải là dòng tiêu đề" in no_header.file_error
    only_header = _import(write_xlsx(tmp_path / "h.xlsx", [HEADER]))
    assert "không có dòng dữ liệu" in only_header.file_error


def test_empty_files(tmp_path):
    (tmp_path / "e.csv").write_bytes(b"")
    assert "Tệp rỗng" in _import(tmp_path / "e.csv").file_error
    empty_xlsx = write_xlsx(tmp_path / "e.xlsx", [])
    assert "Tệp rỗng" in _import(empty_xlsx).file_error


def test_wrong_extension_junk_and_encoding(tmp_path):
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4")
    assert "Chỉ nhận tệp .xlsx hoặc .csv" in _import(tmp_path / "a.pdf").file_error
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(os.urandom(20 * 1024 * 1024))
    assert "không phải bảng tính" in _import(junk).file_error
    junk_csv = tmp_path / "junk.csv"
    junk_csv.write_bytes(os.urandom(20 * 1024 * 1024))
    assert _import(junk_csv).file_error
    cp = write_csv(tmp_path / "cp.csv", [HEADER[:4], ["A", "Đông Sơn", "DN", "10030"]], encoding="cp1258")
    assert "không mã hoá UTF-8" in _import(cp).file_error
    utf16 = tmp_path / "u16.csv"
    utf16.write_text("code,name\nA,B\n", encoding="utf-16")
    assert "UTF-16" in _import(utf16).file_error
    assert "Không tìm thấy tệp" in _import(tmp_path / "missing.xlsx").file_error


def test_bom_and_semicolon_csv(tmp_path):
    path = write_csv(tmp_path / "bom.csv", [["Mã cơ sở", "Tên cơ sở", "Loại hình", "Mã xã/phường"],
                                            ["B1", "Cơ sở Đông Sơn", "hộ kinh doanh", "10030"]], bom=True)
    assert import_file(user=SYSTEM, kind="establishments", path=path).ok
    assert Establishment.objects.get(code="B1").kind == "HKD"
    semi = tmp_path / "semi.csv"
    semi.write_text("code;name;kind;commune_code\nB2;Cơ sở Hai;DN;10030\n", encoding="utf-8")
    assert import_file(user=SYSTEM, kind="establishments", path=semi).ok


def test_cli_exit_codes_and_messages(tmp_path, capsys):
    bad = write_xlsx(tmp_path / "bad.xlsx", [HEADER, ["A1", "X", "DN", "10030", "-1", 2000]])
    with pytest.raises(CommandError) as exc:
        call_command("import", "establishments", str(bad))
    assert exc.value.returncode == 1
    err = capsys.readouterr().err
    assert "Dòng 2, cột “Số lao động”: Không được âm (-1)." in err
    with pytest.raises(CommandError, match="Không có loại dữ liệu “nothing”"):
        call_command("import", "nothing", str(bad))
    with pytest.raises(CommandError, match="Chế độ"):
        call_command("import", "establishments", str(bad), mode="merge")
    with pytest.raises(CommandError):
        call_command("import", "establishments", str(tmp_path / "none.xlsx"))
    assert "Không tìm thấy tệp" in capsys.readouterr().err
    good = write_xlsx(tmp_path / "good.xlsx", [HEADER, ["A1", "X", "DN", "10030", 1, 2000]])
    call_command("import", "establishments", str(good), dry_run=True)
    assert not Establishment.objects.exists()
    out = capsys.readouterr()
    assert "Chạy thử" in out.out and "100%" in out.err
    call_command("import", "establishments", str(good))
    assert Establishment.objects.count() == 1


def test_valid_only_with_no_valid_row_fails(tmp_path):
    path = write_xlsx(tmp_path / "f.xlsx", [HEADER, ["A1", "X", "DN", "10030", -1, 2000]])
    with pytest.raises(CommandError):
        call_command("import", "establishments", str(path), valid_only=True)
    assert (tmp_path / "f.loi.xlsx").exists() and not Establishment.objects.exists()
