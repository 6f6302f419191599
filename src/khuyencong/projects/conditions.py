"""What a transition form asks and offers: fields asked only for some projects, and the values it starts with.

A condition is `condition(project) -> bool`: the field is asked (and accepted by the service) only when it
holds. A prefill is `prefill(project) -> Prefill | None`: the value a form field starts with, and a note that
says where it came from; None leaves the field with the project's current value.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

# the module, not the hook: extensions imports the selectors, which import the workflow, which imports this
from khuyencong.projects import extensions
from khuyencong.projects.models import Project

Condition = Callable[[Project], bool]


@dataclass(frozen=True)
class Prefill:
    value: object
    note: str = ""


def activity_is(activity: str) -> Condition:
    def condition(project: Project) -> bool:
        return project.activity == activity

    condition.__name__ = condition.__qualname__ = f"activity_is_{activity}"
    return condition


def plan_has_ceiling(project: Project) -> bool:
    """Only a plan with a ceiling can be exceeded: the reason for exceeding it is asked only then."""
    return bool(project.plan_id and project.plan.budget_ceiling)


def today(project: Project) -> Prefill:
    return Prefill(timezone.localdate())


def requested_funds(project: Project) -> Prefill | None:
    return None if project.requested_funds is None else Prefill(project.requested_funds)


def current_progress(project: Project) -> Prefill | None:
    return None if project.progress_percent is None else Prefill(project.progress_percent)


def completed_trainees(project: Project) -> Prefill | None:
    """The actual trainees another app reports for the project (training: its classes' completing trainees)."""
    if not project.pk or project.actual_trainees is not None:
        return None
    answers = [n for n in extensions.acceptance_trainees(project) if n is not None]
    if not answers:
        return None
    total = sum(answers)
    return Prefill(total, _(
        "Lấy từ %(n)s học viên hoàn thành của các lớp thuộc đề án; sửa nếu biên bản nghiệm thu ghi khác."
    ) % {"n": total})
