"""What a transition row does to the project besides changing its state: `effect(project, given) -> changes`.

An effect reads the project (with the values typed for the transition already on it) and returns the field
changes; the service applies them and keeps them on the transition row. An effect writes nothing itself.
"""

from collections.abc import Callable

from django.utils import timezone

from khuyencong.projects.models import Project

Effect = Callable[[Project, dict], dict]


def compute_refund(project: Project, given) -> dict:
    """At settlement, what the beneficiary pays back: advances paid beyond the settled funds, never negative."""
    return {"refund_amount": max(0, (project.advances_paid or 0) - (project.settled_funds or 0))}


def stamp_today(name: str) -> Effect:
    """Sets the date field `name` to the day of the transition, unless it already holds a date."""

    def effect(project: Project, given) -> dict:
        return {} if getattr(project, name) else {name: timezone.localdate()}

    effect.__name__ = effect.__qualname__ = f"stamp_today_{name}"
    return effect
