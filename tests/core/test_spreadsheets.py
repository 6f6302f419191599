import datetime

import pytest
from openpyxl import load_workbook

from khuyencong.core.spreadsheets import (
    CSV_EXPORT_MARKER,
    DATE_FORMAT,
    MAX_WIDTH,
    MONEY_FORMAT,
    TEXT_FORMAT,
    csv_chunks,
    csv_escape,
    csv_unescape,
    write_csv,
    write_sheet,
)


def test_write_sheet_bold_header_formats_and_row_count(tmp_path):
    path = tmp_path / "list.xlsx"
    rows = iter([["KC-1", datetime.date(2016, 4, 14), 170_000_000], ["KC-2", None, None]])
    count = write_sheet(path, title="Đề án", header=["Mã", "Ngày", "Kinh phí"], rows=rows,
                        formats={1: DATE_FORMAT, 2: MONEY_FORMAT})
    sheet = load_workbook(path).active
    assert count == 2 and sheet.title == "Đề án"
    assert [c.value for c in sheet[1]] == ["Mã", "Ngày", "Kinh phí"] and sheet["A1"].font.bold
    assert sheet["B2"].value == datetime.datetime(2016, 4, 14) and sheet["B2"].number_format == DATE_FORMAT
    assert sheet["C2"].value == 170_000_000 and sheet["C2"].number_format == MONEY_FORMAT
    assert sheet["B3"].value is None


def test_header_frozen_filtered_and_columns_sized(tmp_path):
    path = tmp_path / "list.xlsx"
    write_sheet(path, title="Danh sách", header=["Mã xã", "Ghi chú rất dài ở tiêu đề cột", "Kinh phí (đồng)"],
                rows=[["00004", "x" * 500, 1_600_000_000]], formats={0: TEXT_FORMAT, 2: MONEY_FORMAT})
    sheet = load_workbook(path).active
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:C2"
    assert sheet.page_setup.orientation == "landscape" and sheet.print_title_rows == "$1:$1"
    widths = [sheet.column_dimensions[letter].width for letter in "ABC"]
    assert widths[0] >= len("Mã xã") and widths[1] == MAX_WIDTH and widths[2] >= len("1.600.000.000")
    assert sheet["A2"].data_type == "s" and sheet.column_dimensions["A"].number_format == TEXT_FORMAT


def test_text_stays_text_in_xlsx(tmp_path):
    """Formulas, error values and characters XLSX cannot hold (a vertical tab pasted from Word) never break a file."""
    path = tmp_path / "text.xlsx"
    aware = datetime.datetime(2026, 1, 2, 3, 4, tzinfo=datetime.UTC)
    write_sheet(path, title="T", header=["a", "b", "c", "d"],
                rows=[["=1+1", "#N/A", "dòng một\x0bdòng hai", aware], [1, "-2", "+3", "@4"]])
    sheet = load_workbook(path).active
    assert [c.data_type for c in sheet[2]][:3] == ["s", "s", "s"]
    assert [c.value for c in sheet[2]][:3] == ["=1+1", "#N/A", "dòng một dòng hai"]
    assert sheet["D2"].value == datetime.datetime(2026, 1, 2, 10, 4)  # Hanoi wall time
    assert sheet["A3"].value == 1 and [c.data_type for c in sheet[3]][1:] == ["s", "s", "s"]


@pytest.mark.parametrize("text", ["=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tx", "\rx", "'=x", "'",
                                  "''", "'abc", "abc", "", "Hà Nội"])
def test_csv_escape_is_undone_exactly(text):
    escaped = csv_escape(text)
    assert not escaped.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert csv_unescape(escaped) == text


def test_csv_has_bom_marker_and_escapes(tmp_path):
    path = tmp_path / "x.csv"
    assert write_csv(path, header=["Tên", "Số"], rows=[["=1+1", -5], ["Bình", 3]]) == 2
    text = path.read_bytes().decode("utf-8")
    assert text.startswith("\ufeff")
    lines = text.lstrip("\ufeff").splitlines()
    assert lines[0] == f"Tên,Số,{CSV_EXPORT_MARKER}"
    assert lines[1:] == ["'=1+1,-5", "Bình,3"]  # a number is not text: -5 stays a number
    assert "".join(csv_chunks(["Tên", "Số"], [["=1+1", -5], ["Bình", 3]])) == text
