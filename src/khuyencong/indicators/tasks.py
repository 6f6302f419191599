"""Background work of the indicators (django.tasks; django-tasks-db in production, immediate in tests)."""

from django.tasks import task

from khuyencong.indicators import facts, quality


@task()
def refresh_facts() -> int:
    """Rebuild the aggregate tables the engine reads at national scale; queued after records change."""
    return facts.rebuild()


@task()
def check_quality() -> int:
    """Run the data-quality checks and update the flags; queued after records change. Returns the findings."""
    return quality.scan().total
