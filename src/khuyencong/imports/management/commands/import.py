"""khuyencong import KIND FILE [--hierarchy legacy|current] [--dry-run] [--mode create|update|upsert] [--valid-only]"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from khuyencong.accounts.scoping import SYSTEM
from khuyencong.imports.engine import MODES
from khuyencong.imports.kinds import KINDS, UnknownKind, get_kind
from khuyencong.imports.services.runs import import_file


class ProgressBar:
    def __init__(self, stream, label):
        self.stream, self.label, self.last = stream, label, -1

    def __call__(self, done, total):
        percent = int(100 * done / total) if total else 100
        if percent == self.last:
            return
        self.last = percent
        filled = percent * 30 // 100
        self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (30 - filled)}] {percent:3d}% ({done}/{total})")
        self.stream.flush()

    def end(self):
        if self.last >= 0:
            self.stream.write("\n")


class Command(BaseCommand):
    help = "Nhập dữ liệu từ tệp XLSX hoặc CSV (tất cả hoặc không gì cả, trừ khi --valid-only)."

    def add_arguments(self, parser):
        get_kind("establishments")
        parser.add_argument("kind", help="Loại dữ liệu: " + ", ".join(KINDS))
        parser.add_argument("file", help="Tệp .xlsx hoặc .csv (UTF-8)")
        parser.add_argument("--hierarchy", default="current",
                            help="Hệ thống mã đơn vị: current (mặc định) hoặc legacy")
        parser.add_argument("--mode", default="upsert", help="create | update | upsert (mặc định)")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra, không ghi")
        parser.add_argument("--valid-only", action="store_true",
                            help="Ghi các dòng hợp lệ và lưu các dòng lỗi vào tệp XLSX")
        parser.add_argument("--rejects", help="Nơi lưu tệp dòng lỗi (mặc định: TÊN-TỆP.loi.xlsx)")
        parser.add_argument("--option", action="append", default=[], dest="kind_options", metavar="KEY",
                            help="Xác nhận riêng của loại dữ liệu, ví dụ --option confirm_large (học viên: "
                                 "lớp trên 200 người)")

    def handle(self, *args, kind, file, hierarchy, mode, dry_run, valid_only, rejects, kind_options, **options):
        try:
            definition = get_kind(kind)
        except UnknownKind as exc:
            raise CommandError(str(exc)) from None
        known = {key for key, _label in definition.options}
        unknown = [key for key in kind_options if key not in known]
        if unknown:
            raise CommandError(f"Tuỳ chọn {', '.join(unknown)} không áp dụng cho “{definition.label}”"
                               + (f" (có: {', '.join(sorted(known))})." if known else "."))
        if mode not in MODES:
            raise CommandError(f"Chế độ “{mode}” không hợp lệ: create, update hoặc upsert.")
        if hierarchy not in ("current", "legacy"):
            raise CommandError(f"Hệ thống “{hierarchy}” không hợp lệ: current hoặc legacy.")
        path = Path(file)
        rejects_path = Path(rejects) if rejects else path.with_name(path.stem + ".loi.xlsx")
        bar = ProgressBar(sys.stderr if self.stderr._out is sys.stderr else self.stderr, "Kiểm tra")
        result = import_file(user=SYSTEM, kind=kind, path=path, hierarchy=hierarchy, mode=mode, dry_run=dry_run,
                             valid_only=valid_only, rejects_path=rejects_path, progress=bar,
                             options=kind_options)
        bar.end()
        for error in result.errors[:1000]:
            self.stderr.write(str(error))
        if len(result.errors) > 1000:
            self.stderr.write(f"… và {len(result.errors) - 1000} lỗi khác (xem tệp dòng lỗi với --valid-only).")
        for note in result.duplicates[:50]:
            self.stdout.write("Nghi trùng: " + note)
        for line in result.summary_lines():
            (self.stdout if result.ok else self.stderr).write(line)
        if not result.ok:
            raise CommandError("Nhập không thành công.", returncode=1)
