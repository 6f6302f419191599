from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "khuyencong.core"
    verbose_name = "Chung"

    def ready(self):
        from django.db.models import fields

        # Django 6.1's empty choice reads "- Select an option -" and has no Vietnamese translation; Django lets an
        # app's ready() replace it. Filters name their own empty choice ("Tất cả").
        fields.BLANK_CHOICE_LABEL = _("— chọn —")
