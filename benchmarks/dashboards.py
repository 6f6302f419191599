"""Dashboards benchmark: the programme page and the pivot table over the indicators benchmark's data.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kc_indicators python benchmarks/dashboards.py [--scale 1]

Builds the data of `benchmarks/indicators.py` (once, reused), rebuilds the aggregate tables, then times p50 /
p95 of whole pages (rendered by Django's test client as a nationwide user) and counts their queries: the
programme page of Hanoi (126 communes), of old Hanoi (30 old districts), of an old district and of a commune,
and a pivot of 30 communes × 2 periods × 10 indicators with its XLSX.
"""

import argparse
import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "khuyencong.settings")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
os.environ.setdefault("INDICATORS_SOURCE", "direct")  # the build itself must not queue refreshes


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    call_command("migrate", verbosity=0)
    from indicators import build, timed
    from khuyencong.accounts.services.users import user_add
    from khuyencong.geo.models import AdminUnit
    from khuyencong.geo.services.units import units_load
    from khuyencong.indicators import facts
    from khuyencong.registry.models import Establishment

    if not AdminUnit.objects.exists():
        units_load()
    if not Establishment.objects.filter(code__startswith="BE").exists():
        build(args.scale, random.Random(2026))
    from khuyencong.projects.models import Programme

    for start, end in ((2011, 2015), (2016, 2020), (2021, 2025)):  # the periods the aggregate tables store whole
        Programme.objects.get_or_create(name=f"{start}–{end}", start_year=start, end_year=end)
    facts.rebuild()
    settings.INDICATORS_SOURCE = "auto"  # the facts are fresh: the pages read them, as in production
    settings.ALLOWED_HOSTS = ["*"]
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username="bench-dash").first() or user_add(
        username="bench-dash", role="viewer", unit_code=None, hierarchy="current", password="Bench-2026-dash").user
    client = Client()
    client.force_login(user)
    communes = ", ".join(AdminUnit.objects.filter(hierarchy="current", level="commune", province__code="01")
                         .order_by("code").values_list("code", flat=True)[:30])
    pivot = {"indicator": ["establishments_supported", "support_funds", "jobs_created", "training_classes",
                           "trainees", "employment_rate", "craft_villages", "village_workers", "new_designs",
                           "villages_transplanted"], "units": communes, "periods": "2020, 2021-2025"}
    state = facts.state()
    print(f"aggregate tables fresh: {state.fresh}, periods: {', '.join(state.periods)}")
    cases = [
        ("programme Hà Nội 01, 2021–2025", "/chi-tieu/chuong-trinh/",
         {"unit_code": "01", "period": "2021-2025", "indicator": "jobs_created"}),
        ("programme old Hà Nội 01, 2011–2015", "/chi-tieu/chuong-trinh/",
         {"unit_code": "01", "unit_hierarchy": "legacy", "period": "2011-2015", "indicator": "support_funds"}),
        ("programme old district 277, 2011–2015", "/chi-tieu/chuong-trinh/",
         {"unit_code": "277", "unit_hierarchy": "legacy", "period": "2011-2015"}),
        ("programme commune 10030, 2021–2025", "/chi-tieu/chuong-trinh/",
         {"unit_code": "10030", "period": "2021-2025"}),
        ("pivot 30 communes × 2 periods × 10", "/chi-tieu/tong-hop/", pivot),
        ("pivot XLSX (same)", "/chi-tieu/tong-hop/", {**pivot, "format": "xlsx"}),
    ]
    print(f"page, p50 / p95 in ms over {args.repeat} runs, queries")
    for label, url, params in cases:
        connection.queries_log.clear()  # a full log (DEBUG) would hide the count
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, params)
            if response.streaming:
                b"".join(response.streaming_content)
            count = len(queries)
        assert response.status_code == 200, (label, response.status_code)

        def fetch(u=url, p=params):
            r = client.get(u, p)
            if r.streaming:
                b"".join(r.streaming_content)

        p50, p95 = timed(fetch, args.repeat)
        print(f"  {label:<40} {p50:7.0f} {p95:7.0f}   {count:5d}")


if __name__ == "__main__":
    main()
