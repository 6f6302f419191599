from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "khuyencong.training"
    verbose_name = "Đào tạo và cấy nghề"

    def ready(self):
        # The `training_classes` import kind joins the import framework when that app is installed.
        from django.apps import apps

        if apps.is_installed("khuyencong.imports"):
            from khuyencong.training import import_kinds  # noqa: F401
