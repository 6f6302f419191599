# ruff: noqa: E501  (the table of real villages reads best one village per line)
"""Registry rows of the demo: craft villages (with the villages that will receive a transplant), their yearly
statistics, establishments and products, as import rows ({column: text}) for `imports.import_rows`.

Calibration (2015, see `published.py`): 1,100 villages with a craft of their own plus the 250 villages given one
by a transplant in 2011–2015 make the 1,350; 274 of the first were recognised by 2015 (198 traditional); the 2015
statistics of those 1,350 villages add up exactly to the published workers, households and production value.
"""

import random
from dataclasses import dataclass, field

from khuyencong.demo import names
from khuyencong.demo.generate.directory import describe
from khuyencong.demo.published import NEW_DESIGNS_2011_2015, VILLAGES_2015

L, C = "legacy", "current"

# Real villages of Hà Nội in their old communes: code, name, commune, crafts, recognition, year.
FAMOUS = [
    ("LN-VANPHUC", "Làng lụa Vạn Phúc", "09544", "Dệt may", "lang_nghe_truyen_thong", 2001),
    ("LN-BATTRANG", "Làng gốm Bát Tràng", "00583", "Gốm sứ", "lang_nghe_truyen_thong", 2004),
    ("LN-PHUVINH", "Làng mây tre đan Phú Vinh", "10033", "Mây tre đan", "lang_nghe_truyen_thong", 2002),
    ("LN-SONDONG", "Làng tạc tượng Sơn Đồng", "09859", "Chạm khắc gỗ;Sơn mài", "lang_nghe_truyen_thong", 2003),
    ("LN-QPCAU", "Làng hương Quảng Phú Cầu", "10366", "Làm hương;Mây tre đan", "lang_nghe", 2005),
    ("LN-HATHAI", "Làng sơn mài Hạ Thái", "10192", "Sơn mài", "lang_nghe_truyen_thong", 2001),
    ("LN-KIEUKY", "Làng quỳ vàng Kiêu Kỵ", "00580", "Dát vàng bạc quỳ;Da giày", "lang_nghe_truyen_thong", 2006),
    ("LN-NHIKHE", "Làng tiện gỗ Nhị Khê", "10189", "Tiện gỗ", "lang_nghe_truyen_thong", 2002),
    ("LN-THACHXA", "Làng chuồn chuồn tre Thạch Xá", "10003", "Làm đồ chơi dân gian;Mây tre đan", "lang_nghe", 2008),
    ("LN-DUONGLIEU", "Làng chế biến nông sản Dương Liễu", "09841", "Chế biến nông sản, thực phẩm", "lang_nghe", 2007),
    ("LN-CHUYENMY", "Làng khảm trai Chuyên Mỹ", "10321", "Khảm trai", "lang_nghe_truyen_thong", 2003),
    ("LN-PHUTUC", "Làng mây tre giang đan Phú Túc", "10294", "Mây tre đan", "lang_nghe", 2009),
    ("LN-UOCLE", "Làng giò chả Ước Lễ", "10165", "Chế biến nông sản, thực phẩm", "lang_nghe_truyen_thong", 2010),
]
TRADITIONAL_FAMOUS = sum(1 for f in FAMOUS if f[4] == "lang_nghe_truyen_thong")
RECOGNISED_LATER = 30       # villages recognised in 2016–2024 (a craft in 2015, not yet recognised then)
NEW_COMMUNE_VILLAGES = 10   # villages first recorded after 01/07/2025, under today's communes
KINDS = [("HKD", 52), ("DN", 22), ("HTX", 12), ("THT", 14)]


@dataclass
class Registry:
    villages: list[dict] = field(default_factory=list)           # import rows, each with "hierarchy"
    village_years: list[dict] = field(default_factory=list)
    establishments: list[dict] = field(default_factory=list)
    products: list[dict] = field(default_factory=list)
    # for the other generators
    craft_of: dict = field(default_factory=dict)                 # village code -> main craft
    village_names: dict = field(default_factory=dict)            # village code -> name
    village_places: dict = field(default_factory=dict)           # village code -> the place ("Vạn Phúc")
    commune_of: dict = field(default_factory=dict)               # village code -> (hierarchy, commune code)
    transplant_villages: dict = field(default_factory=dict)      # "2011-2015" -> [(village code, craft)]
    establishments_by_village: dict = field(default_factory=dict)
    establishment_codes: list[str] = field(default_factory=list)


def allocate(total: int, weights: list[float]) -> list[int]:
    """Whole parts of `total` in proportion to `weights`, adding up exactly (largest remainders)."""
    scale = total / sum(weights)
    raw = [w * scale for w in weights]
    parts = [int(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: raw[i] - parts[i], reverse=True)
    for i in order[:total - sum(parts)]:
        parts[i] += 1
    return parts


def build(rng: random.Random, legacy_communes: list[str], current_communes: list[str]) -> Registry:
    reg = Registry()
    used = set()
    communes = sorted(legacy_communes)

    def add_village(code, name, hierarchy, commune, crafts, recognition="none", year=None, place=""):
        reg.villages.append({"code": code, "name": name, "commune_code": commune, "crafts": crafts,
                             "recognition": recognition, "recognition_year": str(year or ""),
                             "recognition_decision": f"QĐ {rng.randint(100, 9999)}/QĐ-UBND" if year else "",
                             "description": describe(name, crafts, recognition, year), "hierarchy": hierarchy})
        reg.craft_of[code] = crafts.split(";")[0]
        reg.village_names[code] = name
        reg.village_places[code] = place
        reg.commune_of[code] = (hierarchy, commune)

    # 1. villages with a craft of their own: 274 recognised by 2015 (198 traditional), 30 recognised later
    own = VILLAGES_2015["craft"] - VILLAGES_2015["transplanted"]
    for code, name, commune, crafts, recognition, year in FAMOUS:
        place = "Quảng Phú Cầu" if name.endswith("Quảng Phú Cầu") else " ".join(name.split()[-2:])
        add_village(code, name, L, commune, crafts, recognition, year, place)
        used.add(place)
    traditional = VILLAGES_2015["traditional"] - TRADITIONAL_FAMOUS
    lang_nghe = VILLAGES_2015["recognised"] - VILLAGES_2015["traditional"] - (len(FAMOUS) - TRADITIONAL_FAMOUS)
    for i in range(own - len(FAMOUS)):
        craft = names.weighted_craft(rng)
        place = names.village_name(rng, used)
        if i < traditional:
            recognition, year = "lang_nghe_truyen_thong", rng.randint(2001, 2015)
        elif i < traditional + lang_nghe:
            recognition, year = "lang_nghe", rng.randint(2003, 2015)
        elif i < traditional + lang_nghe + RECOGNISED_LATER:
            recognition, year = "lang_nghe", rng.randint(2016, 2024)
        else:
            recognition, year = "none", None
        second = f";{names.weighted_craft(rng)}" if rng.random() < 0.15 else ""
        if second == f";{craft}":
            second = ""
        prefix = "Làng nghề" if recognition != "none" else "Làng"
        if i >= own - len(FAMOUS) - NEW_COMMUNE_VILLAGES:
            add_village(f"LN-{i + 1:04d}", f"Thôn {place}", C, rng.choice(current_communes), craft + second,
                        place=place)
        else:
            add_village(f"LN-{i + 1:04d}", f"{prefix} {craft.split(',')[0].lower()} {place}", L,
                        rng.choice(communes), craft + second, recognition, year, place)

    # 2. farming villages that receive a craft by transplant: the village's craft is the transplanted one
    for period, count, start in (("2011-2015", VILLAGES_2015["transplanted"], 2011), ("2016-2020", 60, 2016),
                                 ("2021-2025", 30, 2021)):
        reg.transplant_villages[period] = []
        for i in range(count):
            craft = rng.choice(["Mây tre đan", "Mây tre đan", "Thêu ren", "Làm nón", "Đồ gỗ mỹ nghệ", "Dệt may"])
            code = f"CN-{start}-{i + 1:03d}"
            place = names.village_name(rng, used)
            add_village(code, f"Thôn {place}", L, rng.choice(communes), craft, place=place)
            reg.transplant_villages[period].append((code, craft))

    # 3. yearly statistics: 2015 adds up to the published totals over the 1,350 villages with a craft
    # (the 10 villages recorded under today's communes have no statistics of 2015)
    counted_2015 = [v["code"] for v in reg.villages
                    if v["hierarchy"] == L and not v["code"].startswith(("CN-2016", "CN-2021"))]
    famous = {f[0] for f in FAMOUS}
    weights = [rng.lognormvariate(0, 0.8) * (6 if c in famous else 1) for c in counted_2015]
    workers = allocate(VILLAGES_2015["workers"], weights)
    craft_households = allocate(VILLAGES_2015["craft_households"], [w * rng.uniform(0.8, 1.2) for w in weights])
    value = allocate(VILLAGES_2015["production_value"] // 1_000_000, [w * rng.uniform(0.6, 1.6) for w in weights])
    for code, w, h, v in zip(counted_2015, workers, craft_households, value, strict=True):
        households = max(h, int(h * rng.uniform(1.3, 2.6)))
        for year, factor in ((2010, 0.78), (2015, 1.0), (2020, 1.21), (2024, 1.34)):
            if code.startswith("CN-") and year == 2010:
                continue  # a transplanted village has no craft statistics before its transplant
            grown = 1.0 if year == 2015 else factor * rng.uniform(0.9, 1.1)
            total = max(int(households * (0.95 + 0.05 * grown)), int(h * grown * 1.2))  # more than in the craft
            reg.village_years.append({
                "village_code": code, "year": str(year), "households": str(total),
                "craft_households": str(int(h * grown)), "workers": str(int(w * grown)),
                "production_value": str(int(v * grown) * 1_000_000)})
    for v in reg.villages:
        if v["code"].startswith(("CN-2016", "CN-2021")) or v["hierarchy"] == C:
            h = rng.randint(20, 140)
            reg.village_years.append({"village_code": v["code"], "year": "2024" if v["hierarchy"] == L else "2025",
                                      "households": str(h * 3), "craft_households": str(h), "workers": str(h * 3),
                                      "production_value": str(h * rng.randint(60, 160) * 1_000_000)})

    _establishments(rng, reg, communes, current_communes)
    _products(rng, reg)
    return reg


def _establishments(rng, reg: Registry, communes, current_communes, count=6_200, recent=60):
    kinds, weights = zip(*KINDS, strict=True)
    own_villages = [v for v in reg.villages if v["code"].startswith("LN-") and v["hierarchy"] == L]
    for i in range(count):
        code = f"CS-{i + 1:05d}"
        kind = rng.choices(kinds, weights)[0]
        village = rng.choice(own_villages) if rng.random() < 0.7 else None
        if i >= count - recent:  # recorded after 01/07/2025, under today's communes
            hierarchy, commune, village = C, rng.choice(current_communes), None
        else:
            hierarchy, commune = L, village["commune_code"] if village else rng.choice(communes)
        craft = reg.craft_of[village["code"]] if village else names.weighted_craft(rng)
        place = reg.village_places[village["code"]] if village else "Hà Nội"
        row = {"code": code, "name": names.establishment_name(rng, kind, craft, place), "kind": kind,
               "commune_code": commune, "tax_code": f"01{i + 10_000_000:08d}" if kind in ("DN", "HTX") else "",
               "address": village["name"] if village else "", "sector": "a" if "thực phẩm" in craft or "Bún" in craft else "đ",
               "craft_village_code": village["code"] if village else "",
               "workers": str(rng.randint(3, 25) if kind == "HKD" else rng.randint(10, 250)),
               "founded_year": str(rng.randint(1990, 2024) if hierarchy == L else 2025),
               "polluting": "có" if rng.random() < 0.08 else "không", "hierarchy": hierarchy}
        reg.establishments.append(row)
        reg.establishment_codes.append(code)
        if village:
            reg.establishments_by_village.setdefault(village["code"], []).append(code)


def _products(rng, reg: Registry):
    """New designs: exactly the published number dated in 2011–2015, others before and after; plus products
    that are not new designs."""
    established = [e for e in reg.establishments if e["hierarchy"] == L]
    plan = [(2011, 2015, NEW_DESIGNS_2011_2015), (2016, 2020, 640), (2021, 2025, 420), (2006, 2010, 180)]
    n = 0
    for first, last, count in plan:
        for _ in range(count):
            n += 1
            est = rng.choice(established)
            craft = reg.craft_of.get(est["craft_village_code"]) or "Mây tre đan"
            year = rng.randint(first, min(last, 2025))
            reg.products.append({"code": f"SP-{n:05d}", "name": names.product_name(rng, craft),
                                 "establishment_code": est["code"], "is_new_design": "có",
                                 "design_date": f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{year}"})
    for _ in range(500):
        n += 1
        est = rng.choice(established)
        craft = reg.craft_of.get(est["craft_village_code"]) or "Mây tre đan"
        reg.products.append({"code": f"SP-{n:05d}", "name": names.product_name(rng, craft),
                             "establishment_code": est["code"], "is_new_design": "không", "design_date": ""})
