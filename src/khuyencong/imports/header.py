"""Row 1: which column of the file is which column of the kind (by key or Vietnamese label, any order)."""

from khuyencong.core.text import fold
from khuyencong.imports.context import ImportContext
from khuyencong.imports.results import RowError


def map_header(ctx: ImportContext, header: list) -> None:
    """Fill `ctx.positions` with (index, Column); a bad header sets `ctx.result.file_error`."""
    kind = ctx.kind
    ctx.header = list(header)
    lookup = {}
    for col in kind.columns:
        lookup[fold(col.key)] = col
        lookup[fold(col.label)] = col
    used: dict[str, int] = {}
    unknown = []
    for index, cell in enumerate(header):
        text = "" if cell is None else str(cell).strip().rstrip("*").strip()
        if not text:
            continue
        col = lookup.get(fold(text))
        if col is None:
            unknown.append(text)
            continue
        if col.key in used:
            _error(ctx, text, f"Cột “{col.label}” xuất hiện hai lần (cột {used[col.key] + 1} và {index + 1}).")
            continue
        used[col.key] = index
        ctx.positions.append((index, col))
    expected = ", ".join(f"{c.key} ({c.label})" for c in kind.columns)
    if not ctx.positions:
        ctx.result.file_error = (
            "Dòng 1 phải là dòng tiêu đề với tên cột (mã hoặc tên tiếng Việt); không nhận ra cột nào. "
            f"Các cột của “{kind.label}”: {expected}."
        )
        return
    for text in unknown:
        _error(ctx, text, f"Cột “{text}” không có trong loại dữ liệu “{kind.label}”. Các cột: {expected}.")
    # In update mode a file may carry only the key and the columns to change.
    needed = kind.required_columns if ctx.mode != "update" else [
        c for c in kind.required_columns if c.key in kind.key_columns]
    for col in needed:
        if col.key not in used:
            _error(ctx, col.label, f"Thiếu cột bắt buộc “{col.label}” ({col.key}).")
    if ctx.result.errors:
        ctx.result.file_error = "Dòng tiêu đề có lỗi: " + " ".join(e.message for e in ctx.result.errors)


def _error(ctx: ImportContext, column: str, message: str) -> None:
    ctx.result.errors.append(RowError(1, column, message))
