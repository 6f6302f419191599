"""A small Hanoi world whose indicators are computed by hand in test_engine.py.

Units (real): current Hà Nội 01 and old Hà Nội 01; old district Chương Mỹ 277; old Phú Nghĩa 10033 → current
Phú Nghĩa 10030 (whole); old Lam Điền 10063 split into current Quảng Bị 10072 and Bình Minh 10126; old Trúc Bạch
00004 (old Ba Đình 001) → current Ba Đình 00004.
"""

import datetime
from decimal import Decimal

import pytest

from khuyencong.core.text import fold
from khuyencong.geo.models import AdminUnit
from khuyencong.geo.selectors import current_commune_for
from khuyencong.indicators.models import DataElement, DataValue, ValueState
from khuyencong.projects.models import AnnualPlan, Programme, Project
from khuyencong.registry.models import Craft, CraftVillage, CraftVillageYear, Establishment, Product, Recognition
from khuyencong.training.models import CraftTransplant, FollowUp, Trainee, TrainingClass, TransplantCheck

M = 1_000_000
D = datetime.date


def unit(code, hierarchy="current"):
    return AdminUnit.objects.get(code=code, hierarchy=hierarchy)


def located(commune):
    return {"commune": commune, "current_commune": current_commune_for(commune)}


class World:
    pass


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    # these tests create users of several roles: a fast hasher keeps them quick (login is tested in accounts)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def people(make_user):
    """One user of each role: Hanoi's staff, approver and viewer (current 01), Phú Nghĩa's officer (10030)."""
    p = World()
    p.staff = make_user("canbo", role="centre_staff", unit="01", full_name="Nguyễn Thị Lan")
    p.approver = make_user("lanhdao", role="approver", unit="01", full_name="Trần Văn Minh")
    p.viewer = make_user("xem", role="viewer", unit="01")
    p.officer = make_user("phunghia", role="local_officer", unit="10030")
    return p


@pytest.fixture
def world(db):
    w = World()
    w.hanoi, w.hanoi_old = unit("01"), unit("01", "legacy")
    w.chuong_my, w.ba_dinh_old = unit("277", "legacy"), unit("001", "legacy")
    w.phu_nghia, w.phu_nghia_old = unit("10030"), unit("10033", "legacy")
    w.lam_dien_old, w.quang_bi, w.binh_minh = unit("10063", "legacy"), unit("10072"), unit("10126")
    w.truc_bach_old, w.ba_dinh = unit("00004", "legacy"), unit("00004")
    assert current_commune_for(w.lam_dien_old) is None  # split: records there wait for an officer's choice

    crafts = {name: Craft.objects.create(name=name, folded_name=fold(name))
              for name in ("Mây tre đan", "Gốm", "Dệt", "Thêu ren", "Nón lá", "Đan lát")}

    def establishment(code, commune):
        return Establishment.objects.create(code=code, name=code, search_name=code.lower(), match_name=code.lower(),
                                            kind="HKD", **located(commune))

    e1, e2 = establishment("E1", w.phu_nghia_old), establishment("E2", w.phu_nghia)
    e3, e4 = establishment("E3", w.lam_dien_old), establishment("E4", w.truc_bach_old)

    Programme.objects.create(name="2011–2015", start_year=2011, end_year=2015, scope_unit=w.hanoi)
    plan_hanoi = AnnualPlan.objects.create(year=2015, funding_source="local", scope_unit=w.hanoi)
    plan_hcmc = AnnualPlan.objects.create(year=2013, funding_source="local", scope_unit=unit("79"))

    def project(code, *, commune=None, activity="training", state="settled", accepted=None, beneficiaries=(),
                **amounts):
        where = located(commune) if commune else {"commune": None, "current_commune": None}
        p = Project.objects.create(code=code, title=code, search_title=code.lower(), activity=activity,
                                   funding_source="local", plan_year=(accepted or D(2015, 1, 1)).year, state=state,
                                   accepted_on=accepted, **where, **amounts)
        p.beneficiaries.set(beneficiaries)
        return p

    project("P1", commune=w.phu_nghia_old, activity="technology", accepted=D(2012, 5, 10), beneficiaries=[e1, e2],
            approved_funds=500 * M, settled_funds=450 * M, counterpart_funds=1000 * M, jobs_created=30)
    project("P2", commune=w.phu_nghia, state="accepted", accepted=D(2014, 3, 1), beneficiaries=[e1, e3],
            approved_funds=200 * M, counterpart_funds=50 * M, jobs_created=20)
    # city-wide (no commune): Hanoi's plan → counted for province 01 only
    project("P3", activity="products", accepted=D(2015, 12, 20), beneficiaries=[e4], plan=plan_hanoi,
            approved_funds=800 * M, settled_funds=760 * M, jobs_created=0)
    project("P4", commune=w.lam_dien_old, activity="technology", accepted=D(2016, 2, 1), beneficiaries=[e3],
            approved_funds=100 * M, settled_funds=100 * M, jobs_created=5)
    project("P5", commune=w.phu_nghia, state="in_progress", approved_funds=300 * M, jobs_created=7)
    project("P6", accepted=D(2013, 6, 1), plan=plan_hcmc, approved_funds=50 * M, jobs_created=3)  # another city's
    project("P7", commune=w.phu_nghia, accepted=D(2010, 12, 31), approved_funds=9 * M, jobs_created=9)

    def product(code, est, new, when):
        Product.objects.create(code=code, name=code, search_name=code.lower(), establishment=est,
                               is_new_design=new, design_date=when)

    product("Pr1", e1, True, D(2013, 6, 1))
    product("Pr2", e3, True, D(2015, 1, 10))
    product("Pr3", e4, True, D(2016, 3, 1))
    product("Pr4", e2, False, D(2014, 1, 1))
    product("Pr5", e2, True, None)

    def klass(code, kind, commune, end, trainees):
        c = TrainingClass.objects.create(code=code, kind=kind, craft=crafts["Mây tre đan"], start_date=end,
                                         end_date=end, follow_up_due_on=end, **located(commune))
        for completed, follow_ups in trainees:
            t = Trainee.objects.create(training_class=c, full_name=code, completed=completed)
            for when, employed in follow_ups:
                FollowUp.objects.create(trainee=t, date=when, employed=employed)
        return c

    klass("K1", "truyen_nghe", w.phu_nghia_old, D(2013, 5, 30), [
        (True, [(D(2013, 9, 1), False), (D(2013, 12, 1), True)]),   # T1: employed at the latest
        (True, []),                                                 # T2: never followed up
        (True, [(D(2013, 12, 1), True), (D(2013, 12, 1), False)]),  # T3: same day, the later entry counts
        (False, [(D(2013, 12, 1), True)]),                          # T4: did not complete
    ])
    klass("K2", "cay_nghe", w.lam_dien_old, D(2015, 7, 31), [(True, [(D(2016, 2, 1), True)]),
                                                             (True, [(D(2015, 9, 1), False), (D(2016, 2, 1), True)])])
    klass("K3", "management", w.phu_nghia, D(2014, 9, 18), [(True, []), (True, []), (False, [])])
    klass("K4", "design", w.truc_bach_old, D(2015, 10, 1), [(True, [])])
    klass("K5", "nang_cao", w.phu_nghia_old, D(2014, 6, 1), [(True, [(D(2014, 12, 1), True)])])
    klass("K6", "truyen_nghe", w.phu_nghia, D(2016, 1, 15), [(True, [(D(2016, 8, 1), True)])])
    klass("K7", "truyen_nghe", w.ba_dinh, D(2012, 4, 1), [(True, [])])

    def village(code, commune, names, recognition=Recognition.NONE, year=None, stats=None):
        v = CraftVillage.objects.create(code=code, name=code, search_name=code.lower(), recognition=recognition,
                                        recognition_year=year, **located(commune))
        v.crafts.set([crafts[n] for n in names])
        for y, values in (stats or {}).items():
            CraftVillageYear.objects.create(village=v, year=y, **values)
        return v

    def transplant(v, craft, year, checks=()):
        t = CraftTransplant.objects.create(village=v, craft=crafts[craft], year=year)
        for y, practising in checks:
            TransplantCheck.objects.create(transplant=t, year=y, still_practising=practising)

    village("V1", w.phu_nghia_old, ["Mây tre đan"], Recognition.TRADITIONAL, 2002, {
        2015: {"households": 500, "craft_households": 300, "workers": 900, "production_value": 50_000 * M},
        2014: {"workers": 800}})
    v2 = village("V2", w.phu_nghia, ["Gốm", "Dệt"], Recognition.LANG_NGHE, 2016, {
        2015: {"craft_households": 40, "workers": 100, "production_value": 5_000 * M}})
    transplant(v2, "Dệt", 2018)  # a second craft, brought later: V2 was a village with a craft all along
    v3 = village("V3", w.lam_dien_old, ["Thêu ren", "Nón lá"], stats={2015: {"workers": 50}})
    transplant(v3, "Nón lá", 2013)  # never checked
    v4 = village("V4", w.truc_bach_old, ["Mây tre đan"], stats={2015: {"workers": 999}})
    transplant(v4, "Mây tre đan", 2017, [(2018, True)])  # its only craft came after 2015
    v5 = village("V5", w.phu_nghia_old, ["Mây tre đan"])
    transplant(v5, "Mây tre đan", 2014, [(2015, True), (2016, False)])  # given up at the latest check
    v6 = village("V6", w.phu_nghia, ["Thêu ren"])
    transplant(v6, "Thêu ren", 2012, [(2013, True)])
    v8 = village("V8", w.phu_nghia, ["Đan lát"])
    transplant(v8, "Đan lát", 2015, [(2016, True)])

    elements = {e.code: e for e in DataElement.objects.all()}

    def data(code, year, value, state=ValueState.APPROVED, where=None):
        DataValue.objects.create(element=elements[code], unit=where or w.hanoi, year=year, value=Decimal(value),
                                 state=state)

    data("cnnt_production_value", 2010, 100_000 * M)
    data("cnnt_production_value", 2011, 105_000 * M)  # not the base: the base is the year before the period
    data("cnnt_production_value", 2014, 150_000 * M)
    data("cnnt_production_value", 2015, 161_051 * M)
    data("industrial_production_value", 2015, 1_100_000 * M, state=ValueState.SUBMITTED)
    data("handicraft_exports_usd", 2015, 300_000_000)
    w.e1, w.e2, w.e3, w.e4 = e1, e2, e3, e4
    return w
