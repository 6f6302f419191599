"""core.spreadsheets.write_workbook: several sheets in one file, each formula-safe with a frozen bold header,
column formats and per-row formats (a table whose rows hold counts, money and percentages)."""

import io

from openpyxl import load_workbook

from khuyencong.core.spreadsheets import COUNT_FORMAT, PERCENT_FORMAT, YEAR_FORMAT, Sheet, write_workbook


def test_several_sheets_formats_and_text_that_stays_text():
    out = io.BytesIO()
    counts = write_workbook(out, [
        Sheet(title="Kết quả", header=["Chỉ tiêu", "Giá trị"], rows=[["Việc làm", 49_612], ["=1+2", 80.0]],
              formats={1: COUNT_FORMAT}, row_formats=[{}, {1: PERCENT_FORMAT}]),
        Sheet(title="Theo năm", header=["Năm", "Làng"], rows=[[2015, 1350]], formats={0: YEAR_FORMAT, 1: COUNT_FORMAT}),
    ])
    assert counts == [2, 1]
    book = load_workbook(io.BytesIO(out.getvalue()))
    assert book.sheetnames == ["Kết quả", "Theo năm"]
    first = book["Kết quả"]
    assert first.freeze_panes == "A2" and first["A1"].font.bold and first.auto_filter.ref == "A1:B3"
    assert (first["B2"].value, first["B2"].number_format) == (49_612, "#,##0")
    assert (first["B3"].value, first["B3"].number_format) == (80.0, '#,##0.0"%"')
    assert first["A3"].value == "=1+2" and first["A3"].data_type == "s"  # a string, never a formula
    second = book["Theo năm"]
    assert (second["A2"].value, second["A2"].number_format) == (2015, "0")
