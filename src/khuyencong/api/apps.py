from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "khuyencong.api"
    verbose_name = "API"
