from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "khuyencong.portal"
    label = "portal"
    verbose_name = _("Cổng thông tin")

    def ready(self):
        from khuyencong.portal import extensions  # noqa: F401  (the “Soạn bài tin” buttons)
