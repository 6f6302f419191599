import time

from django.core.management.base import BaseCommand

from khuyencong.geo.models import AdminUnit
from khuyencong.geo.services.units import units_load


class Command(BaseCommand):
    help = "Nạp đơn vị hành chính (hiện hành và trước 01/07/2025) từ gói vietnam-provinces. Chạy lại an toàn."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="chỉ nạp khi chưa có đơn vị nào")

    def handle(self, *args, **options):
        if options["if_empty"] and AdminUnit.objects.exists():
            return
        started = time.perf_counter()
        summary = units_load()
        elapsed = time.perf_counter() - started
        c, lg = summary.current, summary.legacy
        self.stdout.write(
            f"Hiện hành: {c['province']} tỉnh/thành, {c['commune']} xã/phường. "
            f"Trước 2025: {lg['province']} tỉnh/thành, {lg['district']} quận/huyện, {lg['commune']} xã/phường. "
            f"Liên kết cũ → mới: {summary.successions}. ({elapsed:.1f} giây)"
        )
