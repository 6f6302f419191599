"""Row 1: which column of the file is which column of the kind (by key or Vietnamese label, any order).

Every header problem is reported at once, and each once: an unknown column, a column given twice, a
missing required column, in one message (`result.file_error`, the run's summary) that lists the known
columns a single time when a column is unknown. They are not row errors as well, so neither the run page
nor the command prints them twice.
The rejects file (`writer.write_rejects`) adds a "Dòng" column before the row's cells and a "Lỗi" column
after them; a rejects file corrected and uploaded again is read as the data it holds, without those two.
"""

from khuyencong.core.text import fold
from khuyencong.imports.context import ImportContext

REJECTS_COLUMNS = ("Dòng", "Lỗi")


def map_header(ctx: ImportContext, header: list) -> None:
    """Fill `ctx.positions` with (index, Column); a bad header sets `ctx.result.file_error`."""
    kind = ctx.kind
    ctx.header = list(header)
    lookup = {}
    for col in kind.columns:
        lookup[fold(col.key)] = col
        lookup[fold(col.label)] = col
    ignored = {fold(text) for text in REJECTS_COLUMNS} - set(lookup)
    used: dict[str, int] = {}
    unknown, problems = [], []
    for index, cell in enumerate(header):
        text = "" if cell is None else str(cell).strip().rstrip("*").strip()
        if not text or fold(text) in ignored:
            continue
        col = lookup.get(fold(text))
        if col is None:
            unknown.append(text)
            continue
        if col.key in used:
            problems.append(f"Cột “{col.label}” xuất hiện hai lần (cột {used[col.key] + 1} và {index + 1}).")
            continue
        used[col.key] = index
        ctx.positions.append((index, col))
    expected = f"Các cột của “{kind.label}”: " + ", ".join(f"{c.key} ({c.label})" for c in kind.columns) + "."
    if not ctx.positions:
        ctx.result.file_error = ("Dòng 1 phải là dòng tiêu đề với tên cột (mã hoặc tên tiếng Việt); "
                                 f"không nhận ra cột nào. {expected}")
        return
    problems += [f"Cột “{text}” không có trong loại dữ liệu “{kind.label}”." for text in unknown]
    # In update mode a file may carry only the key and the columns to change.
    needed = kind.required_columns if ctx.mode != "update" else [
        c for c in kind.required_columns if c.key in kind.key_columns]
    for col in needed:
        if col.key not in used:
            problems.append(f"Thiếu cột bắt buộc “{col.label}” ({col.key}).")
    if problems:
        ctx.result.file_error = " ".join(["Dòng tiêu đề có lỗi:", *problems, *([expected] if unknown else [])])
