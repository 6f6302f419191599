import importlib

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu: đơn vị hành chính (nếu chưa có), tài khoản mẫu và dữ liệu mẫu của từng phân hệ."

    def handle(self, *args, **options):
        call_command("load_units", "--if-empty", stdout=self.stdout)
        # Each app may ship a `demo` module with `seed(stdout)`; apps run in INSTALLED_APPS order.
        for config in apps.get_app_configs():
            if not config.name.startswith("khuyencong."):
                continue
            try:
                module = importlib.import_module(f"{config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.demo":
                    raise
                continue
            module.seed(self.stdout)
