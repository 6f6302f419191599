from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "khuyencong.projects"
    verbose_name = "Đề án khuyến công"

    def ready(self):
        from khuyencong.core.navigation import register_badge
        from khuyencong.projects import extensions, import_kinds  # noqa: F401  (register kinds and page sections)
        from khuyencong.projects.selectors import unread_notice_count, unread_notice_title

        # The menu's "Việc cần làm" shows how many notices the user has not read.
        register_badge("projects:inbox", count=unread_notice_count, title=unread_notice_title)
