"""One command for the embedded default: migrate, load units, optional demo data, (with DEBUG off) collect the
static files, worker and web server."""

import atexit
import os
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Chạy dịch vụ: migrate, nạp đơn vị, (--demo) dữ liệu mẫu, tiến trình nền db_worker và máy chủ web."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--demo", action="store_true",
                            help="nạp bộ dữ liệu mẫu nếu chưa có (khuyencong demo)")
        parser.add_argument("--no-worker", action="store_true", help="không chạy db_worker kèm theo")
        parser.add_argument("--noreload", action="store_true")

    def handle(self, *args, **options):
        # Under the autoreloader this command runs again in a child (RUN_MAIN=true): set up only once.
        if os.environ.get("RUN_MAIN") != "true":
            call_command("migrate", interactive=False, verbosity=0)
            if options["demo"]:
                call_command("demo", stdout=self.stdout)  # loads once; later starts skip it
            else:
                call_command("load_units", "--if-empty", stdout=self.stdout)
            if not settings.DEBUG:
                self._collect_static()
            backend = settings.TASKS["default"]["BACKEND"]
            if not options["no_worker"] and backend.startswith("django_tasks_db"):
                worker = subprocess.Popen([sys.executable, "-m", "khuyencong", "db_worker"])
                atexit.register(worker.terminate)
                self.stdout.write(f"Tiến trình nền db_worker đang chạy (pid {worker.pid}).")
            self.stdout.write(f"Mở http://{options['addrport']}/")
        call_command("runserver", options["addrport"], use_reloader=not options["noreload"])

    def _collect_static(self):
        """With DEBUG off, pages link hashed names from STATIC_ROOT's manifest (WhiteNoise): without collectstatic
        every page would answer 500 ("Missing staticfiles manifest entry")."""
        try:
            call_command("collectstatic", interactive=False, verbosity=0)
        except OSError as exc:
            raise CommandError(f"Không chép được tệp tĩnh vào STATIC_ROOT={settings.STATIC_ROOT}: "
                               f"{exc.strerror or exc}. Đặt STATIC_ROOT là thư mục ghi được.") from None
        self.stdout.write(f"Đã chép tệp tĩnh vào {settings.STATIC_ROOT} (collectstatic).")
