from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "khuyencong.training"
    verbose_name = "Đào tạo và cấy nghề"

    def ready(self):
        from khuyencong.training import extensions, import_kinds  # noqa: F401  (register kinds and page sections)
