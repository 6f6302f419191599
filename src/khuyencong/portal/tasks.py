"""Background work of the portal (django.tasks; django-tasks-db in production, immediate in tests)."""

from django.tasks import task

# Module imports both ways (counting queues this task; the task runs counting): names are looked up at call time.
from khuyencong.portal.services import counting


@task()
def fold_views() -> int:
    """Add the pending article views to `Article.view_count`; queued at most once a minute while views arrive."""
    return counting.fold()
