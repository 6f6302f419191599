"""Background work of the indicators (django.tasks; django-tasks-db in production, immediate in tests)."""

from django.tasks import task

from khuyencong.indicators import facts


@task()
def refresh_facts() -> int:
    """Rebuild the aggregate tables the engine reads at national scale; queued after records change."""
    return facts.rebuild()
