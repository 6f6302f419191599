from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "khuyencong.indicators"
    verbose_name = "Chỉ tiêu"

    def ready(self):
        # register the import kinds, the home page tiles, and the hooks that keep the aggregates fresh
        from khuyencong.indicators import extensions, import_kinds  # noqa: F401
