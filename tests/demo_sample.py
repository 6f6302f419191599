"""A small slice of the demo for tests that need a few records of each kind on their pages (the browser tests):
the demo users, a few villages, establishments, products, historical projects, two classes with trainees, a
transplant, and this year's projects in every workflow state — through the same import kinds and services as
`khuyencong demo`, in a few seconds instead of the full dataset's minute."""

import random

from django.test import override_settings

from khuyencong.accounts.scoping import SYSTEM
from khuyencong.demo import names
from khuyencong.demo.generate import workflow
from khuyencong.demo.users import DEMO_PASSWORD, create_users
from khuyencong.imports.services.runs import import_rows

__all__ = ["DEMO_PASSWORD", "load_sample"]

VILLAGES = [
    {"code": "LN-PHUVINH", "name": "Làng mây tre đan Phú Vinh", "commune_code": "10033", "crafts": "Mây tre đan",
     "recognition": "lang_nghe_truyen_thong", "recognition_year": "2002"},
    {"code": "LN-HATHAI", "name": "Làng sơn mài Hạ Thái", "commune_code": "10192", "crafts": "Sơn mài",
     "recognition": "lang_nghe_truyen_thong", "recognition_year": "2001"},
    {"code": "CN-2011-001", "name": "Thôn Đồng Dương", "commune_code": "10069", "crafts": "Mây tre đan",
     "recognition": "none", "recognition_year": ""},
]
ESTABLISHMENTS = [
    {"code": "CS-00001", "name": "HTX Mây tre đan Phú Vinh", "kind": "HTX", "commune_code": "10033",
     "craft_village_code": "LN-PHUVINH", "workers": "210"},
    {"code": "CS-00002", "name": "Cơ sở mây tre Nguyễn Văn Điển", "kind": "HKD", "commune_code": "10033",
     "craft_village_code": "LN-PHUVINH", "workers": "15"},
    {"code": "CS-00003", "name": "Công ty CP Sơn mài Duyên Thái", "kind": "DN", "commune_code": "10192",
     "craft_village_code": "LN-HATHAI", "workers": "70"},
]


def _ok(kind, rows, **options):
    result = import_rows(kind=kind, rows=rows, user=SYSTEM, hierarchy="legacy", mode="create", **options)
    assert result.ok, (kind, result.file_error, result.errors[:3])


def load_sample() -> dict:
    # With the tests' immediate task backend every import and transition would rebuild the indicator aggregates
    # after its commit; the pages compute directly instead.
    with override_settings(INDICATORS_SOURCE="direct"):
        return _load()


def _load() -> dict:
    rng = random.Random(2016)
    users = create_users()
    _ok("craft_villages", VILLAGES)
    _ok("village_years", [{"village_code": "LN-PHUVINH", "year": "2015", "households": "820",
                           "craft_households": "610", "workers": "3200", "production_value": "210000000000"}])
    _ok("establishments", ESTABLISHMENTS)
    _ok("products", [{"code": "SP-00001", "name": "Giỏ mây đan hoa sen", "establishment_code": "CS-00001",
                      "is_new_design": "có", "design_date": "12/05/2014"}])
    _ok("projects", [{"code": "KC-2014-001", "title": "Đào tạo nghề mây tre đan Phú Vinh (2014)",
                      "activity": "training", "funding_source": "local", "plan_year": "2014",
                      "commune_code": "10033", "beneficiaries": "CS-00001;CS-00002", "approved_funds": "300000000",
                      "settled_funds": "295000000", "status": "settled", "accepted_on": "15/12/2014",
                      "jobs_created": "60"}])
    _ok("training_classes", [
        {"code": "TN-2014-01", "kind": "truyen_nghe", "craft": "Mây tre đan", "commune_code": "10033",
         "start": "03/03/2014", "end": "30/05/2014", "village_code": "LN-PHUVINH", "project_code": "KC-2014-001",
         "name": "Truyền nghề mây tre đan Phú Vinh"},
        {"code": "CN-2014-02", "kind": "cay_nghe", "craft": "Mây tre đan", "commune_code": "10069",
         "start": "02/06/2014", "end": "29/08/2014", "village_code": "CN-2011-001",
         "name": "Nhân cấy nghề mây tre đan thôn Đồng Dương"}])
    trainees = []
    for class_code in ("TN-2014-01", "CN-2014-02"):
        for i in range(12):
            name, gender = names.person(rng)
            born = 2014 - rng.randint(18, 50)
            trainees.append({"class_code": class_code, "full_name": name, "birth_year": str(born),
                             "gender": "Nam" if gender == "male" else "Nữ",
                             "id_number": f"001{'0' if gender == 'male' else '1'}{born % 100:02d}{i:06d}",
                             "completed": "có" if i < 10 else "không",
                             "employed": ("có" if i < 7 else "không" if i < 9 else "") if i < 10 else ""})
    _ok("trainees", trainees)
    _ok("transplants", [{"village_code": "CN-2011-001", "craft": "Mây tre đan", "year": "2014",
                         "project_code": "KC-2014-001", "sustained": "có", "households_trained": "60"}])
    workflow.walk(users, workflow.programmes_and_plans())
    return users
