"""Reads with rules: scoped lists, rates, follow-ups due, and what a project produced.

Definitions (as the programme's indicators count them):
- completion rate of a class: completing trainees / trainees on the roster;
- employment rate: of the completing trainees with at least one follow-up, the share employed at
  their LATEST follow-up (latest by date, then by entry order);
- follow-ups due: completing trainees of classes whose six-month date (end date + 6 months, kept on the
  class as `follow_up_due_on`) has passed, and who have no follow-up dated on or after that day. An
  earlier follow-up (one month after the class, say) does not replace the six-month one. Only classes of the
  kinds whose employment is counted (truyền nghề, cấy nghề: `FOLLOW_UP_KINDS`) have follow-ups due.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from khuyencong.accounts.scoping import get_visible_or_404, mark_visible, visible
from khuyencong.geo.selectors import placed_in_q
from khuyencong.training.models import (
    FOLLOW_UP_KINDS,
    CraftTransplant,
    FollowUp,
    Trainee,
    TrainingClass,
    TransplantCheck,
)


@dataclass(frozen=True)
class ClassRates:
    trainees: int = 0
    completed: int = 0
    followed: int = 0
    employed: int = 0

    @property
    def completion_rate(self) -> float | None:
        return 100 * self.completed / self.trainees if self.trainees else None

    @property
    def employment_rate(self) -> float | None:
        return 100 * self.employed / self.followed if self.followed else None


def _latest_follow_up(field: str):
    return Subquery(FollowUp.objects.filter(trainee=OuterRef("pk")).order_by("-date", "-pk").values(field)[:1])


# --- Classes ------------------------------------------------------------------------------------

def class_list(*, user, filters: dict | None = None) -> QuerySet[TrainingClass]:
    """Filters: kind, craft (id), year (the year the class ended, as the indicators count it), unit (AdminUnit),
    project (id), q (code or name)."""
    filters = filters or {}
    qs = visible(TrainingClass, user).select_related("craft", "commune", "village", "project")
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if filters.get("craft"):
        qs = qs.filter(craft=filters["craft"])
    if filters.get("year"):
        qs = qs.filter(end_date__year=filters["year"])
    if filters.get("unit") is not None:
        qs = qs.filter(placed_in_q(TrainingClass, filters["unit"]))
    if filters.get("project"):
        qs = qs.filter(project=filters["project"])
    if filters.get("q"):
        text = filters["q"].strip()
        qs = qs.filter(Q(code__icontains=text) | Q(name__icontains=text))
    return qs.order_by("-start_date", "code")


def class_get(*, user, pk: int) -> TrainingClass:
    obj = get_visible_or_404(
        TrainingClass.objects.select_related("craft", "commune", "current_commune", "village", "project"), user, pk=pk
    )
    mark_visible(user, [obj.village, obj.project])  # a project of another unit is named, not linked
    return obj


def class_rates(class_ids) -> dict[int, ClassRates]:
    """Counts per class in one grouped query (for a page of classes, never per row)."""
    ids = list(class_ids)
    if not ids:
        return {}
    rows = (
        Trainee.objects.filter(training_class_id__in=ids)
        .annotate(latest_employed=_latest_follow_up("employed"))
        .values("training_class_id")
        .annotate(
            n=Count("pk"),
            done=Count("pk", filter=Q(completed=True)),
            followed=Count("pk", filter=Q(completed=True, latest_employed__isnull=False)),
            employed=Count("pk", filter=Q(completed=True, latest_employed=True)),
        )
        .order_by()
    )
    rates = {pk: ClassRates() for pk in ids}
    for row in rows:
        rates[row["training_class_id"]] = ClassRates(row["n"], row["done"], row["followed"], row["employed"])
    return rates


def class_roster(training_class: TrainingClass) -> QuerySet[Trainee]:
    """The roster with each trainee's latest follow-up (date, employed) and number of follow-ups."""
    return (
        training_class.trainees.select_related("home_commune")
        .annotate(
            latest_date=_latest_follow_up("date"),
            latest_employed=_latest_follow_up("employed"),
            follow_up_count=Count("follow_ups"),
        )
        .order_by("pk")
    )


def trainee_get(*, user, training_class: TrainingClass, pk: int) -> Trainee:
    return get_visible_or_404(
        Trainee.objects.filter(training_class=training_class).select_related("training_class"), user, pk=pk)


def class_follow_ups(training_class: TrainingClass, *, user, limit: int = 200) -> list[FollowUp]:
    """The class's follow-ups, newest first; an employer outside the user's scope is named, not linked."""
    rows = list(
        FollowUp.objects.filter(trainee__training_class=training_class)
        .select_related("trainee", "employer")
        .order_by("-date", "-pk")[:limit]
    )
    mark_visible(user, [f.employer for f in rows])
    return rows


def follow_ups_due(*, user, today: datetime.date | None = None, unit=None) -> QuerySet[Trainee]:
    today = today or timezone.localdate()
    since_due = FollowUp.objects.filter(
        trainee=OuterRef("pk"), date__gte=OuterRef("training_class__follow_up_due_on")
    )
    qs = visible(Trainee, user).filter(
        completed=True, training_class__follow_up_due_on__lte=today, training_class__kind__in=FOLLOW_UP_KINDS
    )
    if unit is not None:
        qs = qs.filter(placed_in_q(Trainee, unit))
    return (
        qs.filter(~Exists(since_due))
        .annotate(latest_date=_latest_follow_up("date"), latest_employed=_latest_follow_up("employed"))
        .select_related("training_class", "training_class__craft", "training_class__commune")
        .order_by("training_class__follow_up_due_on", "training_class__code", "pk")
    )


# --- Transplants --------------------------------------------------------------------------------

def _latest_check(field: str):
    return Subquery(TransplantCheck.objects.filter(transplant=OuterRef("pk")).order_by("-year").values(field)[:1])


def transplant_list(*, user, filters: dict | None = None) -> QuerySet[CraftTransplant]:
    """Filters: craft (id), year, unit (AdminUnit), sustained ("yes"/"no"/"unchecked"). Each row carries its
    latest check: latest_year, latest_practising, latest_households."""
    filters = filters or {}
    qs = visible(CraftTransplant, user).select_related(
        "village", "village__commune", "craft", "project"
    ).annotate(
        latest_year=_latest_check("year"),
        latest_practising=_latest_check("still_practising"),
        latest_households=_latest_check("craft_households"),
    )
    if filters.get("craft"):
        qs = qs.filter(craft=filters["craft"])
    if filters.get("year"):
        qs = qs.filter(year=filters["year"])
    if filters.get("unit") is not None:
        qs = qs.filter(placed_in_q(CraftTransplant, filters["unit"]))
    sustained = filters.get("sustained")
    if sustained == "yes":
        qs = qs.filter(latest_practising=True)
    elif sustained == "no":
        qs = qs.filter(latest_practising=False)
    elif sustained == "unchecked":
        qs = qs.filter(latest_year__isnull=True)
    return qs.order_by("-year", "village__name", "pk")


def transplant_get(*, user, pk: int) -> CraftTransplant:
    obj = get_visible_or_404(
        CraftTransplant.objects.select_related("village", "village__commune", "craft", "project"), user, pk=pk)
    mark_visible(user, [obj.project])
    return obj


# --- Projects -----------------------------------------------------------------------------------

@dataclass
class ProjectOutputs:
    classes: list
    rates: dict
    transplants: list

    @property
    def actual_trainees(self) -> int:
        return sum(r.completed for r in self.rates.values())


def project_training_outputs(project, *, user) -> ProjectOutputs:
    """The classes and transplants a project produced: whoever sees the project sees them all, those outside the
    user's scope by name, without a link (each marked `in_scope`)."""
    classes = list(project.training_classes.select_related("craft", "commune").order_by("start_date", "code"))
    transplants = list(
        CraftTransplant.objects.filter(project=project).select_related("village", "craft")
        .annotate(latest_year=_latest_check("year"), latest_practising=_latest_check("still_practising"))
        .order_by("year", "pk")
    )
    mark_visible(user, classes + transplants)
    return ProjectOutputs(classes=classes, rates=class_rates(c.pk for c in classes), transplants=transplants)


def project_actual_trainees(project) -> int:
    """Completing trainees of the project's classes: the acceptance form's "học viên thực tế"."""
    return Trainee.objects.filter(training_class__project=project, completed=True).count()
