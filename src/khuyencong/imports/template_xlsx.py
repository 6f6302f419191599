"""The downloadable template of a kind: row 1 = Vietnamese labels, drop-downs for enumerations,
and a "Hướng dẫn" sheet listing every column with its key, whether it is required, its format and codes."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from khuyencong.imports.columns import Bool, Code, Enum, Ref, UnitCode
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
    for index, col in enumerate(kind.columns, start=1):
        cell = ws.cell(row=1, column=index, value=col.label)
        cell.font = bold
        cell.fill = REQUIRED_FILL if col.required else HEADER_FILL
        ws.column_dimensions[get_column_letter(index)].width = max(14, len(col.label) + 4)
        letter = get_column_letter(index)
        choices = None
        if isinstance(col.type, Enum):
            choices = [code for code, _label in col.type.options]
        elif isinstance(col.type, Bool):
            choices = ["có", "không"]
        if choices:
            list_col += 1
            list_letter = get_column_letter(list_col)
            lists.cell(row=1, column=list_col, value=col.label).font = bold
            for r, value in enumerate(choices, start=2):
                lists.cell(row=r, column=list_col, value=value)
            source = f"='Danh mục'!${list_letter}$2:${list_letter}${len(choices) + 1}"
            dv = DataValidation(type="list", formula1=source, allow_blank=not col.required, showErrorMessage=False)
            dv.prompt = "Chọn mã trong danh sách (tên tiếng Việt cũng được chấp nhận)"
            dv.add(f"{letter}2:{letter}{DATA_ROWS}")
            ws.add_data_validation(dv)
    ws.freeze_panes = "A2"
    _text_format(ws, kind)

    guide.append([f"Mẫu nhập dữ liệu: {kind.label}"])
    guide["A1"].font = Font(bold=True, size=13)
    guide.append([kind.description])
    guide.append([
        "Dòng 1 của trang “Dữ liệu” là tên cột (tên tiếng Việt hoặc mã cột đều được, thứ tự tuỳ ý); dữ liệu từ dòng 2. "
        "Cột tô cam là bắt buộc. Khoá để khớp bản ghi: "
        + " + ".join(f"{kind.column(k).label} ({k})" for k in kind.key_columns)
        + ("; khoá phụ: " + ", ".join(f"{kind.column(k).label} ({k})" for k in kind.secondary_keys)
           if kind.secondary_keys else "")
        + "."
    ])
    guide.append([
        "Nhập tất cả hoặc không gì cả: nếu một dòng lỗi, không dòng nào được ghi (trừ khi chọn “chỉ ghi dòng hợp lệ”). "
        "Chế độ: “Thêm mới hoặc cập nhật” (mặc định), “Chỉ thêm mới” (mã đã có là lỗi), “Chỉ cập nhật” (mã chưa "
        "có là lỗi); lệnh khuyencong import: --mode upsert, create, update. Cột để trống khi sửa sẽ xoá giá trị; "
        "cột không có trong tệp giữ nguyên."
    ])
    guide.append([])
    header = ["Tên cột", "Mã cột", "Bắt buộc", "Định dạng", "Ghi chú"]
    guide.append(header)
    for cell in guide[guide.max_row]:
        cell.font = bold
        cell.fill = HEADER_FILL
    for col in kind.columns:
        guide.append([col.label, col.key, "có" if col.required else "", col.type.description, col.note])
    for letter, width in zip("ABCDE", (26, 20, 10, 70, 50), strict=True):
        guide.column_dimensions[letter].width = width
    for row in guide.iter_rows(min_row=2, max_row=4):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _text_format(ws, kind: Kind) -> None:
    """Codes as text, so Excel keeps leading zeros (00004) when the user types them."""
    for index, col in enumerate(kind.columns, start=1):
        if isinstance(col.type, (Code, UnitCode, Ref)):
            letter = get_column_letter(index)
            ws.column_dimensions[letter].number_format = "@"
