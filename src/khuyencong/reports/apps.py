from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "khuyencong.reports"
    verbose_name = "Báo cáo"
