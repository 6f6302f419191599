"""The report's tables as an XLSX workbook, one sheet each, through the shared formula-safe writer
(`core.spreadsheets.write_workbook`): numbers stay numbers with their formats (1.350; money in đồng;
80,0%), the header row bold and frozen."""

from khuyencong.core.spreadsheets import Sheet, write_workbook


def write_xlsx(content, target) -> None:
    write_workbook(target, [Sheet(title=table.sheet, header=table.header, rows=table.values, formats=table.formats,
                                  row_formats=table.row_formats) for table in content.tables])
