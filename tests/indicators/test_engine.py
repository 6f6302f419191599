"""Every indicator against values computed by hand on the world of conftest.py (see its docstring)."""

import pytest

from khuyencong.core.periods import Period
from khuyencong.indicators.catalogue import CATALOGUE
from khuyencong.indicators.engine import compute
from tests.indicators.conftest import M

# Hà Nội (current 01), 2011–2015, worked out record by record:
HANOI_2011_2015 = {
    # beneficiaries of P1 (E1, E2), P2 (E1 again, E3), P3 (city-wide: E4); E1 counts once
    "establishments_supported": 4,
    # P1 settled 450 (approved 500), P2 not settled: approved 200, P3 (Hanoi's city-wide plan) settled 760;
    # P6 belongs to another city's plan, P7 was accepted in 2010, P5 is not accepted
    "support_funds": 1410 * M,
    "counterpart_funds": 1050 * M,
    "jobs_created": 50,
    "new_designs": 2,                     # Pr1 (2013), Pr2 (2015); Pr3 is 2016, Pr4 not new, Pr5 undated
    "technology_projects": 1,             # P1 (P4 was accepted in 2016)
    "training_classes": 3,                # K1, K2, K7 (K5 is nâng cao, K6 ended in 2016)
    "trainees": 6,                        # K1: 3 of 4 completed, K2: 2, K7: 1
    "employment_rate": 75.0,              # followed: T1 yes (latest), T3 no (later entry same day), K2: yes, yes
    "management_classes": 2,              # K3 (management), K4 (design)
    "managers_trained": 3,
    "villages_transplanted": 4,           # V3 2013, V5 2014, V6 2012, V8 2015 (V2 2018 and V4 2017 are later)
    "transplants_sustained_rate": 200 / 3,  # checked: V5 given up at its latest check, V6 and V8 kept; V3 unchecked
    "craft_villages": 6,                  # all but V4, whose only craft came by a transplant in 2017
    "recognised_villages": 1,             # V1 (2002); V2 was recognised in 2016
    "traditional_villages": 1,
    "village_workers": 1050,              # 2015: V1 900 + V2 100 + V3 50; V4's 999 is not a craft village's
    "village_households": 340,            # households in the craft: V1 300 + V2 40
    "village_production_value": 55_000 * M,
    "village_share_of_industry": 5.0,     # 55.000 / 1.100.000 million đồng
    "cnnt_growth": 10.0,                  # (161.051 / 100.000)^(1/5) − 1: the base is 2010, not 2011
    "handicraft_exports": 300_000_000,
    "handicraft_export_growth": None,     # no 2010 value: no data, not 0
}


def test_every_indicator_of_the_catalogue_is_checked():
    assert set(HANOI_2011_2015) == set(CATALOGUE)


def test_hanoi_programme_period(world):
    result = compute(unit=world.hanoi, period="2011-2015")
    assert result.values == pytest.approx(HANOI_2011_2015)
    assert result.source == "direct"
    # industrial production 2015 is submitted, not approved: the page marks the share
    assert result.unapproved == {"village_share_of_industry"}


def test_one_year_growth_uses_the_year_before(world):
    values = compute(unit=world.hanoi, period="2015").values
    assert values["cnnt_growth"] == pytest.approx((161_051 / 150_000 - 1) * 100)
    assert values["establishments_supported"] == 1  # P3 only
    assert values["support_funds"] == 760 * M
    assert values["craft_villages"] == 6
    assert values["employment_rate"] == 100.0  # K2 alone ended in 2015


def test_a_village_given_its_only_craft_later_counts_from_then(world):
    values = compute(unit=world.hanoi, period="2017", codes=["craft_villages", "recognised_villages"]).values
    assert values == {"craft_villages": 7, "recognised_villages": 2}


def test_old_district_counts_its_old_communes_and_their_successors(world):
    values = compute(unit=world.chuong_my, period="2011-2015").values
    expected = {**HANOI_2011_2015, "establishments_supported": 3, "support_funds": 650 * M, "new_designs": 2,
                "training_classes": 2, "trainees": 5, "management_classes": 1, "managers_trained": 2,
                "village_share_of_industry": None, "cnnt_growth": None, "handicraft_exports": None}
    assert values == pytest.approx(expected)


def test_current_commune(world):
    values = compute(unit=world.phu_nghia, period="2011-2015").values
    assert values["establishments_supported"] == 2  # E1 (old Phú Nghĩa) and E2; E3 lies in split Lam Điền
    assert values["support_funds"] == 650 * M
    assert values["training_classes"] == 1 and values["trainees"] == 3
    assert values["employment_rate"] == 50.0
    assert values["villages_transplanted"] == 3 and values["craft_villages"] == 5
    assert values["village_workers"] == 1000


@pytest.mark.parametrize("successor", ["quang_bi", "binh_minh"])
def test_a_split_old_communes_records_count_for_either_successor(world, successor):
    values = compute(unit=getattr(world, successor), period="2011-2015").values
    assert values["establishments_supported"] == 1       # E3, supported by P2 whose commune is Phú Nghĩa
    assert values["new_designs"] == 1
    assert values["trainees"] == 2 and values["employment_rate"] == 100.0
    assert values["craft_villages"] == 1 and values["villages_transplanted"] == 1
    assert values["transplants_sustained_rate"] is None  # V3 was never checked: no data
    assert values["village_workers"] == 50
    assert values["village_households"] is None          # V3 reported no households: no data, not 0
    assert values["support_funds"] == 0
    assert compute(unit=getattr(world, successor), period="2016").values["technology_projects"] == 1


def test_a_project_with_no_commune_belongs_to_its_plans_province(world):
    assert compute(unit=world.hanoi, period="2015", codes=["support_funds"]).values["support_funds"] == 760 * M
    assert compute(unit=world.hanoi_old, period="2015", codes=["support_funds"]).values["support_funds"] == 760 * M
    assert compute(unit=world.chuong_my, period="2015", codes=["support_funds"]).values["support_funds"] == 0
    hcmc = world.hanoi.__class__.objects.get(code="79", hierarchy="current")
    assert compute(unit=hcmc, period="2013", codes=["support_funds"]).values["support_funds"] == 50 * M
    assert compute(unit=world.hanoi, period="2013", codes=["support_funds"]).values["support_funds"] == 0


def test_a_trainee_without_follow_up_is_left_out_of_the_rate(world):
    values = compute(unit=world.ba_dinh, period="2011-2015", codes=["trainees", "employment_rate"]).values
    assert values == {"trainees": 1, "employment_rate": None}


def test_by_child_of_a_current_province_equals_each_child(world):
    codes = ["establishments_supported", "support_funds", "trainees", "employment_rate", "craft_villages",
             "village_households", "transplants_sustained_rate", "cnnt_growth"]
    result = compute(unit=world.hanoi, period="2011-2015", by="child", codes=codes)
    assert len(result.breakdown) == 126
    assert result.breakdown["10030"]["establishments_supported"] == 2
    assert result.breakdown["10072"]["establishments_supported"] == 1
    assert result.breakdown["10126"]["establishments_supported"] == 1
    assert result.breakdown["00004"]["establishments_supported"] == 1
    for code in ("10030", "10072", "10126", "00004", next(iter(result.breakdown))):
        child = world.hanoi.__class__.objects.get(code=code, hierarchy="current")
        assert result.breakdown[code] == compute(unit=child, period="2011-2015", codes=codes).values


def test_by_child_of_an_old_province_and_district(world):
    result = compute(unit=world.hanoi_old, period="2011-2015", by="child", codes=["establishments_supported"])
    assert result.breakdown["277"] == {"establishments_supported": 3}
    assert result.breakdown["001"] == {"establishments_supported": 1}
    assert sum(1 for row in result.breakdown.values() if row["establishments_supported"]) == 2
    result = compute(unit=world.chuong_my, period="2011-2015", by="child", codes=["establishments_supported"])
    assert result.breakdown["10033"] == {"establishments_supported": 2}  # E1, and E2 made under new Phú Nghĩa
    assert result.breakdown["10063"] == {"establishments_supported": 1}


def test_by_year(world):
    result = compute(unit=world.hanoi, period="2011-2015", by="year", codes=["support_funds", "cnnt_growth"])
    assert list(result.breakdown) == ["2011", "2012", "2013", "2014", "2015"]
    assert [row["support_funds"] for row in result.breakdown.values()] == [0, 450 * M, 0, 200 * M, 760 * M]
    assert result.breakdown["2011"]["cnnt_growth"] == pytest.approx(5.0)  # 105.000 / 100.000
    assert result.breakdown["2012"]["cnnt_growth"] is None               # no 2012 value


def test_facts_give_the_same_answers(world):
    from khuyencong.indicators import facts

    rows = facts.rebuild()
    assert rows > 0 and facts.state().fresh
    for unit in (world.hanoi, world.hanoi_old, world.chuong_my, world.phu_nghia, world.quang_bi, world.ba_dinh):
        for period in ("2011-2015", "2015", "2016", "2017"):
            direct = compute(unit=unit, period=period, source="direct")
            from_facts = compute(unit=unit, period=period)
            assert from_facts.source == "facts"
            assert from_facts.values == direct.values, (unit, period)
    for unit, by in ((world.hanoi, "child"), (world.hanoi_old, "child"), (world.chuong_my, "child"),
                     (world.hanoi, "year")):
        assert compute(unit=unit, period="2011-2015", by=by).breakdown == compute(
            unit=unit, period="2011-2015", by=by, source="direct").breakdown


def test_facts_are_not_read_when_stale_or_not_built(world):
    from khuyencong.indicators import facts

    facts.rebuild()
    assert compute(unit=world.hanoi, period="2012-2014").source == "direct"  # not a built period
    from django.utils import timezone

    from khuyencong.indicators.models import FactsState

    FactsState.objects.update(changed_at=timezone.now())  # a change committed after the rebuild
    assert not facts.state().fresh
    assert compute(unit=world.hanoi, period="2015").source == "direct"


def test_period_value_type():
    assert str(Period.parse("2011–2015")) == "2011-2015" and Period.parse("2015").is_year
    assert Period.parse("2011-2015").base_year == 2010
