"""Indicators benchmark: the engine computing directly from the records against reading the aggregate facts.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kc_indicators python benchmarks/indicators.py [--scale 1]

Builds (once, reused unless --rebuild) over Hanoi's legacy and current communes, at --scale 1: 200,000
establishments, 50,000 projects accepted 2011–2025 with 1–3 beneficiaries, 20,000 new designs, 4,000 villages
with statistics for 2011–2025, 5,000 classes with 100,000 trainees and their follow-ups, 1,500 transplants with
checks. Then times the aggregate rebuild and p50 / p95 of `compute` for a province, an old district and a
commune, in total and by child / by year, from the records and from the facts, and checks both give the same.
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "khuyencong.settings")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
os.environ.setdefault("INDICATORS_SOURCE", "direct")  # the build itself must not queue refreshes


def timed(fn, repeat):
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[max(0, int(len(samples) * 0.95) - 1)]


def build(scale: float, rng: random.Random) -> None:
    from khuyencong.core.text import fold
    from khuyencong.geo.models import AdminUnit
    from khuyencong.geo.selectors import current_commune_for
    from khuyencong.projects.models import Project
    from khuyencong.registry.models import Craft, CraftVillage, CraftVillageYear, Establishment, Product
    from khuyencong.training.models import CraftTransplant, FollowUp, Trainee, TrainingClass, TransplantCheck

    def n(count):
        return max(1, int(count * scale))

    communes = list(AdminUnit.objects.filter(province__code="01", level="commune"))
    current = {c.pk: current_commune_for(c) for c in communes}

    def place(commune):
        return {"commune": commune, "current_commune": current[commune.pk]}

    crafts = [Craft.objects.get_or_create(folded_name=fold(name), defaults={"name": name})[0]
              for name in ("Mây tre đan", "Gốm sứ", "Dệt", "Sơn mài", "Thêu ren", "Cơ khí")]
    start = time.perf_counter()
    ests = [Establishment(code=f"BE{i:07d}", name=f"Cơ sở {i}", search_name=f"co so {i}", match_name=f"co so {i}",
                          kind="HKD", **place(rng.choice(communes))) for i in range(n(200_000))]
    Establishment.objects.bulk_create(ests, batch_size=5000)
    ests = list(Establishment.objects.filter(code__startswith="BE").only("pk"))
    projects = []
    for i in range(n(50_000)):
        accepted = datetime.date(rng.randint(2011, 2025), rng.randint(1, 12), rng.randint(1, 28))
        commune = rng.choice(communes) if rng.random() > 0.05 else None  # 5% city-wide
        projects.append(Project(
            code=f"BI{i:07d}", title=f"Đề án {i}", search_title=f"de an {i}", funding_source="local",
            activity=rng.choice(["training", "technology", "products", "advice"]), plan_year=accepted.year,
            state=rng.choice(["accepted", "settled"]), accepted_on=accepted, approved_funds=200_000_000,
            settled_funds=rng.choice([None, 180_000_000]), counterpart_funds=300_000_000,
            jobs_created=rng.randint(0, 40), **(place(commune) if commune else {"commune": None})))
    Project.objects.bulk_create(projects, batch_size=5000)
    through = Project.beneficiaries.through
    links = [through(project_id=p.pk, establishment_id=e.pk)
             for p in Project.objects.filter(code__startswith="BI").only("pk")
             for e in rng.sample(ests, rng.randint(1, 3))]
    through.objects.bulk_create(links, batch_size=10000)
    Product.objects.bulk_create([
        Product(code=f"BP{i:07d}", name=f"Mẫu {i}", search_name=f"mau {i}", establishment=rng.choice(ests),
                is_new_design=True, design_date=datetime.date(rng.randint(2011, 2025), 6, 1))
        for i in range(n(20_000))], batch_size=5000)
    villages = CraftVillage.objects.bulk_create([
        CraftVillage(code=f"BV{i:06d}", name=f"Làng {i}", search_name=f"lang {i}",
                     recognition=rng.choice(["none", "lang_nghe", "lang_nghe_truyen_thong"]),
                     recognition_year=rng.randint(2000, 2024), **place(rng.choice(communes)))
        for i in range(n(4_000))], batch_size=5000)
    villages = list(CraftVillage.objects.filter(code__startswith="BV"))
    CraftVillage.crafts.through.objects.bulk_create(
        [CraftVillage.crafts.through(craftvillage_id=v.pk, craft_id=rng.choice(crafts).pk) for v in villages])
    CraftVillageYear.objects.bulk_create([
        CraftVillageYear(village=v, year=y, craft_households=rng.randint(50, 500), workers=rng.randint(100, 2000),
                         production_value=rng.randint(1, 500) * 1_000_000_000)
        for v in villages for y in range(2011, 2026)], batch_size=10000)
    classes = TrainingClass.objects.bulk_create([
        TrainingClass(code=f"BK{i:06d}", kind=rng.choice(["truyen_nghe", "cay_nghe", "management", "design"]),
                      craft=rng.choice(crafts), start_date=(end := datetime.date(rng.randint(2011, 2025), 5, 1)),
                      end_date=end, follow_up_due_on=end, **place(rng.choice(communes)))
        for i in range(n(5_000))], batch_size=5000)
    classes = list(TrainingClass.objects.filter(code__startswith="BK").only("pk", "end_date"))
    trainees = Trainee.objects.bulk_create([
        Trainee(training_class=c, full_name="Học viên", completed=rng.random() < 0.9)
        for c in classes for _ in range(20)], batch_size=10000)
    trainees = list(Trainee.objects.filter(training_class__code__startswith="BK").select_related("training_class"))
    FollowUp.objects.bulk_create([
        FollowUp(trainee=t, date=t.training_class.end_date + datetime.timedelta(days=180 + k),
                 employed=rng.random() < 0.8)
        for t in trainees if rng.random() < 0.7 for k in range(rng.randint(1, 2))], batch_size=10000)
    transplants = []
    for v in rng.sample(villages, min(len(villages), n(1_500))):
        transplants.append(CraftTransplant(village=v, craft=rng.choice(crafts), year=rng.randint(2011, 2025)))
    CraftTransplant.objects.bulk_create(transplants, batch_size=5000, ignore_conflicts=True)
    TransplantCheck.objects.bulk_create([
        TransplantCheck(transplant=t, year=t.year + 1, still_practising=rng.random() < 0.7)
        for t in CraftTransplant.objects.filter(village__code__startswith="BV")], batch_size=5000)
    print(f"built in {time.perf_counter() - start:.0f} s: {Establishment.objects.count():,} establishments, "
          f"{Project.objects.count():,} projects, {len(links):,} beneficiary links, {len(trainees):,} trainees")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from khuyencong.geo.models import AdminUnit
    from khuyencong.geo.services.units import units_load
    from khuyencong.indicators import facts
    from khuyencong.indicators.engine import compute
    from khuyencong.registry.models import Establishment

    if not AdminUnit.objects.exists():
        units_load()
    if args.rebuild or not Establishment.objects.filter(code__startswith="BE").exists():
        build(args.scale, random.Random(2026))

    start = time.perf_counter()
    rows = facts.rebuild()
    state = facts.state()
    print(f"facts rebuilt: {rows:,} rows, {len(state.periods)} periods, {time.perf_counter() - start:.1f} s")
    cases = [
        ("Hà Nội (01), 2011–2015", AdminUnit.objects.get(code="01", hierarchy="current"), "2011-2015", None),
        ("Hà Nội (01), 2011–2015 by child", AdminUnit.objects.get(code="01", hierarchy="current"), "2011-2015",
         "child"),
        ("Hà Nội (01), 2021–2025 by year", AdminUnit.objects.get(code="01", hierarchy="current"), "2021-2025",
         "year"),
        ("old Hà Nội (01), 2015 by child", AdminUnit.objects.get(code="01", hierarchy="legacy"), "2015", "child"),
        ("old district 277, 2011–2015", AdminUnit.objects.get(code="277", hierarchy="legacy"), "2011-2015", None),
        ("commune 10030, 2020", AdminUnit.objects.get(code="10030", hierarchy="current"), "2020", None),
    ]
    print(f"compute, p50 / p95 in ms over {args.repeat} runs:   direct          facts      same")
    for label, unit, period, by in cases:
        direct = compute(unit=unit, period=period, by=by, source="direct")
        from_facts = compute(unit=unit, period=period, by=by, source="facts")
        same = direct.values == from_facts.values and direct.breakdown == from_facts.breakdown
        d50, d95 = timed(lambda u=unit, p=period, b=by: compute(unit=u, period=p, by=b, source="direct"), args.repeat)
        f50, f95 = timed(lambda u=unit, p=period, b=by: compute(unit=u, period=p, by=b, source="facts"), args.repeat)
        print(f"  {label:<34} {d50:7.0f} {d95:7.0f}   {f50:6.0f} {f95:6.0f}   {same}")


if __name__ == "__main__":
    main()
