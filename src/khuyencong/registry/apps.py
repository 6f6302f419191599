from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "khuyencong.registry"
    verbose_name = "Sổ đăng ký"
