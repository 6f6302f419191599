from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "khuyencong.accounts"
    verbose_name = "Tài khoản"
