from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "khuyencong.indicators"
    verbose_name = "Chỉ tiêu"

    def ready(self):
        # register the import kinds, the home page tiles, and the hooks that keep the aggregates fresh
        from khuyencong.core.navigation import register_badge
        from khuyencong.indicators import extensions, import_kinds  # noqa: F401
        from khuyencong.indicators.selectors import open_flag_count, open_flag_title

        # The menu's "Chỉ tiêu" shows how many data-quality flags of the user's units wait for a check.
        register_badge("indicators:index", count=open_flag_count, title=open_flag_title)
