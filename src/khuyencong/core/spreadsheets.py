"""The one way lists become XLSX: openpyxl's write-only workbook, a bold header, number formats by column,
rows taken from an iterator so a million rows never sit in memory."""

from collections.abc import Iterable, Mapping

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD/MM/YYYY"
MONEY_FORMAT = "#,##0"


def write_sheet(target, *, title: str, header: list, rows: Iterable[list],
                formats: Mapping[int, str] | None = None) -> int:
    """Write one sheet to `target` (a path or a binary file); `formats` maps column index → number format.
    Returns the number of data rows."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(title)[:31])
    bold = Font(bold=True)
    head = []
    for label in header:
        cell = WriteOnlyCell(sheet, value=str(label))
        cell.font = bold
        head.append(cell)
    sheet.append(head)
    formats = formats or {}
    count = 0
    for row in rows:
        if formats:
            row = list(row)
            for index, number_format in formats.items():
                if row[index] not in (None, ""):
                    cell = WriteOnlyCell(sheet, value=row[index])
                    cell.number_format = number_format
                    row[index] = cell
        sheet.append(row)
        count += 1
    workbook.save(target)
    return count
