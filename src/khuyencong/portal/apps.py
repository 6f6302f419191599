from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "khuyencong.portal"
    label = "portal"
    verbose_name = _("Cổng thông tin")

    def ready(self):
        from khuyencong.portal import editorial_menu

        # The menu's "Tin bài": only editors and approvers see it; approvers see how many articles wait for them.
        editorial_menu.register()

        from khuyencong.core.navigation import register_badge
        from khuyencong.portal.selectors import pending_comment_badge, pending_comment_title

        # Reader comments: the editors' menu item shows how many comments wait for moderation.
        register_badge("portal:editorial", count=pending_comment_badge, title=pending_comment_title)
