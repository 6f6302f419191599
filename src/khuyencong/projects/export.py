"""XLSX export of the filtered list: core.spreadsheets.write_sheet (formula-safe, formatted) into a temporary
file, then streamed in chunks."""

import tempfile
from collections.abc import Iterator

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khuyencong.core.spreadsheets import COUNT_FORMAT, DATE_FORMAT, MONEY_FORMAT, TEXT_FORMAT, write_sheet

CHUNK = 64 * 1024

COLUMNS = [
    ("code", gettext_lazy("Mã đề án")), ("title", gettext_lazy("Tên đề án")),
    ("activity", gettext_lazy("Nội dung")), ("funding_source", gettext_lazy("Nguồn kinh phí")),
    ("plan_year", gettext_lazy("Năm kế hoạch")), ("state", gettext_lazy("Trạng thái")),
    ("commune", gettext_lazy("Xã/phường")), ("estimated_cost", gettext_lazy("Tổng dự toán (đồng)")),
    ("requested_funds", gettext_lazy("Kinh phí đề nghị (đồng)")),
    ("approved_funds", gettext_lazy("Kinh phí duyệt (đồng)")),
    ("settled_funds", gettext_lazy("Kinh phí quyết toán (đồng)")),
    ("counterpart_funds", gettext_lazy("Vốn đối ứng (đồng)")),
    ("approval_decision", gettext_lazy("Số quyết định")), ("approved_on", gettext_lazy("Ngày phê duyệt")),
    ("accepted_on", gettext_lazy("Ngày nghiệm thu")), ("jobs_created", gettext_lazy("Việc làm tạo ra")),
    ("imported", gettext_lazy("Nhập từ dữ liệu cũ")),
]


def _value(project, name):
    if name in ("activity", "funding_source", "state"):
        return getattr(project, f"get_{name}_display")()
    if name == "commune":
        return project.commune.label if project.commune_id else _("Toàn thành phố")
    if name == "imported":
        return _("có") if project.imported else ""
    return getattr(project, name)


def _format(name: str) -> str | None:
    if name.endswith("_on"):
        return DATE_FORMAT
    if name.endswith("_funds") or name == "estimated_cost":
        return MONEY_FORMAT
    if name == "jobs_created":
        return COUNT_FORMAT
    if name in ("code", "approval_decision"):
        return TEXT_FORMAT
    return None


_FORMATS = {index: _format(name) for index, (name, _label) in enumerate(COLUMNS) if _format(name)}


def export_rows(queryset) -> Iterator[bytes]:
    """Yield the bytes of an XLSX file listing `queryset` (read with an iterator, never all in memory)."""
    rows = ([_value(project, name) for name, _label in COLUMNS] for project in queryset.iterator(chunk_size=2000))
    with tempfile.TemporaryFile() as handle:
        write_sheet(handle, title=_("Đề án"), header=[label for _name, label in COLUMNS], rows=rows,
                    formats=_FORMATS)
        handle.seek(0)
        while chunk := handle.read(CHUNK):
            yield chunk
