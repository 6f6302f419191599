"""khuyencong export KIND FILE.xlsx|FILE.csv [--unit CODE --hierarchy …] [--kind …] [--sector …] [--craft …]
[--recognition …] [--polluting yes|no] [--q TEXT]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from khuyencong.imports.export import ExportFilterError, export_queryset, write_csv, write_xlsx
from khuyencong.imports.kinds import KINDS, UnknownKind, get_kind


class Command(BaseCommand):
    help = "Xuất dữ liệu ra tệp XLSX hoặc CSV, với cùng bộ lọc như trang danh sách."

    def add_arguments(self, parser):
        get_kind("establishments")
        parser.add_argument("kind", help="Loại dữ liệu: " + ", ".join(KINDS))
        parser.add_argument("file", help="Tệp đích .xlsx hoặc .csv")
        parser.add_argument("--unit", help="Mã đơn vị (tỉnh, huyện cũ, xã)")
        parser.add_argument("--hierarchy", default="current", help="Hệ thống của --unit: current hoặc legacy")
        parser.add_argument("--kind", dest="est_kind", help="Loại hình cơ sở: DN, HTX, THT, HKD")
        parser.add_argument("--sector", help="Ngành a–g")
        parser.add_argument("--craft", help="Tên nghề")
        parser.add_argument("--recognition", help="none, lang_nghe, lang_nghe_truyen_thong")
        parser.add_argument("--polluting", help="yes hoặc no")
        parser.add_argument("--q", help="Tìm theo tên (không dấu) hoặc mã")

    def handle(self, *args, kind, file, est_kind, **options):
        try:
            definition = get_kind(kind)
        except UnknownKind as exc:
            raise CommandError(str(exc)) from None
        path = Path(file)
        suffix = path.suffix.lower()
        if suffix not in (".xlsx", ".csv"):
            raise CommandError(f"Tệp đích phải có đuôi .xlsx hoặc .csv, không phải “{suffix or file}”.")
        if not path.parent.exists():
            raise CommandError(f"Thư mục “{path.parent}” không tồn tại.")
        filters = {k: options.get(k) for k in ("unit", "hierarchy", "sector", "craft", "recognition", "polluting", "q")}
        filters["kind"] = est_kind
        try:
            qs = export_queryset(definition, filters=filters)
        except ExportFilterError as exc:
            raise CommandError(str(exc)) from None
        count = write_xlsx(definition, qs, path) if suffix == ".xlsx" else write_csv(definition, qs, path)
        self.stdout.write(f"Đã xuất {count} dòng “{definition.label}” vào {path}.")
