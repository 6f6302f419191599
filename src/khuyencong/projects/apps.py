from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "khuyencong.projects"
    verbose_name = "Đề án khuyến công"

    def ready(self):
        # The `projects` import kind joins the import framework when that app is installed.
        from django.apps import apps

        if apps.is_installed("khuyencong.imports"):
            from khuyencong.projects import import_kind  # noqa: F401
