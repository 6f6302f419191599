from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "khuyencong.registry"
    verbose_name = "Sổ đăng ký"

    def ready(self):
        from khuyencong.registry import import_kinds  # noqa: F401  (register the kinds)
