"""Background work of the portal (django.tasks; django-tasks-db in production, immediate in tests).

A scheduled article (published with a future time) becomes visible by itself — the selector compares the time
with now — but a cached public page would hide it until it expires. `refresh_scheduled` runs at the scheduled
time and clears the public pages when the article is (still) due.
"""

import datetime

from django.tasks import default_task_backend, task

from khuyencong.portal import caching, selectors

# Module imports both ways (counting queues fold_views; the task runs counting): names are looked up at call time.
from khuyencong.portal.services import counting


@task()
def refresh_scheduled(article_id: int) -> bool:
    """Clear the public pages if the article is published and its time has come. True when it did."""
    due = selectors.public_articles().filter(pk=article_id).exists()
    if due:
        caching.invalidate_public_pages()
    return due


def schedule_refresh(article_id: int, when: datetime.datetime) -> None:
    """Queue `refresh_scheduled` for `when` (a backend that cannot defer — the immediate one of tests — skips)."""
    if default_task_backend.supports_defer:
        refresh_scheduled.using(run_after=when).enqueue(article_id)


@task()
def fold_views() -> int:
    """Add the pending article views to `Article.view_count`; queued at most once a minute while views arrive."""
    return counting.fold()
