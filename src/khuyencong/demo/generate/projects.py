"""Historical projects of the demo, 2010–2025, as rows of the `projects` import kind (recorded states, not walked
through the workflow). Calibration: the projects accepted in 2011–2015 support exactly 5,037 distinct
establishments and record 49,760 jobs; 64 technology projects are accepted in 2016–2020."""

import random
from dataclasses import dataclass, field

from khuyencong.demo.generate.registry import Registry, allocate
from khuyencong.demo.published import ESTABLISHMENTS_SUPPORTED_2011_2015, JOBS_2011_2015, TECHNOLOGY_PROJECTS_2016_2020

M = 1_000_000

# activity: (share of projects, beneficiaries (low, high), title templates)
ACTIVITIES = {
    "technology": (30, (1, 3), ["Hỗ trợ ứng dụng máy móc tiên tiến trong sản xuất {craft}",
                                "Mô hình trình diễn kỹ thuật sản xuất {craft}"]),
    "training": (16, (0, 2), ["Đào tạo nghề, truyền nghề {craft}", "Nhân cấy nghề {craft} cho lao động nông thôn"]),
    "products": (16, (25, 70), ["Hội chợ hàng thủ công mỹ nghệ và sản phẩm CNNT tiêu biểu",
                                "Bình chọn sản phẩm công nghiệp nông thôn tiêu biểu",
                                "Xúc tiến thương mại sản phẩm {craft}"]),
    "management": (9, (6, 20), ["Nâng cao năng lực quản lý cho cơ sở {craft}", "Khởi sự doanh nghiệp CNNT"]),
    "advice": (10, (3, 10), ["Tư vấn thiết kế mẫu {craft}", "Tư vấn đầu tư, tiếp cận chính sách"]),
    "information": (7, (0, 0), ["Bản tin khuyến công Hà Nội", "Tuyên truyền chính sách khuyến công"]),
    "linkage": (8, (1, 5), ["Hỗ trợ xử lý ô nhiễm môi trường làng nghề {craft}", "Liên kết sản xuất {craft}"]),
    "international": (2, (2, 8), ["Tham quan, học tập kinh nghiệm nước ngoài"]),
    "capacity": (2, (0, 0), ["Tập huấn nâng cao năng lực cán bộ khuyến công"]),
}
CITYWIDE = ("products", "information", "international", "capacity")
# period: (first year, last year, projects accepted, distinct establishments supported, jobs)
PERIODS = [
    (2010, 2010, 90, 700, 8_200),
    (2011, 2015, 560, ESTABLISHMENTS_SUPPORTED_2011_2015, JOBS_2011_2015),
    (2016, 2020, 380, 3_400, 68_300),
    (2021, 2025, 420, 3_900, 64_800),
]


@dataclass
class History:
    rows: list[dict] = field(default_factory=list)
    training_projects: dict = field(default_factory=dict)   # year -> [project code]


def build(rng: random.Random, reg: Registry, successor: dict[str, str]) -> History:
    history = History()
    activities = list(ACTIVITIES)
    shares = [ACTIVITIES[a][0] for a in activities]
    commune_of = {e["code"]: (e["hierarchy"], e["commune_code"]) for e in reg.establishments}
    village_of = {e["code"]: e["craft_village_code"] for e in reg.establishments}
    legacy_est = [e["code"] for e in reg.establishments if e["hierarchy"] == "legacy"]
    recent_est = [e["code"] for e in reg.establishments if e["hierarchy"] == "current"]
    for first, last, count, supported, jobs in PERIODS:
        kinds = [rng.choices(activities, shares)[0] for _ in range(count)]
        if first == 2016:  # exactly the published technology projects
            tech = [i for i, k in enumerate(kinds) if k == "technology"]
            others = [i for i, k in enumerate(kinds) if k != "technology"]
            for i in tech[TECHNOLOGY_PROJECTS_2016_2020:]:
                kinds[i] = "advice"
            for i in others[:max(0, TECHNOLOGY_PROJECTS_2016_2020 - len(tech))]:
                kinds[i] = "technology"
        capacity = [rng.uniform(*ACTIVITIES[k][1]) for k in kinds]
        sizes = allocate(supported, [c + 0.01 for c in capacity])
        pool = rng.sample(legacy_est, supported)
        jobs_each = allocate(jobs, [(3 if k in ("training", "technology") else 1) * rng.uniform(0.5, 1.5)
                                    for k in kinds])
        start = 0
        for i, (kind, size) in enumerate(zip(kinds, sizes, strict=True)):
            beneficiaries = pool[start:start + size]
            start += size
            if beneficiaries and start > size and rng.random() < 0.12:  # supported again: counted once
                beneficiaries.append(rng.choice(pool[:start - size]))
            year = first + i * (last - first + 1) // count
            accepted = f"{rng.randint(1, 28):02d}/{rng.randint(6, 12):02d}/{year}"
            after_reform = (year, int(accepted[3:5])) >= (2025, 7)
            hierarchy, commune = "legacy", ""
            if kind not in CITYWIDE:
                hierarchy, commune = commune_of[beneficiaries[0]] if beneficiaries else ("legacy", rng.choice(
                    list(successor)))
                if after_reform and hierarchy == "legacy":
                    hierarchy, commune = "current", successor[commune]
            if after_reform and recent_est and kind == "technology":
                beneficiaries = beneficiaries + [rng.choice(recent_est)]
            craft = reg.craft_of.get(village_of.get(beneficiaries[0]) if beneficiaries else "", "mây tre đan")
            title = rng.choice(ACTIVITIES[kind][2]).format(craft=craft.split(",")[0].lower())
            approved = _funds(rng, kind, len(beneficiaries))
            code = f"KC-{year}-{i + 1:03d}"
            history.rows.append({
                "code": code, "title": f"{title} ({year})", "activity": kind,
                "funding_source": "national" if rng.random() < 0.15 else "local", "plan_year": str(year),
                "commune_code": commune, "beneficiaries": ";".join(beneficiaries),
                "approved_funds": str(approved), "settled_funds": str(approved - rng.randint(0, 5) * M),
                "counterpart_funds": str(approved * rng.randint(1, 3) if kind == "technology" else 0),
                "status": "settled" if rng.random() < 0.9 else "accepted", "accepted_on": accepted,
                "jobs_created": str(jobs_each[i]), "hierarchy": hierarchy})
            if kind == "training":
                history.training_projects.setdefault(year, []).append(code)
    # a few that never reached acceptance (recorded as they ended)
    for i, (year, status) in enumerate([(2013, "stopped"), (2014, "rejected"), (2017, "cancelled"),
                                        (2018, "stopped"), (2022, "rejected")]):
        history.rows.append({"code": f"KC-{year}-9{i:02d}", "title": f"Tư vấn thiết kế mẫu mây tre đan ({year})",
                             "activity": "advice", "funding_source": "local", "plan_year": str(year),
                             "commune_code": "", "beneficiaries": "", "approved_funds": "", "settled_funds": "",
                             "counterpart_funds": "", "status": status, "accepted_on": "", "jobs_created": "",
                             "hierarchy": "legacy"})
    return history


def _funds(rng: random.Random, kind: str, beneficiaries: int) -> int:
    if kind == "technology":
        return rng.randint(15, 60) * 10 * M
    if kind == "products":
        return rng.randint(40, 150) * 10 * M
    if kind == "training":
        return rng.randint(10, 40) * 10 * M
    return rng.randint(5, 30) * 10 * M + beneficiaries * 2 * M
