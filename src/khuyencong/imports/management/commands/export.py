"""khuyencong export KIND FILE.xlsx|FILE.csv [--unit CODE --hierarchy …] [--kind …] [--sector …] [--craft …]
[--recognition …] [--polluting yes|no] [--q TEXT]

The options are mapped onto the list page's own filter form and read by the list's own selector (see
imports.export.export_queryset), run as the SYSTEM actor: the command line sees every record."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string

from khuyencong.accounts.scoping import SYSTEM
from khuyencong.core.text import fold
from khuyencong.imports.export import ExportFilterError, export_queryset, write_csv, write_xlsx
from khuyencong.imports.kinds import KINDS, UnknownKind, get_kind

YES = {"yes": "1", "y": "1", "có": "1", "co": "1", "1": "1", "true": "1",
       "no": "0", "n": "0", "không": "0", "khong": "0", "0": "0", "false": "0"}


def form_params(*, unit=None, hierarchy=None, est_kind=None, sector=None, craft=None, recognition=None,
                polluting=None, q=None) -> dict:
    """CLI options → the list page's querystring names."""
    params = {"unit_code": unit, "unit_hierarchy": hierarchy if unit else None, "kind": est_kind, "sector": sector,
              "recognition": recognition, "q": q}
    if polluting is not None:
        if fold(polluting) not in YES:
            raise CommandError(f"--polluting phải là yes hoặc no, không phải “{polluting}”.")
        params["polluting"] = YES[fold(polluting)]
    if craft is not None:
        params["craft"] = craft  # a name: resolved against the list form's own craft choices
    return {key: value for key, value in params.items() if value not in (None, "")}


def _craft_pk(field, name: str) -> str:
    """The filter form's craft choice named `name` (diacritics and case ignored)."""
    found = field.queryset.filter(folded_name=fold(name)).values_list("pk", flat=True).first()
    if found is None:
        raise CommandError(f"Không có nghề “{name}” trong danh mục nghề.")
    return str(found)


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
        parser.add_argument("--craft", help="Tên nghề (không phân biệt dấu, hoa thường)")
        parser.add_argument("--recognition", help="none, lang_nghe, lang_nghe_truyen_thong")
        parser.add_argument("--polluting", help="yes hoặc no")
        parser.add_argument("--q", help="Tìm theo tên (không dấu)")
        parser.add_argument("--personal", action="store_true",
                            help="Học viên: kèm năm sinh và số CCCD (dữ liệu cá nhân; việc xuất được ghi nhật ký)")

    def handle(self, *args, kind, file, **options):
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
        names = ("unit", "hierarchy", "est_kind", "sector", "craft", "recognition", "polluting", "q")
        params = form_params(**{name: options.get(name) for name in names})
        if definition.filter_form:
            fields = import_string(definition.filter_form).base_fields
            option = {"unit_code": "--unit", "unit_hierarchy": "--hierarchy", "kind": "--kind"}
            unknown = [option.get(key, f"--{key}") for key in params if key not in fields]
            if unknown:
                raise CommandError(f"Bộ lọc {', '.join(unknown)} không áp dụng cho “{definition.label}”.")
            if "craft" in params:
                params["craft"] = _craft_pk(fields["craft"], params["craft"])
        try:
            qs = export_queryset(definition, user=SYSTEM, params=params)
        except ExportFilterError as exc:
            raise CommandError(str(exc)) from None
        columns = definition.columns_for_export(SYSTEM, {"personal": "1"} if options.get("personal") else {})
        if definition.on_export:
            definition.on_export(definition, SYSTEM, qs, columns)
        write = write_xlsx if suffix == ".xlsx" else write_csv
        count = write(definition, qs, path, columns)
        self.stdout.write(f"Đã xuất {count} dòng “{definition.label}” vào {path}.")
