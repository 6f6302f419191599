"""Data-quality benchmark: the scan (one query per check) over the indicators benchmark's records.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kc_indicators python benchmarks/quality.py [--scale 1]

Builds (once, reused) the records of `benchmarks/indicators.py` (at --scale 1: 200,000 establishments, 50,000
projects, 4,000 villages with statistics for 2011–2025, 5,000 classes with 100,000 trainees and follow-ups), spoils
a few hundred of them (classes of 57 tỷ đồng, negative counterpart funds, tenfold jumps), then times the first
scan, an unchanged rescan, each check's query alone, and the first page of flags for a commune officer.
"""

import argparse
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "khuyencong.settings")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
os.environ.setdefault("INDICATORS_SOURCE", "direct")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db.models import F

    call_command("migrate", verbosity=0)
    from indicators import build
    from khuyencong.accounts.models import User
    from khuyencong.accounts.services.users import user_add
    from khuyencong.geo.models import AdminUnit
    from khuyencong.geo.services.units import units_load
    from khuyencong.indicators.models import QualityFlag
    from khuyencong.indicators.quality import scan
    from khuyencong.indicators.quality_rules import CHECKS
    from khuyencong.indicators.selectors import quality_flags
    from khuyencong.projects.models import Project
    from khuyencong.registry.models import CraftVillageYear, Establishment
    from khuyencong.training.models import TrainingClass

    if not AdminUnit.objects.exists():
        units_load()
    if not Establishment.objects.filter(code__startswith="BE").exists():
        build(args.scale, random.Random(2026))
    print(f"records: {Establishment.objects.count():,} establishments, {Project.objects.count():,} projects, "
          f"{TrainingClass.objects.count():,} classes, {CraftVillageYear.objects.count():,} village years")

    QualityFlag.objects.all().delete()
    classes = dict(TrainingClass.objects.order_by("pk").values_list("pk", "cost")[::50])
    TrainingClass.objects.filter(pk__in=classes).update(cost=57_000_000_000)
    projects = dict(Project.objects.order_by("pk").values_list("pk", "counterpart_funds")[::500])
    Project.objects.filter(pk__in=projects).update(counterpart_funds=-1_000_000)
    years = list(CraftVillageYear.objects.filter(year=2015, production_value__gt=0).order_by("pk")
                 .values_list("pk", flat=True)[::100])
    CraftVillageYear.objects.filter(pk__in=years).update(production_value=F("production_value") * 20)

    for label in ("first scan", "unchanged rescan"):
        start = time.perf_counter()
        result = scan()
        print(f"{label}: {result.total:,} findings ({result.opened:,} new, {result.kept:,} kept) in "
              f"{time.perf_counter() - start:.2f} s")
    print("each check's query:")
    for code, check in CHECKS.items():
        start = time.perf_counter()
        n = sum(1 for _ in check.find())
        print(f"  {code:<20} {n:6,} found {1000 * (time.perf_counter() - start):8.0f} ms")
    officer = User.objects.filter(username="bench-officer").first() or user_add(
        username="bench-officer", role="local_officer", unit_code="10030", hierarchy="current", password="x").user
    start = time.perf_counter()
    rows = list(quality_flags(user=officer)[:51])
    print(f"first page of flags for a commune officer: {len(rows)} rows in "
          f"{1000 * (time.perf_counter() - start):.0f} ms")

    # put the records back as they were built
    for pk, cost in classes.items():
        TrainingClass.objects.filter(pk=pk).update(cost=cost)
    for pk, funds in projects.items():
        Project.objects.filter(pk=pk).update(counterpart_funds=funds)
    CraftVillageYear.objects.filter(pk__in=years).update(production_value=F("production_value") / 20)


if __name__ == "__main__":
    main()
