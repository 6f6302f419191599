"""Reading a spreadsheet as rows of cell values: XLSX (openpyxl read-only, streamed) or CSV (UTF-8, BOM or not).

The format is decided by the content first (an XLSX is a zip), then by the extension; anything else
gets a clear message. Row numbers are those the spreadsheet shows: the header is row 1.

A formula cell of an XLSX is read as `Formula` (its text, "=…"), so the import can refuse it while a
string cell that merely starts with "=" (as our exports write user text) is read as the text it is.
A CSV whose header carries `core.spreadsheets.CSV_EXPORT_MARKER` was written by our export: its leading '
escapes are removed and the marker column is dropped.
"""

import codecs
import csv
import zipfile
from collections.abc import Iterator
from pathlib import Path

from khuyencong.core.spreadsheets import CSV_EXPORT_MARKER, csv_unescape


class FileFormatError(ValueError):
    """The file cannot be read at all; the message is shown to the user as is."""


class Formula(str):
    """The text of an XLSX formula cell ("=SUM(A1:A3)"), as opposed to a string cell."""


ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"


def sniff_format(path: Path, name: str | None = None) -> str:
    name = (name or path.name).lower()
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except FileNotFoundError:
        raise FileFormatError(f"Không tìm thấy tệp “{path}”.") from None
    except IsADirectoryError:
        raise FileFormatError(f"“{path}” là thư mục, không phải tệp.") from None
    except PermissionError:
        raise FileFormatError(f"Không có quyền đọc tệp “{path}”.") from None
    if size == 0:
        raise FileFormatError("Tệp rỗng: không có dòng tiêu đề và không có dữ liệu.")
    suffix = Path(name).suffix
    if head.startswith(ZIP_MAGIC):
        if suffix not in (".xlsx", ".xlsm", ".csv", ""):
            raise FileFormatError(f"Chỉ nhận tệp .xlsx hoặc .csv, không nhận “{suffix}”.")
        return "xlsx"
    if head.startswith(OLE_MAGIC) or suffix == ".xls":
        raise FileFormatError("Tệp Excel 97–2003 (.xls) không được hỗ trợ: hãy mở bằng Excel và lưu thành .xlsx.")
    if suffix in (".xlsx", ".xlsm"):
        raise FileFormatError(
            "Tệp có đuôi .xlsx nhưng nội dung không phải bảng tính Excel (tệp hỏng hoặc sai định dạng).")
    if suffix not in (".csv", ".txt"):
        raise FileFormatError(f"Chỉ nhận tệp .xlsx hoặc .csv, không nhận “{suffix or name}”.")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise FileFormatError("Tệp CSV mã hoá UTF-16: hãy lưu lại bằng “CSV UTF-8 (phân cách bằng dấu phẩy)”.")
    if b"\x00" in head:
        raise FileFormatError("Tệp không phải văn bản CSV (có ký tự nhị phân).")
    return "csv"


class Table:
    """Header cells and an iterator of (row number, cell values); `total` is an estimate for progress."""

    def __init__(self, header: list, rows: Iterator[tuple[int, list]], total: int | None, fmt: str, closer=None):
        self.header = header
        self.rows = rows
        self.total = total
        self.format = fmt
        self._closer = closer

    def close(self):
        if self._closer:
            self._closer()


def open_table(path: str | Path, name: str | None = None) -> Table:
    path = Path(path)
    fmt = sniff_format(path, name)
    return _open_xlsx(path) if fmt == "xlsx" else _open_csv(path)


def _open_xlsx(path: Path) -> Table:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise FileFormatError(
            f"Không đọc được tệp XLSX (tệp hỏng hoặc không phải bảng tính): {exc.__class__.__name__}.") from None
    try:
        # The template's data sheet when present (a user may have moved "Hướng dẫn" first), else the first.
        ws = wb["Dữ liệu"] if "Dữ liệu" in wb.sheetnames else wb.worksheets[0]
    except IndexError:
        wb.close()
        raise FileFormatError("Tệp XLSX không có trang tính nào.") from None
    rows = (_values(cells) for cells in ws.iter_rows())
    header = None
    for first in rows:
        header = first
        break
    if header is None or all(_blank(v) for v in header):
        wb.close()
        raise FileFormatError("Tệp rỗng: dòng 1 phải là dòng tiêu đề (tên cột).")
    total = ws.max_row - 1 if ws.max_row else None

    def iterate():
        yield from enumerate(rows, start=2)

    return Table(header, iterate(), total, "xlsx", closer=wb.close)


def _values(cells) -> list:
    return [Formula(cell.value) if cell.data_type == "f" else cell.value for cell in cells]


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _open_csv(path: Path) -> Table:
    fh = open(path, encoding="utf-8-sig", errors="strict", newline="")  # noqa: SIM115 (closed by Table.close)
    try:
        first_line = fh.readline()
    except UnicodeDecodeError:
        fh.close()
        raise FileFormatError(
            "Tệp CSV không mã hoá UTF-8 (có thể là Windows-1258 hoặc TCVN3): hãy lưu lại bằng “CSV UTF-8”."
        ) from None
    if not first_line.strip():
        fh.close()
        raise FileFormatError("Tệp rỗng: dòng 1 phải là dòng tiêu đề (tên cột).")
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    header = next(csv.reader([first_line], delimiter=delimiter))
    exported = CSV_EXPORT_MARKER in (cell.strip() for cell in header)
    if exported:
        header = [None if cell.strip() == CSV_EXPORT_MARKER else cell for cell in header]
    with open(path, "rb") as counter:
        total = sum(chunk.count(b"\n") for chunk in iter(lambda: counter.read(1 << 20), b"")) - 1

    def iterate():
        reader = csv.reader(fh, delimiter=delimiter)
        number = 1
        try:
            for values in reader:
                number += 1
                yield number, [csv_unescape(value) for value in values] if exported else values
        except UnicodeDecodeError:
            raise FileFormatError(
                f"Tệp CSV không mã hoá UTF-8 (lỗi gần dòng {number + 1}): hãy lưu lại bằng “CSV UTF-8”."
            ) from None
        except csv.Error as exc:
            raise FileFormatError(f"Tệp CSV sai định dạng gần dòng {number + 1}: {exc}.") from None

    return Table(header, iterate(), max(total, 0), "csv", closer=fh.close)


