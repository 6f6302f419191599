import datetime

from openpyxl import load_workbook

from khuyencong.core.spreadsheets import DATE_FORMAT, MONEY_FORMAT, write_sheet


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
