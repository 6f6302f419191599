"""The aggregate tables the engine reads at national scale, and how they are kept fresh.

`rebuild()` runs every source of `sources.py` once per period, grouped by place, and stores the parts as
`IndicatorFact` rows without reading them into Python (`INSERT … SELECT`): each single year from the first year
with records to this year, and every programme period. `read()` sums them for a unit with the same placement
rule as the records, so an answer from the facts equals the answer computed directly (the tests compare both).

Freshness: after a commit that changed a source record (an import, a project transition, any saved or deleted
record of the registry, projects or training), `mark_changed()` stamps `FactsState.changed_at` and queues one
rebuild (django-tasks-db; `khuyencong db_worker` runs it; `khuyencong indicators --refresh` runs it now). The
facts are fresh when the last rebuild started after the last change; a change that lands while a rebuild runs
queues the next one.
"""

import time
from collections import defaultdict
from decimal import Decimal

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max, Min, Sum
from django.utils import timezone

from khuyencong.core.commit import on_commit_once
from khuyencong.core.periods import FIRST_YEAR, Period
from khuyencong.geo.placement import CityWide, PlacementPath
from khuyencong.geo.selectors import UnitArea

# Module import both ways with tasks.py (it runs this module; this module queues it): names are read at call time.
from khuyencong.indicators import tasks
from khuyencong.indicators.models import FactsState, IndicatorFact
from khuyencong.indicators.sources import SOURCES
from khuyencong.projects.models import Programme, Project
from khuyencong.registry.models import CraftVillageYear, Product
from khuyencong.training.models import CraftTransplant, TrainingClass

# A fact row is placed like the records it sums; a city-wide one keeps its unit's code.
FACT_PLACE = PlacementPath(prefix="", citywide=CityWide(unit_field="scope_code", holds_code=True))


def state() -> FactsState:
    """The tables' state (an unsaved blank one before anything was built or changed: reading writes nothing)."""
    return FactsState.objects.filter(pk=1).first() or FactsState(pk=1)


def periods_to_build() -> list[Period]:
    """Each year from the first year any record falls in to this year (or the last year with records), and
    every programme period."""
    firsts, lasts = [], []
    for qs, field in ((Project.objects.filter(accepted_on__isnull=False), "accepted_on__year"),
                      (Product.objects.filter(design_date__isnull=False), "design_date__year"),
                      (TrainingClass.objects, "end_date__year"), (CraftTransplant.objects, "year"),
                      (CraftVillageYear.objects, "year")):
        row = qs.aggregate(first=Min(field), last=Max(field))
        if row["first"] is not None:
            firsts.append(row["first"])
            lasts.append(row["last"])
    periods = set()
    if firsts:
        first = max(FIRST_YEAR, min(firsts))
        last = max(timezone.localdate().year, max(lasts))
        periods.update(Period(y, y) for y in range(first, last + 1))
    for start, end in Programme.objects.values_list("start_year", "end_year"):
        if start >= FIRST_YEAR and start <= end:
            periods.add(Period(start, end))
    return sorted(periods)


def rebuild() -> int:
    """Recompute every fact; returns the number of rows. One statement per source and period: the source's query
    grouped by place, inserted by the database (`INSERT … SELECT`), so no row passes through Python."""
    started = timezone.now()
    clock = time.monotonic()
    periods = periods_to_build()
    with transaction.atomic():
        IndicatorFact.objects.all().delete()
        rows = 0
        with connection.cursor() as cursor:
            for source, period, by_year in statements(periods):
                sql, params = insert_sql(source, period, by_year=by_year)
                cursor.execute(sql, params)
                rows += max(cursor.rowcount, 0)
        current_state = FactsState.objects.select_for_update().get_or_create(pk=1)[0]
        current_state.refresh_started_at = started
        current_state.refreshed_at = timezone.now()
        current_state.periods = [str(p) for p in periods]
        current_state.rows = rows
        current_state.seconds = round(time.monotonic() - clock, 3)
        # Something changed while we read: stay queued and go again.
        again = current_state.changed_at is not None and current_state.changed_at >= started
        current_state.queued = again
        current_state.save()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {IndicatorFact._meta.db_table}")
    if again:
        _enqueue()
    return rows


def statements(periods) -> list[tuple]:
    """(source, period, by year) of each statement of a refresh: a source with `year_of` gives all the single
    years in one statement grouped by year (one pass over its records instead of one per year), and each longer
    period in one more; every other source one statement per period."""
    years = [p for p in periods if p.start == p.end]
    out = []
    for source in SOURCES.values():
        if source.year_of and years:
            out.append((source, Period(years[0].start, years[-1].end), True))
            out += [(source, p, False) for p in periods if p.start != p.end]
        else:
            out += [(source, p, False) for p in periods]
    return out


def insert_sql(source, period: Period, *, by_year: bool = False) -> tuple[str, list]:
    """`INSERT INTO the facts … SELECT` one row per place and part from the source's grouped query: a part that
    summed to NULL is left out, and so is a 0 unless the part is nullable (a missing part reads as 0); a
    city-wide place keeps its unit's code. `by_year`: one row per place, year and part, for the single years."""
    qs = source.grouped(period, by_year=by_year)
    parts = list(source.parts)
    sql, params = qs.query.sql_with_params()
    names = ["place_commune", "place_current", "place_scope"][:len(source.place.group_fields)]
    names += ["fact_year"] if by_year else []
    names += [f"part_{n}" for n in range(len(parts))]
    years = "g.fact_year, g.fact_year" if by_year else f"{period.start}, {period.end}"
    scope = "CASE WHEN g.place_commune IS NULL THEN g.place_scope END" if "place_scope" in names else "NULL"
    table = IndicatorFact._meta.db_table
    selects = []
    for n, part in enumerate(parts):
        kept = f"g.part_{n} IS NOT NULL" + ("" if part in source.nullable else f" AND g.part_{n} <> 0")
        selects.append(f"SELECT '{part}', {years}, g.place_commune, g.place_current, {scope}, "  # noqa: S608
                       f"g.part_{n} FROM g WHERE {kept}")
    # names and numbers from the code only; the source's own parameters stay parameters
    statement = (f"INSERT INTO {table} (part, start_year, end_year, commune_id, current_commune_id, scope_code, "  # noqa: S608
                 f"value) WITH g ({', '.join(names)}) AS ({sql}) {' UNION ALL '.join(selects)}")
    return statement, list(params)


def read(period: Period, area: UnitArea, parts, *, grouped: bool = False) -> list[tuple]:
    """The facts' parts for a unit and period, in the shape of `Source.collect`."""
    qs = IndicatorFact.objects.filter(start_year=period.start, end_year=period.end, part__in=list(parts))
    where = area.q(FACT_PLACE)
    if where is not None:
        qs = qs.filter(where)
    if not grouped:
        totals = {row["part"]: Decimal(row["total"]) for row in qs.values("part").annotate(total=Sum("value"))}
        return [(None, totals)]
    places = defaultdict(dict)
    for row in qs.values("part", "commune", "current_commune", "scope_code").annotate(total=Sum("value")).order_by():
        places[(row["commune"], row["current_commune"], row["scope_code"])][row["part"]] = Decimal(row["total"])
    return list(places.items())


def covers(facts_state: FactsState, periods) -> bool:
    built = set(facts_state.periods or ())
    return all(str(p) in built for p in periods)


# --- keeping them fresh --------------------------------------------------------------------------------------

def mark_changed(*, source: str | None = None, **_signal) -> None:
    """A source record changed: after the commit, stamp the change and queue one rebuild per transaction.

    A change that came through `core.extensions.records_changed` (an import, a project transition: `source`)
    always queues one; a record saved or deleted elsewhere (a signal) queues one only once the tables are in
    use (built at least once), so a deployment that never reads them does no work for them."""
    callback = _after_commit_forced if source else _after_commit
    on_commit_once(callback, covered_by=(_after_commit_forced,))


def _after_commit(force: bool = False) -> None:
    FactsState.objects.get_or_create(pk=1)
    FactsState.objects.filter(pk=1).update(changed_at=timezone.now())
    if getattr(settings, "INDICATORS_SOURCE", "auto") == "direct":
        return
    if not force and not FactsState.objects.filter(pk=1, refreshed_at__isnull=False).exists():
        return
    if FactsState.objects.filter(pk=1, queued=False).update(queued=True):
        _enqueue()


def _after_commit_forced() -> None:
    _after_commit(force=True)


def _enqueue() -> None:
    tasks.refresh_facts.enqueue()
