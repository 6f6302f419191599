"""Training fixtures: a craft, villages and classes in Hanoi (Xã Phú Nghĩa, current 10030 / legacy 10033)."""

import datetime

import pytest

from khuyencong.geo.models import Hierarchy
from khuyencong.geo.selectors import unit_get
from khuyencong.registry.derive import apply_derived
from khuyencong.registry.models import CraftVillage, Recognition
from khuyencong.registry.services import craft_for_name
from khuyencong.training.services.classes import class_create
from khuyencong.training.services.trainees import follow_up_add, roster_paste


@pytest.fixture
def phu_nghia(db):
    return unit_get(code="10030", hierarchy=Hierarchy.CURRENT, level="commune")


@pytest.fixture
def ba_dinh(db):
    return unit_get(code="00004", hierarchy=Hierarchy.CURRENT, level="commune")


@pytest.fixture
def staff(make_user):
    return make_user("canbo", role="centre_staff", unit="01")


@pytest.fixture
def craft(db):
    return craft_for_name("mây tre đan")


def make_village(code, commune, *, crafts=(), recognition=Recognition.NONE, year=None, name=None):
    village = CraftVillage(code=code, name=name or f"Làng {code}", commune=commune, recognition=recognition,
                           recognition_year=year)
    apply_derived(village)
    village.save()
    village.crafts.set(crafts)
    return village


@pytest.fixture
def make_class(staff, craft, phu_nghia):
    counter = iter(range(1, 1000))

    def make(code=None, *, commune=None, start=datetime.date(2014, 3, 1), end=datetime.date(2014, 6, 30), **extra):
        return class_create(actor=staff, code=code or f"L{next(counter):03d}", kind=extra.pop("kind", "truyen_nghe"),
                            craft=extra.pop("craft", craft), commune=commune or phu_nghia, start_date=start,
                            end_date=end, **extra)

    return make


@pytest.fixture
def filled_class(staff, make_class):
    """A 2014 class of four trainees: three completed, two of them followed up."""
    cls = make_class("TN-2014-01", name="Truyền nghề mây tre đan Phú Nghĩa")
    result = roster_paste(actor=staff, training_class=cls, text=(
        "Nguyễn Văn An; 1990; Nam; 001090001234\n"
        "Trần Thị Bình; 1985; Nữ; 001185005678\n"
        "Lê Thị Cúc; 1992; nu\n"
        "Phạm Văn Dũng; 1970; nam; 001070009999\n"
    ))
    an, binh, cuc, dung = result.trainees
    from khuyencong.training.services.trainees import roster_mark_completion

    roster_mark_completion(actor=staff, training_class=cls, completed={an.pk: "CC-1", binh.pk: "CC-2", cuc.pk: ""})
    follow_up_add(actor=staff, trainee=an, date=datetime.date(2014, 9, 1), employed=False)
    follow_up_add(actor=staff, trainee=an, date=datetime.date(2015, 1, 5), employed=True, employer_name="Xưởng mây")
    follow_up_add(actor=staff, trainee=binh, date=datetime.date(2015, 1, 5), employed=True)
    follow_up_add(actor=staff, trainee=binh, date=datetime.date(2015, 6, 5), employed=False)
    cls.refresh_from_db()
    return cls
