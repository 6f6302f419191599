from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "khuyencong.training"
    verbose_name = "Đào tạo và cấy nghề"
