"""The one way data leaves the platform as a spreadsheet, XLSX or CSV.

Safe from formula injection (CWE-1236): anything a user typed may end up in a province-wide file that the
Centre opens, so
- XLSX: text is always a string cell, never a formula (openpyxl would store "=…" as one) nor an error
  value ("#N/A"); characters XLSX cannot hold (control characters pasted from Word) become spaces.
- CSV: a text field starting with =, +, -, @, tab or CR gets a leading ' (OWASP's advice), and so does one
  that already starts with ', so that the escape can be undone exactly. The header carries
  `CSV_EXPORT_MARKER` as its last cell: the import reader removes the ' only in files that have it.

Readable by people: column widths fit the header and the first rows (capped), the header row is bold and
frozen with an autofilter, money and counts show 1.350.000 (`#,##0`), dates are date cells shown
dd/mm/yyyy, and code columns are text (leading zeros stay).

XLSX lists are written by openpyxl's write-only workbook, rows taken from an iterator, so a million rows
never sit in memory; CSV is written or streamed in chunks.
"""

import csv
import datetime
import decimal
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import chain, islice

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD/MM/YYYY"
MONEY_FORMAT = "#,##0"
COUNT_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.0"
PERCENT_FORMAT = '#,##0.0"%"'  # a share stored as a percent (80.0 shows 80,0%), not as a fraction
YEAR_FORMAT = "0"  # 2015, never 2.015
TEXT_FORMAT = "@"

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# The last header cell of every CSV export: tells the import that a leading ' is our escape, and tells a
# person opening the file what the ' means.
CSV_EXPORT_MARKER = "[Tệp xuất từ Khuyến công — dấu ' ở đầu ô là ký tự bảo vệ]"

SAMPLE_ROWS = 500  # rows read ahead to size the columns (widths must be written before the rows)
MAX_WIDTH = 60
MIN_WIDTH = 6
_ERRORS = frozenset(ERROR_CODES)
_BOLD = Font(bold=True)


# --- text that must stay text -----------------------------------------------------------------------
def csv_escape(value):
    """A CSV field: text starting like a formula (or with ') gets a leading '; other values are unchanged."""
    if isinstance(value, str) and value and (value[0] in FORMULA_START or value[0] == "'"):
        return "'" + value
    return value


def csv_unescape(text):
    """Undo `csv_escape` (for files that carry CSV_EXPORT_MARKER)."""
    if isinstance(text, str) and len(text) > 1 and text[0] == "'" and (text[1] in FORMULA_START or text[1] == "'"):
        return text[1:]
    return text


def _needs_text_cell(value: str) -> bool:
    return value[:1] == "=" or value in _ERRORS or ILLEGAL_CHARACTERS_RE.search(value) is not None


def _clean(value: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub(" ", value)


def text_cell(sheet, value: str, number_format: str | None = None) -> WriteOnlyCell:
    """A write-only cell that holds `value` as a string, whatever it starts with."""
    cell = WriteOnlyCell(sheet, value=None)
    cell.value = _clean(value)
    cell.data_type = "s"  # set after the value: openpyxl turns "=…" into a formula when binding it
    if number_format:
        cell.number_format = number_format
    return cell


def put(sheet, row: int, column: int, value):
    """Set one cell of an ordinary (not write-only) sheet; text stays text. Returns the cell."""
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = _clean(value)
        cell.data_type = "s"
    else:
        cell.value = _excel_value(value)
    return cell


def append(sheet, values: Iterable) -> None:
    """`sheet.append` for an ordinary (small) sheet, with text kept as text."""
    values = [_clean(v) if isinstance(v, str) else _excel_value(v) for v in values]
    sheet.append(values)
    if any(isinstance(v, str) for v in values):
        row = sheet.max_row  # the row just written: it has at least one cell
        for column, value in enumerate(values, start=1):
            if isinstance(value, str):
                sheet.cell(row=row, column=column).data_type = "s"


def _excel_value(value):
    # XLSX has no time zones: an aware datetime is written as the local wall time.
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        from django.utils import timezone

        return timezone.localtime(value).replace(tzinfo=None)
    return value


# --- sizing and the header ----------------------------------------------------------------------------
def _shown_length(value, number_format: str | None) -> int:
    if value is None:
        return 0
    if isinstance(value, (datetime.date, datetime.datetime)):
        return 10 if not isinstance(value, datetime.datetime) or number_format == DATE_FORMAT else 16
    if isinstance(value, bool):
        return 5
    if isinstance(value, (int, float, decimal.Decimal)):
        if number_format in (MONEY_FORMAT, COUNT_FORMAT):
            return len(f"{value:,.0f}")
        if number_format in (DECIMAL_FORMAT, PERCENT_FORMAT):
            return len(f"{value:,.1f}") + (number_format == PERCENT_FORMAT)
        return len(str(value))
    return max((len(line) for line in str(value).splitlines()), default=0)


def column_widths(header: list, rows: Iterable[list], formats: Mapping[int, str] | None = None) -> list[float]:
    """Widths (in characters) that fit the header and the given rows, capped at MAX_WIDTH."""
    formats = formats or {}
    # A bold header needs a little more room, and the autofilter's button two characters.
    widths = [len(str(label)) * 1.1 + 4 for label in header]
    for row in rows:
        for index, value in enumerate(row[:len(widths)]):
            widths[index] = max(widths[index], _shown_length(value, formats.get(index)) + 2)
    return [round(min(MAX_WIDTH, max(MIN_WIDTH, width)), 1) for width in widths]


def style_columns(sheet, widths: list[float], formats: Mapping[int, str] | None = None) -> None:
    """Widths, and the text format on code columns (so a code typed later keeps its leading zeros)."""
    formats = formats or {}
    for index, width in enumerate(widths):
        dimension = sheet.column_dimensions[get_column_letter(index + 1)]
        dimension.width = width
        if formats.get(index) in (TEXT_FORMAT, DATE_FORMAT, MONEY_FORMAT, DECIMAL_FORMAT, PERCENT_FORMAT):
            dimension.number_format = formats[index]


def header_filter(sheet, columns: int, last_row: int) -> None:
    """The header row frozen, with an autofilter over the data; printed landscape, the header on every page."""
    sheet.freeze_panes = "A2"
    sheet.page_setup.orientation = "landscape"
    sheet.print_title_rows = "1:1"
    if columns:
        sheet.auto_filter.ref = f"A1:{get_column_letter(columns)}{max(last_row, 1)}"


# --- XLSX ---------------------------------------------------------------------------------------------
def write_sheet(target, *, title: str, header: list, rows: Iterable[list],
                formats: Mapping[int, str] | None = None) -> int:
    """Write one sheet to `target` (a path or a binary file). `formats` maps a column index to a number
    format (MONEY_FORMAT, COUNT_FORMAT, DECIMAL_FORMAT, PERCENT_FORMAT, YEAR_FORMAT, DATE_FORMAT,
    TEXT_FORMAT); dates get DATE_FORMAT anyway. Returns the number of data rows."""
    workbook = Workbook(write_only=True)
    count = _add_sheet(workbook, Sheet(title=title, header=header, rows=rows, formats=formats))
    workbook.save(target)
    return count


@dataclass
class Sheet:
    """One sheet of `write_workbook`: a bold frozen header, then rows. `row_formats`, aligned with the
    rows, overrides a column's format in one row (a table whose rows hold counts, money and percents)."""

    title: str
    header: list
    rows: Iterable[list]
    formats: Mapping[int, str] | None = None
    row_formats: list[Mapping[int, str]] | None = None


def write_workbook(target, sheets: Iterable[Sheet]) -> list[int]:
    """Several sheets in one XLSX file, each like `write_sheet`; returns each sheet's number of data rows."""
    workbook = Workbook(write_only=True)
    counts = [_add_sheet(workbook, sheet) for sheet in sheets]
    workbook.save(target)
    return counts


def _add_sheet(workbook, spec: Sheet) -> int:
    formats = dict(spec.formats or {})
    sheet = workbook.create_sheet(str(spec.title)[:31])
    rows = iter(spec.rows)
    sample = [list(row) for row in islice(rows, SAMPLE_ROWS)]
    style_columns(sheet, column_widths(spec.header, sample, formats), formats)
    sheet.freeze_panes = "A2"  # before the first row: write-only sheets write their view first
    head = []
    for label in spec.header:
        cell = text_cell(sheet, str(label))
        cell.font = _BOLD
        head.append(cell)
    sheet.append(head)
    count = 0
    row_formats = list(spec.row_formats or [])
    for row in chain(sample, rows):
        own = {**formats, **row_formats[count]} if count < len(row_formats) else formats
        sheet.append(_row_cells(sheet, row, own))
        count += 1
    header_filter(sheet, len(spec.header), count + 1)
    return count


def _row_cells(sheet, row, formats: dict) -> list:
    out = list(row)
    for index, value in enumerate(out):
        if value is None:
            continue
        if isinstance(value, str):
            if _needs_text_cell(value):
                out[index] = text_cell(sheet, value)
            continue
        number_format = formats.get(index)
        if isinstance(value, datetime.date):
            cell = WriteOnlyCell(sheet, value=_excel_value(value))
            cell.number_format = DATE_FORMAT if number_format in (None, TEXT_FORMAT) else number_format
            out[index] = cell
        elif number_format and number_format != TEXT_FORMAT and not isinstance(value, bool):
            cell = WriteOnlyCell(sheet, value=value)
            cell.number_format = number_format
            out[index] = cell
        elif number_format == TEXT_FORMAT:
            out[index] = text_cell(sheet, str(value))
    return out


# --- CSV ----------------------------------------------------------------------------------------------
class _Echo:
    def write(self, value):
        return value


def csv_chunks(header: list, rows: Iterable[list], *, chunk: int = 500) -> Iterator[str]:
    """CSV text for streaming: UTF-8 BOM (for Excel) and the marked header, then `chunk` rows at a time."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([*header, CSV_EXPORT_MARKER])
    buffer = []
    for row in rows:
        buffer.append(writer.writerow([csv_escape(value) for value in row]))
        if len(buffer) >= chunk:
            yield "".join(buffer)
            buffer = []
    if buffer:
        yield "".join(buffer)


def write_csv(path, *, header: list, rows: Iterable[list]) -> int:
    """Write a CSV file (UTF-8 with BOM); returns the number of data rows."""
    count = 0
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([*header, CSV_EXPORT_MARKER])
        for row in rows:
            writer.writerow([csv_escape(value) for value in row])
            count += 1
    return count
