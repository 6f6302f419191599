"""`khuyencong seed_demo`: the former name of `khuyencong demo`, kept for scripts that use it."""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Nạp bộ dữ liệu mẫu (như khuyencong demo): đơn vị hành chính nếu chưa có, tài khoản và dữ liệu mẫu."

    def handle(self, *args, **options):
        # By name: core knows no higher app; the demo app (the top layer) provides the command.
        call_command("demo", stdout=self.stdout)
