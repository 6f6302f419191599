from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "khuyencong.portal"
    label = "portal"
    verbose_name = _("Cổng thông tin")

    def ready(self):
        # The public page cache: bulk changes of records (imports, project transitions) refresh it at once.
        from khuyencong.core.extensions import records_changed
        from khuyencong.portal import caching

        records_changed.register(caching.records_changed_receiver)
