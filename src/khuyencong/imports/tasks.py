"""Background import of a large file (django.tasks; django-tasks-db in production, immediate in tests)."""

from django.tasks import task

# Module imports both ways (services enqueue this task; the task runs the service): names are looked up at call time.
from khuyencong.imports.services import runs


@task()
def run_import(run_id: int) -> None:
    runs.import_run_execute(run_id=run_id)
