"""Projects benchmark: list, inbox, project page, export and one transition at N projects.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kc_projects python benchmarks/projects.py [--projects 100000]

Builds the projects once (reused unless --rebuild) over Hanoi's current and legacy communes, in every
state, then prints p50/p95 of the pages through Django's test Client (centre staff over the city,
and a commune officer), the XLSX export time for the whole list, and one approval's latency.
"""

import argparse
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


def timed(fn, repeat):
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1 if len(samples) > 1 else 0]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)
    from khuyencong.accounts.services.users import user_add
    from khuyencong.core.text import fold
    from khuyencong.geo.models import AdminUnit
    from khuyencong.geo.selectors import current_commune_for
    from khuyencong.geo.services.units import units_load
    from khuyencong.projects.models import Activity, Project, ProjectState

    if not AdminUnit.objects.exists():
        units_load()
    bench = Project.objects.filter(code__startswith="BENCH-")
    if args.rebuild:
        bench.delete()
    if bench.count() < args.projects:
        bench.delete()
        communes = list(AdminUnit.objects.filter(province__code="01", level="commune"))
        current = {c.pk: current_commune_for(c) for c in communes}
        rng = random.Random(7)
        states, activities = ProjectState.values, Activity.values
        batch = []
        start = time.perf_counter()
        for i in range(args.projects):
            commune = rng.choice(communes)
            title = f"Đề án thử {i} {rng.choice(['máy sấy', 'mây tre', 'gốm', 'dệt', 'cơ khí'])}"
            batch.append(Project(
                code=f"BENCH-{i:07d}", title=title, search_title=fold(f"BENCH-{i:07d} {title}"),
                activity=rng.choice(activities), funding_source=rng.choice(["local", "national"]),
                plan_year=rng.randint(2011, 2026), commune=commune, current_commune=current[commune.pk],
                state=rng.choice(states), estimated_cost=500_000_000, requested_funds=150_000_000,
                approved_funds=140_000_000, imported=True))
            if len(batch) == 5000:
                Project.objects.bulk_create(batch)
                batch = []
        Project.objects.bulk_create(batch)
        print(f"built {args.projects:,} projects in {time.perf_counter() - start:.1f} s")

    staff = user_add(username="bench_staff", role="centre_staff", unit_code="01", password="x-bench-2026").user
    officer = user_add(username="bench_officer", role="local_officer", unit_code="10030",
                       password="x-bench-2026").user
    clients = {}
    for user in (staff, officer):
        client = Client()
        client.force_login(user)
        clients[user.username] = client
    pages = {
        "list (no filter)": "/de-an/",
        "list state+year": "/de-an/?state=approved&plan_year=2020",
        "list search": "/de-an/?q=may+say",
        "list unit legacy 277": "/de-an/?unit_code=277&hierarchy=legacy",
        "inbox": "/de-an/viec-can-lam/",
    }
    project = Project.objects.filter(code__startswith="BENCH-", current_commune__code="10030").first()
    pages["project page"] = f"/de-an/{project.pk}/"
    print(f"{Project.objects.count():,} projects; p50 / p95 in ms over {args.repeat} requests")
    for who, client in clients.items():
        for label, url in pages.items():
            def get(url=url, client=client):
                response = client.get(url)
                assert response.status_code == 200, (url, response.status_code)
            p50, p95 = timed(get, args.repeat)
            print(f"  {who:<14} {label:<22} {p50:7.1f} {p95:7.1f}")
    start = time.perf_counter()
    response = clients["bench_staff"].get("/de-an/xuat-excel/?plan_year=2020")
    size = sum(len(chunk) for chunk in response.streaming_content)
    print(f"  export plan_year=2020: {size / 1e6:.1f} MB in {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
