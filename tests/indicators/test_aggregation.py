"""How the engine aggregates at scale gives the same numbers as the plain rules (on the world of conftest.py):
the aggregate refresh written by the database, a breakdown's total taken from its grouped queries, the latest
follow-up read by an anti-join, and places mapped onto children through geo.placement."""

from decimal import Decimal

import pytest

from khuyencong.core.periods import Period
from khuyencong.geo.models import UnitSuccession
from khuyencong.geo.placement import placement_path
from khuyencong.geo.selectors import ChildPlaces, NoChildren
from khuyencong.indicators import facts
from khuyencong.indicators.engine import compute
from khuyencong.indicators.models import IndicatorFact
from khuyencong.indicators.sources import SOURCES
from khuyencong.projects.models import Project
from khuyencong.registry.models import Establishment
from khuyencong.training.models import FollowUp, Trainee


def test_the_refresh_stores_exactly_the_grouped_parts(world):
    """Every part of every place the sources find for every period (each computed alone), as numbers: none
    summed to NULL, no zero except a nullable part, a city-wide place with its plan's unit code and a placed one
    without."""
    facts.rebuild()
    periods = facts.periods_to_build()
    singles, longer = [p for p in periods if p.start == p.end], [p for p in periods if p.start != p.end]
    assert len(singles) > 5 and longer
    plan = facts.statements(periods)
    # a source placed in a year by one date: all single years in one statement grouped by year, then each period
    assert [(p, by_year) for s, p, by_year in plan if s.key == "projects"] == [
        (Period(singles[0].start, singles[-1].end), True), *((p, False) for p in longer)]
    assert [p for s, p, _by_year in plan if s.key == "villages"] == periods  # a state at the period's end
    expected = set()
    for period in periods:
        for source in SOURCES.values():
            for (commune, current, scope), parts in source.collect(period, grouped=True):
                for part, value in parts.items():
                    if value == 0 and part not in source.nullable:
                        continue
                    expected.add((part, period.start, period.end, commune, current,
                                  scope if commune is None else None, value))
    stored = {(f.part, f.start_year, f.end_year, f.commune_id, f.current_commune_id, f.scope_code, f.value)
              for f in IndicatorFact.objects.all()}
    assert stored == expected
    assert IndicatorFact.objects.count() == len(expected) == facts.state().rows
    city_wide = IndicatorFact.objects.filter(commune__isnull=True, part="projects_support_funds",
                                             start_year=2011, end_year=2015)
    assert {(f.scope_code, f.value) for f in city_wide} >= {("01", Decimal(760_000_000))}


@pytest.mark.parametrize("source", ["direct", "facts"])
def test_a_breakdowns_total_is_the_units_own_value(world, source):
    """By child the total comes from the same grouped queries: it equals the unit computed alone, with a split old
    commune's records counted once (not once per successor) and the city-wide projects in."""
    facts.rebuild()
    for unit in (world.hanoi, world.hanoi_old, world.chuong_my):
        for period in ("2011-2015", "2015", "2016"):
            broken_down = compute(unit=unit, period=period, by="child", source=source)
            assert broken_down.source == source
            assert broken_down.values == compute(unit=unit, period=period, source=source).values, (unit, period)


def test_the_latest_follow_up_decides_even_on_the_same_day(world):
    """The employment parts come from the follow-ups with no later one: a later entry on the same day wins."""
    trainee = Trainee.objects.filter(completed=True, follow_ups__isnull=False).first()
    day = trainee.follow_ups.order_by("-date").first().date
    period = Period.year(trainee.training_class.end_date.year)
    place = (trainee.training_class.commune_id, trainee.training_class.current_commune_id, None)

    def parts():
        found = dict(SOURCES["follow_ups"].collect(period, grouped=True)).get(place, {})
        return found.get("trainees_followed", 0), found.get("trainees_employed", 0)

    followed, employed = parts()
    FollowUp.objects.create(trainee=trainee, date=day, employed=False)
    assert parts() == (followed, employed - 1 if trainee.follow_ups.order_by("-date", "-pk")[1].employed
                       else employed)
    FollowUp.objects.create(trainee=trainee, date=day, employed=True)
    assert parts() == (followed, employed if trainee.follow_ups.order_by("-date", "-pk")[2].employed
                       else employed + 1)


def test_sources_are_placed_as_the_models_declare():
    assert SOURCES["projects"].place == placement_path(Project)
    assert SOURCES["projects"].place.group_fields == ("commune", "current_commune", "plan__scope_unit__code")
    assert SOURCES["beneficiaries"].place == placement_path(Establishment).under("establishment__")
    assert SOURCES["trainees"].place.group_fields == ("training_class__commune", "training_class__current_commune")
    assert SOURCES["follow_ups"].place.group_fields == ("trainee__training_class__commune",
                                                        "trainee__training_class__current_commune")


def test_child_places_of_a_split_old_commune(world):
    """A record of a split old commune with no current commune lies in every successor that is a child; an old
    district's old commune holds the records made under its successor."""
    children = ChildPlaces(world.hanoi)
    assert len(children.units) == 126
    assert set(children.of(world.lam_dien_old.pk, None)) == {world.quang_bi.pk, world.binh_minh.pk}
    assert children.of(world.lam_dien_old.pk, world.quang_bi.pk) == [world.quang_bi.pk]  # placed: its commune
    assert children.of(world.phu_nghia_old.pk, world.phu_nghia.pk) == [world.phu_nghia.pk]
    assert children.of(None, None) == []  # a city-wide record lies in no commune
    old_district = ChildPlaces(world.chuong_my)
    assert old_district.of(None, world.phu_nghia.pk) == []
    # made under current Phú Nghĩa: in every old commune of the district that went into it
    went_in = set(UnitSuccession.objects.filter(new=world.phu_nghia, old__district=world.chuong_my)
                  .values_list("old_id", flat=True))
    assert world.phu_nghia_old.pk in went_in and len(went_in) > 1
    assert set(old_district.of(world.phu_nghia.pk, world.phu_nghia.pk)) == went_in
    with pytest.raises(NoChildren, match="không có đơn vị cấp dưới"):
        ChildPlaces(world.ba_dinh)
