"""Where the engine reads records: one aggregate query per source, giving the parts that indicators are made of.

A source is a set of records of one kind placed the way their model declares (`geo.placement.PlacementPath`)
and filtered by the period. Its
`collect` answers the parts — counts, sums, numerators and denominators — either in total (one aggregate row)
or grouped by place (one row per commune pair; the aggregate refresh and the breakdown by child use that).
Parts are additive across places: every record lies in exactly one (commune, current commune) pair, so even
the distinct counts (an establishment, a village) add up over places. They are not additive across years.

The sources read the models that the registry, projects and training apps publish; their rules for "placed"
(`LocatedRecord`) and their codes (states, kinds, activities) are the ones those apps document.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce, ExtractYear

from khuyencong.core.periods import Period
from khuyencong.geo.placement import PlacementPath, placement_path
from khuyencong.projects.models import Activity, Project, ProjectState
from khuyencong.registry.models import CraftVillage, CraftVillageYear, Establishment, Product, Recognition
from khuyencong.training.models import ClassKind, CraftTransplant, FollowUp, Trainee, TrainingClass, TransplantCheck

ACCEPTED_STATES = (ProjectState.ACCEPTED, ProjectState.SETTLED)
TRAINING_KINDS = (ClassKind.TRUYEN_NGHE, ClassKind.CAY_NGHE)
MANAGEMENT_KINDS = (ClassKind.MANAGEMENT, ClassKind.DESIGN)
RECOGNISED = (Recognition.LANG_NGHE, Recognition.TRADITIONAL)


def _days(period: Period) -> tuple[datetime.date, datetime.date]:
    return datetime.date(period.start, 1, 1), datetime.date(period.end, 12, 31)


@dataclass(frozen=True)
class Source:
    key: str
    place: PlacementPath
    # query(period) -> (queryset of the records, {part: aggregate})
    query: Callable[[Period], tuple[QuerySet, dict]]
    # Parts that are "no data" when no record reported them (a statistic not collected is not zero).
    nullable: tuple[str, ...] = ()
    # The date whose year alone puts a record in a period (a project by its acceptance): such a source's parts
    # for every single year come from one query over all the years, grouped by that year too.
    year_of: str | None = None

    @property
    def parts(self) -> tuple[str, ...]:
        return tuple(self.query(Period(2000, 2000))[1])  # any period names the same parts (nothing is run)

    def collect(self, period: Period, where: Q | None = None, *, grouped: bool = False) -> list[tuple]:
        """[(place key or None, {part: number})]; a nullable part is left out where it summed to NULL."""
        qs, aggregates = self.query(period)
        if where is not None:
            qs = qs.filter(where)
        if not grouped:
            return [(None, _clean(qs.aggregate(**aggregates), aggregates))]
        width = len(self.place.group_fields)
        return [(tuple(row[:width]) + (None,) * (3 - width),
                 {part: Decimal(value) for part, value in zip(aggregates, row[width:], strict=True)
                  if value is not None})
                for row in self.grouped(period, where)]

    def grouped(self, period: Period, where: Q | None = None, *, by_year: bool = False) -> QuerySet:
        """The records of the period grouped by place (and with `by_year`, by the year of `year_of`): the place
        fields, the year, then the parts in order (`values_list`); the aggregate refresh inserts it as it is."""
        qs, aggregates = self.query(period)
        if where is not None:
            qs = qs.filter(where)
        fields = self.place.group_fields
        if by_year:
            qs = qs.annotate(fact_year=ExtractYear(self.year_of))
            fields = (*fields, "fact_year")
        return qs.values(*fields).annotate(**aggregates).order_by().values_list(*fields, *aggregates)


def _clean(row: dict, aggregates: dict) -> dict:
    return {part: Decimal(row[part]) for part in aggregates if row[part] is not None}


# --- projects accepted in the period -----------------------------------------------------------------------

def _projects(period: Period):
    qs = Project.objects.filter(state__in=ACCEPTED_STATES, accepted_on__range=_days(period))
    return qs, {
        # khuyến công funds: the settled amount, or the approved amount where it is not settled yet
        "projects_support_funds": Coalesce(Sum(Coalesce("settled_funds", "approved_funds")), 0),
        "projects_counterpart_funds": Coalesce(Sum("counterpart_funds"), 0),
        "projects_jobs_created": Coalesce(Sum("jobs_created"), 0),
        "projects_technology": Count("pk", filter=Q(activity=Activity.TECHNOLOGY)),
    }


def _beneficiaries(period: Period):
    through = Project.beneficiaries.through
    qs = through.objects.filter(project__state__in=ACCEPTED_STATES, project__accepted_on__range=_days(period))
    return qs, {"establishments_supported": Count("establishment_id", distinct=True)}


def _new_designs(period: Period):
    qs = Product.objects.filter(is_new_design=True, design_date__range=_days(period))
    return qs, {"new_designs": Count("pk")}


# --- training ----------------------------------------------------------------------------------------------

def _classes(period: Period):
    qs = TrainingClass.objects.filter(end_date__range=_days(period), kind__in=TRAINING_KINDS + MANAGEMENT_KINDS)
    return qs, {
        "classes_training": Count("pk", filter=Q(kind__in=TRAINING_KINDS)),
        "classes_management": Count("pk", filter=Q(kind__in=MANAGEMENT_KINDS)),
    }


def _trainees(period: Period):
    qs = Trainee.objects.filter(
        completed=True, training_class__end_date__range=_days(period),
        training_class__kind__in=TRAINING_KINDS + MANAGEMENT_KINDS)
    return qs, {
        "trainees_completed": Count("pk", filter=Q(training_class__kind__in=TRAINING_KINDS)),
        "managers_completed": Count("pk", filter=Q(training_class__kind__in=MANAGEMENT_KINDS)),
    }


def _latest_follow_ups(period: Period):
    """Employment: of the completing trainees with a follow-up, those employed at their latest one (by date, then
    entry order). Read from the follow-ups: each such trainee has exactly one follow-up with no later one (a
    set-based anti-join, rather than a lookup per trainee)."""
    later = FollowUp.objects.filter(trainee=OuterRef("trainee")).filter(
        Q(date__gt=OuterRef("date")) | Q(date=OuterRef("date"), pk__gt=OuterRef("pk")))
    qs = FollowUp.objects.filter(
        trainee__completed=True, trainee__training_class__end_date__range=_days(period),
        trainee__training_class__kind__in=TRAINING_KINDS,
    ).exclude(Exists(later))
    return qs, {
        "trainees_followed": Count("pk"),
        "trainees_employed": Count("pk", filter=Q(employed=True)),
    }


def _transplants(period: Period):
    """Villages that received a transplant in the period, each with the latest check of those transplants."""
    in_period = CraftTransplant.objects.filter(village=OuterRef("pk"), year__range=(period.start, period.end))
    latest = TransplantCheck.objects.filter(
        transplant__village=OuterRef("pk"), transplant__year__range=(period.start, period.end),
    ).order_by("-year", "-pk")
    qs = CraftVillage.objects.filter(Exists(in_period)).annotate(
        latest_practising=Subquery(latest.values("still_practising")[:1]))
    return qs, {
        "villages_transplanted": Count("pk"),
        "transplants_checked": Count("pk", filter=Q(latest_practising__isnull=False)),
        "transplants_sustained": Count("pk", filter=Q(latest_practising=True)),
    }


# --- craft villages at the end of the period ---------------------------------------------------------------

def village_has_craft_at(year: int, village_ref: str = "pk") -> Exists:
    """The village has a craft at the end of `year`: some craft of it did not come only by a transplant made
    after that year (a farming village given a craft in 2017 was not a village with a craft in 2015)."""
    through = CraftVillage.crafts.through
    later_only = Exists(CraftTransplant.objects.filter(
        village_id=OuterRef("craftvillage_id"), craft_id=OuterRef("craft_id"), year__gt=year)) & ~Exists(
        CraftTransplant.objects.filter(village_id=OuterRef("craftvillage_id"), craft_id=OuterRef("craft_id"),
                                       year__lte=year))
    return Exists(through.objects.filter(craftvillage_id=OuterRef(village_ref)).exclude(later_only))


def _villages(period: Period):
    end = period.end
    qs = CraftVillage.objects.filter(village_has_craft_at(end))
    recognised = Q(recognition__in=RECOGNISED, recognition_year__lte=end)
    return qs, {
        "craft_villages": Count("pk"),
        "recognised_villages": Count("pk", filter=recognised),
        "traditional_villages": Count("pk", filter=recognised & Q(recognition=Recognition.TRADITIONAL)),
    }


def _village_years(period: Period):
    qs = CraftVillageYear.objects.filter(year=period.end).filter(village_has_craft_at(period.end, "village_id"))
    return qs, {
        "village_workers": Sum("workers", output_field=IntegerField()),
        "village_households": Sum("craft_households", output_field=IntegerField()),
        "village_production_value": Sum("production_value"),
    }


SOURCES: dict[str, Source] = {s.key: s for s in [
    Source("projects", placement_path(Project), _projects, year_of="accepted_on"),
    Source("beneficiaries", placement_path(Establishment).under("establishment__"), _beneficiaries,
           year_of="project__accepted_on"),
    Source("new_designs", placement_path(Product), _new_designs, year_of="design_date"),
    Source("classes", placement_path(TrainingClass), _classes, year_of="end_date"),
    Source("trainees", placement_path(Trainee), _trainees, year_of="training_class__end_date"),
    Source("follow_ups", placement_path(FollowUp), _latest_follow_ups, year_of="trainee__training_class__end_date"),
    Source("transplants", placement_path(CraftVillage), _transplants),
    Source("villages", placement_path(CraftVillage), _villages),
    Source("village_years", placement_path(CraftVillageYear), _village_years,
           nullable=("village_workers", "village_households", "village_production_value")),
]}
PART_SOURCE = {part: source for source in SOURCES.values() for part in source.parts}
NULLABLE_PARTS = {part for source in SOURCES.values() for part in source.nullable}
