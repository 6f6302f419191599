from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "khuyencong.portal"
    label = "portal"
    verbose_name = _("Cổng thông tin")

    def ready(self):
        from khuyencong.portal import editorial_menu

        # The menu's "Tin bài": only editors and approvers see it, with how many articles and comments wait for them.
        editorial_menu.register()
        # The “Soạn bài tin” buttons on lower apps' pages; registry writes empty the public page cache.
        from khuyencong.portal import extensions  # noqa: F401
