"""khuyencong import_training KIND FILE --user USERNAME [--hierarchy legacy|current] [--dry-run] [--confirm-large]"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from khuyencong.training.importing import KINDS, import_training


class _Upload:
    def __init__(self, path: Path):
        self.name, self.size, self._path = path.name, path.stat().st_size, path

    def read(self):
        return self._path.read_bytes()


class Command(BaseCommand):
    help = "Nhập lớp đào tạo, học viên hoặc cấy nghề từ tệp XLSX/CSV (tất cả hoặc không gì)."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=list(KINDS))
        parser.add_argument("file")
        parser.add_argument("--user", required=True, help="tài khoản ghi nhận (quyền và địa bàn của người này)")
        parser.add_argument("--hierarchy", choices=["current", "legacy"], default="current")
        parser.add_argument("--dry-run", action="store_true", help="kiểm tra, không ghi")
        parser.add_argument("--confirm-large", action="store_true", help="cho phép lớp trên 200 học viên")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không có tệp {path}.")
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"Không có tài khoản “{options['user']}”.")
        try:
            summary = import_training(kind=options["kind"], upload=_Upload(path), actor=user,
                                      hierarchy=options["hierarchy"], dry_run=options["dry_run"],
                                      confirm_large=options["confirm_large"])
        except ValidationError as exc:
            for message in exc.messages:
                self.stderr.write(message)
            raise CommandError("Nhập không thành công.") from None
        for line in summary.lines() + summary.warnings:
            self.stdout.write(line)
