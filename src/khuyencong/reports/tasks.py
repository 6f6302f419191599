"""Background generation of a report (django.tasks; django-tasks-db in production, immediate in tests)."""

from django.tasks import task

# Module imports both ways (services enqueue this task; the task runs the service): names are looked up at call time.
from khuyencong.reports.services import reports


@task()
def generate_report(report_id: int) -> None:
    reports.report_generate(report_id=report_id)
