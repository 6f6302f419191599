"""What an import found: row errors, the plan for each valid row, and the summary."""

from dataclasses import dataclass, field

from khuyencong.geo.models import Hierarchy


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"Dòng {self.row}" + (f", cột “{self.column}”" if self.column else "")
        return f"{where}: {self.message}"


@dataclass
class Plan:
    """A valid row: its values (column space), the record it matches, and what changes."""

    row: int
    values: dict
    pk: int | None = None
    changes: dict = field(default_factory=dict)
    # The row's cells, kept only for kinds with `check_plans` (a late rejection goes to the rejects file).
    cells: list | None = None


@dataclass
class ImportResult:
    kind: str
    mode: str = "upsert"
    hierarchy: str = Hierarchy.CURRENT
    dry_run: bool = False
    valid_only: bool = False
    file_error: str | None = None
    errors: list[RowError] = field(default_factory=list)
    total_rows: int = 0
    valid_rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    matched_by_secondary: int = 0
    crafts_added: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    duplicate_count: int = 0
    rejects_path: str | None = None
    written: bool = False
    # Kinds' own notes: warnings that do not refuse a row, and what `after_write` wrote.
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        # With valid_only, rejected rows are expected, but a file with no valid row at all still fails.
        return self.file_error is None and (not self.errors or (self.valid_only and self.valid_rows > 0))

    @property
    def rejected_rows(self) -> int:
        return len({e.row for e in self.errors})

    def summary_lines(self) -> list[str]:
        if self.file_error:
            return [self.file_error]
        lines = [f"Số dòng dữ liệu: {self.total_rows}; hợp lệ: {self.valid_rows}; lỗi: {self.rejected_rows}."]
        if self.written:
            lines.append(f"Đã ghi: thêm mới {self.created}, cập nhật {self.updated}, không đổi {self.unchanged}.")
        elif self.dry_run and not self.errors:
            lines.append(
                f"Chạy thử (không ghi): sẽ thêm mới {self.created}, cập nhật {self.updated}, "
                f"không đổi {self.unchanged}."
            )
        elif self.errors and not self.valid_only:
            lines.append("Không ghi dòng nào: tệp có lỗi (nhập tất cả hoặc không nhập gì). "
                         "Sửa các dòng lỗi rồi nhập lại.")
        if self.matched_by_secondary:
            lines.append(f"Khớp theo mã số thuế: {self.matched_by_secondary} bản ghi.")
        if self.crafts_added:
            verb = "Sẽ thêm" if not self.written else "Đã thêm"
            lines.append(f"{verb} vào danh mục nghề: " + ", ".join(self.crafts_added) + ".")
        if self.duplicate_count:
            lines.append(f"Nghi trùng (cùng tên chuẩn hoá trong cùng xã, chưa gộp): {self.duplicate_count}.")
        lines.extend(self.notes)
        lines.extend(self.warnings)
        if self.rejects_path:
            lines.append(f"Các dòng lỗi đã lưu vào: {self.rejects_path}")
        return lines
