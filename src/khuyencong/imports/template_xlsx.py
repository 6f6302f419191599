"""The downloadable template of a kind: row 1 = Vietnamese labels (bold, frozen, with an autofilter), drop-downs
for enumerations, number formats by column (codes as text), and a "Hướng dẫn" sheet listing every column with
its key, whether it is required, its format and codes. Cells are written through core.spreadsheets (text
stays text)."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from khuyencong.core.spreadsheets import append, column_widths, header_filter, put, style_columns
from khuyencong.imports.columns import Bool, Enum
from khuyencong.imports.export import column_formats
from khuyencong.imports.kinds.base import Kind

REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
DATA_ROWS = 5000


def build_template(kind: Kind) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Dữ liệu"
    lists = wb.create_sheet("Danh mục")
    guide = wb.create_sheet("Hướng dẫn")
    bold = Font(bold=True)
    list_col = 0
    header = [col.label for col in kind.columns]
    formats = column_formats(kind.columns)
    # Number formats on the whole column: what the user types becomes 1.350, dd/mm/yyyy, or stays a code.
    style_columns(ws, [max(14, width) for width in column_widths(header, [], formats)], formats)
    for index, col in enumerate(kind.columns, start=1):
        cell = put(ws, 1, index, col.label)
        cell.font = bold
        cell.fill = REQUIRED_FILL if col.required else HEADER_FILL
        letter = get_column_letter(index)
        choices = None
        if isinstance(col.type, Enum):
            choices = [code for code, _label in col.type.options]
        elif isinstance(col.type, Bool):
            choices = ["có", "không"]
        if choices:
            list_col += 1
            list_letter = get_column_letter(list_col)
            put(lists, 1, list_col, col.label).font = bold
            for r, value in enumerate(choices, start=2):
                put(lists, r, list_col, value)
            source = f"='Danh mục'!${list_letter}$2:${list_letter}${len(choices) + 1}"
            dv = DataValidation(type="list", formula1=source, allow_blank=not col.required, showErrorMessage=False)
            dv.prompt = "Chọn mã trong danh sách (tên tiếng Việt cũng được chấp nhận)"
            dv.add(f"{letter}2:{letter}{DATA_ROWS}")
            ws.add_data_validation(dv)
    header_filter(ws, len(kind.columns), 1)

    append(guide, [f"Mẫu nhập dữ liệu: {kind.label}"])
    guide["A1"].font = Font(bold=True, size=13)
    append(guide, [kind.description])
    append(guide, [
        "Dòng 1 của trang “Dữ liệu” là tên cột (tên tiếng Việt hoặc mã cột đều được, thứ tự tuỳ ý); dữ liệu từ dòng 2. "
        "Cột tô cam là bắt buộc. Khoá để khớp bản ghi: "
        + (" + ".join(f"{kind.column(k).label} ({k})" for k in kind.identity_columns) + " khi dòng có đủ, nếu không "
           if kind.identity_columns else "")
        + " + ".join(f"{kind.column(k).label} ({k})" for k in kind.key_columns)
        + ("; khoá phụ: " + ", ".join(f"{kind.column(k).label} ({k})" for k in kind.secondary_keys)
           if kind.secondary_keys else "")
        + "."
    ])
    append(guide, [
        "Nhập tất cả hoặc không gì cả: nếu một dòng lỗi, không dòng nào được ghi (trừ khi chọn “chỉ ghi dòng hợp lệ”). "
        "Chế độ: “Thêm mới hoặc cập nhật” (mặc định), “Chỉ thêm mới” (mã đã có là lỗi), “Chỉ cập nhật” (mã chưa "
        "có là lỗi); lệnh khuyencong import: --mode upsert, create, update. Cột để trống khi sửa sẽ xoá giá trị; "
        "cột không có trong tệp giữ nguyên."
    ])
    guide.append([])
    append(guide, ["Tên cột", "Mã cột", "Bắt buộc", "Định dạng", "Ghi chú"])
    for cell in guide[guide.max_row]:
        cell.font = bold
        cell.fill = HEADER_FILL
    for col in kind.columns:
        append(guide, [col.label, col.key, "có" if col.required else "", col.type.description, col.note])
    for letter, width in zip("ABCDE", (26, 20, 10, 70, 50), strict=True):
        guide.column_dimensions[letter].width = width
    for row in guide.iter_rows(min_row=2, max_row=4):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()

