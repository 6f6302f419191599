"""`khuyencong demo [--reset] [--check]`: load the calibrated demo dataset of Hà Nội, 2010–2025."""

from django.core.management.base import BaseCommand, CommandError

from khuyencong.core.formatting import format_datetime, format_number
from khuyencong.demo.articles import check_article
from khuyencong.demo.check import check_figures, check_targets
from khuyencong.demo.loader import SEED, DemoError, load
from khuyencong.demo.reset import reset
from khuyencong.demo.selectors import demo_dataset
from khuyencong.demo.users import DEMO_PASSWORD, demo_users


class Command(BaseCommand):
    help = ("Nạp bộ dữ liệu mẫu của Hà Nội 2010–2025 (làng nghề, cơ sở, đề án, lớp học, chỉ tiêu) và tài khoản "
            "mẫu; --check so các chỉ tiêu do hệ thống tính với số liệu đã công bố.")

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="xoá dữ liệu mẫu đã nạp rồi nạp lại")
        parser.add_argument("--check", action="store_true",
                            help="in từng chỉ tiêu tính được so với số công bố; mã thoát khác 0 nếu lệch")
        parser.add_argument("--seed", type=int, default=SEED, help="hạt giống ngẫu nhiên (mặc định %(default)s)")

    def handle(self, *args, **options):
        existing = demo_dataset()
        if options["reset"]:
            if existing is None:
                raise CommandError("Chưa nạp dữ liệu mẫu nên không có gì để xoá (--reset chỉ xoá dữ liệu mẫu).",
                                   returncode=2)
            reset()
            self.stdout.write("Đã xoá dữ liệu mẫu.")
            existing = None
        if existing is None:
            self.stdout.write("Đang nạp dữ liệu mẫu của Hà Nội 2010–2025…")
            try:
                report = load(stdout=self.stdout, seed=options["seed"])
            except DemoError as exc:
                raise CommandError(str(exc), returncode=2) from None
            counts = ", ".join(f"{k} {format_number(v)}" for k, v in report.counts.items())
            self.stdout.write(f"Đã nạp dữ liệu mẫu trong {format_number(report.seconds, 1)} giây: {counts}.")
            self._users()
        else:
            self.stdout.write(f"Dữ liệu mẫu đã có (nạp lúc {format_datetime(existing.loaded_at)}, "
                              f"{format_number(existing.seconds)} giây): bỏ qua. Nạp lại: khuyencong demo --reset.")
        if options["check"]:
            self._check()

    def _users(self):
        self.stdout.write(f"Tài khoản mẫu (mật khẩu của tất cả: {DEMO_PASSWORD}):")
        for username, full_name, role, unit, _hierarchy, where in demo_users():
            self.stdout.write(f"  {username:<18} {full_name:<16} {role.label}, {where} ({unit})")

    def _check(self):
        self.stdout.write("\nSo sánh với số liệu công bố (Hà Nội, mã 01; trước 2025 theo đơn vị cũ):")
        self.stdout.write(f"  {'chỉ tiêu':<28} {'kỳ':<10} {'tính được':>22} {'công bố':>26}")
        failed = []
        for line in check_figures():
            mark = "✓" if line.ok else "✗"
            self.stdout.write(f"{mark} {line.figure.code:<28} {line.figure.period:<10} {line.display:>22} "
                              f"{line.figure.published:>26}")
            if not line.ok and line.figure.required:
                failed.append(line.figure.code)
        self.stdout.write("\nMục tiêu đã công bố (Hà Nội, mã 01):")
        for indicator, period, published, stored in check_targets():
            self.stdout.write(f"  {indicator:<26} {period:<10} {published}\n      → {stored}")
        self.stdout.write("\nBài tin “Khuyến công Hà Nội: Phát huy lợi thế…” (đăng 19/04/2016), viết từ số liệu:")
        phrases = check_article()
        for phrase, found in phrases:
            self.stdout.write(f"{'✓' if found else '✗'} “{phrase}”")
        if not phrases:
            self.stdout.write("✗ chưa có bài tin đã đăng")
        if not phrases or not all(found for _phrase, found in phrases):
            failed.append("bài tin")
        if failed:
            raise CommandError(f"Lệch số liệu công bố 2011–2015: {', '.join(failed)}.", returncode=1)
        self.stdout.write("Mọi chỉ tiêu 2011–2015 khớp số liệu công bố.")
