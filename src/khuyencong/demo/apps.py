from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    name = "khuyencong.demo"
    label = "demo"
    verbose_name = _("Dữ liệu mẫu")

    def ready(self):
        from khuyencong.demo import extensions  # noqa: F401  (registers the banner)
