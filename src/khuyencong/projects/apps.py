from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "khuyencong.projects"
    verbose_name = "Đề án khuyến công"

    def ready(self):
        from khuyencong.projects import extensions, import_kinds  # noqa: F401  (register kinds and page sections)
