"""Reading an uploaded XLSX (openpyxl read-only) or CSV (UTF-8, `,` or `;`) file into rows of cells."""

import csv
import io

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_ROWS = 20000
MAX_BYTES = 10 * 1024 * 1024


def read_cells(upload) -> list[list]:
    name = (getattr(upload, "name", "") or "").lower()
    if getattr(upload, "size", 0) > MAX_BYTES:
        raise ValidationError(_("Tệp lớn hơn 10 MB."))
    data = upload.read()
    if name.endswith(".csv"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(_("Tệp CSV phải được lưu với mã hoá UTF-8.")) from None
        dialect = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
        return [row for row in csv.reader(io.StringIO(text), delimiter=dialect)]
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception:  # openpyxl raises many kinds for a damaged file
            raise ValidationError(_("Không đọc được tệp XLSX (tệp hỏng hoặc không phải Excel).")) from None
        try:
            return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
        finally:
            workbook.close()
    raise ValidationError(_("Chỉ nhận tệp .xlsx hoặc .csv."))


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


