"""Background import of a large file (django.tasks; django-tasks-db in production, immediate in tests)."""

from django.tasks import task


@task()
def run_import(run_id: int) -> None:
    from khuyencong.imports.services import import_run_execute

    import_run_execute(run_id=run_id)
