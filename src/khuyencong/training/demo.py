"""Demo training data in Hanoi, 2014–2015: classes with trainees, completions and follow-ups; two transplants.

Records of 2014–2015 are placed in the old (legacy) communes, as they were recorded then. Crafts,
villages and a training project are reused when the registry/projects demos made them, else created.
Idempotent: a class or transplant that already exists is left alone. All writes go through the services.
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction

from khuyencong.core.text import fold
from khuyencong.geo.models import Hierarchy, Level
from khuyencong.geo.selectors import unit_get
from khuyencong.projects.models import Activity, Project
from khuyencong.registry.derive import apply_derived
from khuyencong.registry.models import CraftVillage, Establishment, Recognition
from khuyencong.registry.services import craft_for_name, village_create
from khuyencong.training.models import CraftTransplant, TrainingClass
from khuyencong.training.services import classes as services
from khuyencong.training.services import trainees as roster_services
from khuyencong.training.services.transplants import transplant_check_add, transplant_create

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đỗ", "Bùi", "Đặng", "Ngô"]
MIDDLE = {"male": ["Văn", "Đức", "Minh", "Quang"], "female": ["Thị", "Thị", "Ngọc", "Thu"]}
GIVEN = {"male": ["An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Long", "Nam", "Sơn", "Tuấn", "Việt"],
         "female": ["Anh", "Chi", "Dung", "Hà", "Hằng", "Hoa", "Lan", "Mai", "Nga", "Oanh", "Thảo", "Yến"]}

# code, name, kind, craft, legacy commune, village key, start, end, trainees, completing, followed, employed
CLASSES = [
    ("TN-2014-01", "Truyền nghề mây tre đan Phú Vinh", "truyen_nghe", "Mây tre đan", "10033", "phu_vinh",
     datetime.date(2014, 3, 3), datetime.date(2014, 5, 30), 30, 28, 24, 20),
    ("CN-2014-02", "Nhân cấy nghề mây tre đan thôn Đồng Dương", "cay_nghe", "Mây tre đan", "10069", "dong_duong",
     datetime.date(2014, 6, 2), datetime.date(2014, 8, 29), 25, 22, 18, 14),
    ("NC-2015-01", "Nâng cao tay nghề sơn mài Hạ Thái", "nang_cao", "Sơn mài", "10192", "ha_thai",
     datetime.date(2015, 3, 9), datetime.date(2015, 4, 30), 20, 20, 15, 14),
    ("CN-2015-02", "Nhân cấy nghề thêu ren thôn Cao Xá", "cay_nghe", "Thêu ren", "10363", "cao_xa",
     datetime.date(2015, 5, 4), datetime.date(2015, 7, 31), 24, 21, 10, 7),
    ("QL-2015-01", "Quản trị doanh nghiệp cho cơ sở CNNT Chương Mỹ", "management", "Mây tre đan", "10015", None,
     datetime.date(2015, 9, 14), datetime.date(2015, 9, 18), 35, 34, 0, 0),
]

# The registry demo's codes for the same villages, used when that demo ran first.
REGISTRY_CODES = {"phu_vinh": "LN-PHUVINH", "ha_thai": "LN-HATHAI"}

VILLAGES = {
    # key: (code, name, legacy commune, crafts, recognition, year)
    "phu_vinh": ("DT-PHUVINH", "Làng Phú Vinh", "10033", ["Mây tre đan"], Recognition.TRADITIONAL, 2002),
    "ha_thai": ("DT-HATHAI", "Làng Hạ Thái", "10192", ["Sơn mài"], Recognition.TRADITIONAL, 2005),
    "dong_duong": ("DT-DONGDUONG", "Thôn Đồng Dương", "10069", ["Trồng lúa"], Recognition.NONE, None),
    "cao_xa": ("DT-CAOXA", "Thôn Cao Xá", "10363", ["Trồng lúa"], Recognition.NONE, None),
}

# village key, craft, year, households trained, checks (year, still practising, households in the craft)
TRANSPLANTS = [
    ("dong_duong", "Mây tre đan", 2014, 60, [(2015, True, 48), (2016, True, 55), (2017, True, 61)]),
    ("cao_xa", "Thêu ren", 2015, 45, [(2016, True, 30), (2017, False, None)]),
]


def _commune(code: str):
    return unit_get(code=code, hierarchy=Hierarchy.LEGACY, level=Level.COMMUNE)


def _village(key: str, actor) -> CraftVillage:
    code, name, commune_code, crafts, recognition, year = VILLAGES[key]
    commune = _commune(commune_code)
    village = (CraftVillage.objects.filter(code__in=[code, REGISTRY_CODES.get(key, code)]).order_by("code").first()
               or CraftVillage.objects.filter(search_name=fold(name), commune=commune).first())
    if village is None:  # through the service, as any new village: audited, placed at its commune's point
        village = village_create(actor=actor, code=code, name=name, commune=commune, crafts=crafts,
                                 recognition=recognition, recognition_year=year)
    return village


def _project() -> Project:
    existing = Project.objects.filter(activity=Activity.TRAINING, plan_year__in=[2014, 2015]).order_by("code").first()
    if existing:
        return existing
    project = Project(
        code="KC-DT-2014-01", title="Đào tạo nghề và nhân cấy nghề mây tre đan huyện Chương Mỹ",
        activity=Activity.TRAINING, funding_source="local", plan_year=2014, commune=_commune("10033"),
        implementing_unit="Trung tâm Khuyến công và Tư vấn phát triển công nghiệp Hà Nội", imported=True,
        state="accepted", approved_funds=310_000_000, approved_on=datetime.date(2014, 2, 20),
        accepted_on=datetime.date(2014, 12, 15),
    )
    apply_derived(project)
    project.search_title = fold(project.title)
    project.save()
    return project


def _roster(rng: random.Random, count: int, year: int) -> str:
    lines = []
    for i in range(count):
        gender = "female" if rng.random() < 0.6 else "male"
        name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE[gender])} {rng.choice(GIVEN[gender])}"
        born = year - rng.randint(18, 55)
        digit = ("0" if gender == "male" else "1") if born < 2000 else ("2" if gender == "male" else "3")
        id_number = f"001{digit}{born % 100:02d}{rng.randint(0, 999_999):06d}" if i % 5 else ""
        lines.append(f"{name}; {born}; {'Nam' if gender == 'male' else 'Nữ'}; {id_number}")
    return "\n".join(lines)


@transaction.atomic
def seed(stdout) -> None:
    actor = get_user_model().objects.filter(username="canbo").first()
    rng = random.Random(2014)
    project = _project()
    made = 0
    for (code, name, kind, craft, commune, village, start, end, size, done, followed, employed) in CLASSES:
        if TrainingClass.objects.filter(code=code).exists():
            continue
        cls = services.class_create(
            actor=actor, code=code, name=name, kind=kind, craft=craft_for_name(craft),
            commune=_commune(commune), village=_village(village, actor) if village else None, start_date=start,
            end_date=end, teachers="Nghệ nhân và thợ giỏi của làng", planned_trainees=size,
            project=project if kind in ("truyen_nghe", "cay_nghe") and start.year == 2014 else None,
            cost=size * 3_500_000,
        )
        trainees = roster_services.roster_paste(
            actor=actor, training_class=cls, text=_roster(rng, size, start.year)).trainees
        completing = trainees[:done]
        roster_services.roster_mark_completion(actor=actor, training_class=cls,
                                        completed={t.pk: f"{code}/{i + 1:03d}" for i, t in enumerate(completing)})
        services.class_complete(actor=actor, training_class=cls, completed_on=end)
        employer = Establishment.objects.filter(craft_village=cls.village).order_by("code").first() if village else None
        for i, trainee in enumerate(completing[:followed]):
            first = cls.follow_up_due_on + datetime.timedelta(days=rng.randint(0, 40))
            if i % 4 == 0:  # some were first checked early, without work, then found work
                roster_services.follow_up_add(actor=actor, trainee=trainee, date=end + datetime.timedelta(days=60),
                                       employed=False)
            roster_services.follow_up_add(
                actor=actor, trainee=trainee, date=first, employed=i < employed,
                employer=employer if i < employed and i % 2 else None,
                employer_name=f"Cơ sở {craft.lower()} {VILLAGES[village][1]}" if village and i < employed and not (
                    employer and i % 2) else "",
                monthly_income=rng.randrange(3_000_000, 6_000_000, 100_000) if i < employed else None,
            )
        made += 1
    transplanted = 0
    for key, craft, year, households, checks in TRANSPLANTS:
        village = _village(key, actor)
        craft_obj = craft_for_name(craft)
        if CraftTransplant.objects.filter(village=village, craft=craft_obj).exists():
            continue
        transplant = transplant_create(actor=actor, village=village, craft=craft_obj, year=year,
                                       project=project if year == 2014 else None, households_trained=households)
        for check_year, practising, craft_households in checks:
            transplant_check_add(actor=actor, transplant=transplant, year=check_year, still_practising=practising,
                                 craft_households=craft_households)
        transplanted += 1
    stdout.write(f"Đào tạo: {made} lớp mẫu (2014–2015), {transplanted} làng cấy nghề.")
