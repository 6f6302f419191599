"""Training rows of the demo: classes, trainees (with their employment at the six-month follow-up) and craft
transplants, as rows of the `training_classes`, `trainees` and `transplants` import kinds.

Calibration (`published.TRAINING`): per programme period, the truyền nghề / nhân cấy nghề classes that ended in
it, their completing trainees (every one followed up) and how many were employed; the management and design
classes and their completing managers. Each class also has a few trainees who did not complete, and each period
a few nâng cao tay nghề classes (counted in neither figure).
"""

import datetime
import random
from dataclasses import dataclass, field

from khuyencong.demo import names
from khuyencong.demo.generate.registry import Registry, allocate
from khuyencong.demo.published import TRAINING

REFORM = datetime.date(2025, 7, 1)
UPGRADE_CLASSES = 4   # nâng cao tay nghề, per period


@dataclass
class Training:
    classes: list[dict] = field(default_factory=list)
    trainees: list[dict] = field(default_factory=list)
    transplants: list[dict] = field(default_factory=list)


def build(rng: random.Random, reg: Registry, training_projects: dict, successor: dict[str, str]) -> Training:
    out = Training()
    _ISSUED.clear()
    _SEQ.clear()
    craft_villages = sorted(c for c in reg.commune_of if c.startswith("LN-") and reg.commune_of[c][0] == "legacy")
    for period, (classes, completing, employed, mgmt_classes, managers) in TRAINING.items():
        first, last = (int(y) for y in period.split("-"))
        transplant_villages = reg.transplant_villages[period]
        # craft-teaching classes: a fifth are nhân cấy nghề classes in the villages that receive a craft
        kinds = ["cay_nghe" if i % 5 == 0 and i // 5 < len(transplant_villages) else "truyen_nghe"
                 for i in range(classes)]
        sizes = allocate(completing, [rng.uniform(0.6, 1.4) for _ in range(classes)])
        employed_set = set(rng.sample(range(completing), employed))
        n = 0
        for i, (kind, size) in enumerate(zip(kinds, sizes, strict=True)):
            village = transplant_villages[i // 5][0] if kind == "cay_nghe" else rng.choice(craft_villages)
            code = _class(out, rng, reg, kind, village, first, last, i, size, training_projects, successor)
            for j in range(size):
                out.trainees.append(_trainee(rng, code, out.classes[-1], completed=True,
                                             employed=n + j in employed_set))
            for _ in range(rng.choice((0, 0, 0, 1, 2))):
                out.trainees.append(_trainee(rng, code, out.classes[-1], completed=False))
            n += size
        # management (khởi sự, quản trị) and design classes: managers who already run an establishment
        for i, size in enumerate(allocate(managers, [rng.uniform(0.7, 1.3) for _ in range(mgmt_classes)])):
            kind = "design" if i % 7 == 6 else "management"
            code = _class(out, rng, reg, kind, None, first, last, i, size, training_projects, successor)
            for _ in range(size):
                out.trainees.append(_trainee(rng, code, out.classes[-1], completed=True, manager=True))
        for i in range(UPGRADE_CLASSES):
            code = _class(out, rng, reg, "nang_cao", rng.choice(craft_villages), first, last, i, 20,
                          training_projects, successor)
            for _ in range(rng.randint(15, 25)):
                out.trainees.append(_trainee(rng, code, out.classes[-1], completed=True, manager=True))
        # the transplants of the period; 2011–2015's are all still practising
        for village, craft in transplant_villages:
            year = rng.randint(first, last)
            sustained = period == "2011-2015" or rng.random() < 0.85
            out.transplants.append({"village_code": village, "craft": craft, "year": str(year),
                                    "project_code": rng.choice(training_projects.get(year, [""])),
                                    "sustained": "có" if sustained else "không",
                                    "households_trained": str(rng.randint(20, 80))})
    return out


PREFIX = {"truyen_nghe": "TN", "cay_nghe": "CN", "nang_cao": "NC", "management": "QL", "design": "TK"}
TITLE = {"truyen_nghe": "Truyền nghề {craft} làng {place}", "cay_nghe": "Nhân cấy nghề {craft} thôn {place}",
         "nang_cao": "Nâng cao tay nghề {craft} làng {place}", "management": "Khởi sự và quản trị doanh nghiệp CNNT",
         "design": "Thiết kế mẫu sản phẩm thủ công mỹ nghệ"}


def _class(out, rng, reg, kind, village, first, last, i, size, training_projects, successor) -> str:
    end_year = rng.randint(first, last)
    end = datetime.date(end_year, rng.randint(2, 12), rng.randint(1, 28))
    days = 5 if kind in ("management", "design") else rng.randint(45, 90)
    start = end - datetime.timedelta(days=days)
    hierarchy, commune = reg.commune_of[village] if village else ("legacy", rng.choice(sorted(successor)))
    village_code = village or ""
    if end >= REFORM:  # opened under today's communes
        hierarchy, commune, village_code = "current", successor[commune], ""
    code = f"{PREFIX[kind]}-{end_year}-{len(out.classes) + 1:04d}"
    craft = reg.craft_of.get(village, "Quản trị kinh doanh" if kind in ("management", "design") else "Mây tre đan")
    place = reg_name(reg, village)
    per_head = rng.randint(8, 12) * 100_000 if kind in ("management", "design") else rng.randint(30, 45) * 100_000
    project = ""
    if kind in ("truyen_nghe", "cay_nghe") and training_projects.get(end_year) and rng.random() < 0.6:
        project = rng.choice(training_projects[end_year])
    out.classes.append({
        "code": code, "kind": kind, "craft": craft, "commune_code": commune, "start": f"{start:%d/%m/%Y}",
        "end": f"{end:%d/%m/%Y}", "project_code": project, "village_code": village_code,
        "name": TITLE[kind].format(craft=craft.split(",")[0].lower(), place=place).strip(),
        "teachers": "Nghệ nhân và thợ giỏi của làng" if village else "Giảng viên Trường Đại học Kinh tế Quốc dân",
        "planned_trainees": str(size + 2), "cost": str(per_head * size), "hierarchy": hierarchy,
        "status": "completed"})  # every demo class has ended (the last in 2025)
    return code


def reg_name(reg: Registry, village: str | None) -> str:
    return reg.village_places.get(village, "") if village else ""


_ISSUED: set = set()
_SEQ: dict = {}


def _trainee(rng, class_code: str, cls: dict, *, completed: bool, employed: bool = False, manager=False) -> dict:
    name, gender = names.person(rng)
    year = int(cls["end"][-4:])
    born = year - (rng.randint(25, 58) if manager else rng.randint(17, 50))
    id_number = names.id_number(rng, born, gender)
    while id_number in _ISSUED:  # one person, one ID number
        id_number = names.id_number(rng, born, gender)
    _ISSUED.add(id_number)
    _SEQ[class_code] = _SEQ.get(class_code, 0) + 1
    followed = completed and not manager and (year < 2025 or rng.random() < 0.7)  # some 2025 ones are due
    return {"class_code": class_code, "full_name": name, "birth_year": str(born),
            "gender": "Nam" if gender == "male" else "Nữ", "id_number": id_number,
            "completed": "có" if completed else "không",
            "employed": ("có" if employed else "không") if followed else "",
            "certificate_number": f"{class_code}/{_SEQ[class_code]:03d}" if completed else ""}
