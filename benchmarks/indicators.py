"""National-scale benchmark of the indicator engine (PostgreSQL; not part of the test suite).

    createdb -h 127.0.0.1 -U postgres kc_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kc_bench .venv/bin/python benchmarks/indicators.py [--scale 1]
    … --reuse                      # time again over the data built before (no build)
    … --scale 0.01                 # a smoke run (in an empty database)

Builds once, over the real units (`khuyencong load_units`), at --scale 1: 1,000,000 establishments, 300,000
projects accepted 2011–2025 (1–3 beneficiaries each, funds, jobs; 4% city-wide), 200,000 products, 10,000
villages with ten years of statistics, transplants and checks, 20,000 classes with about 5,000,000 trainees
and their follow-ups, and the reported data values of every province and current commune for 2010–2025
(`indicators_data.py`, set-based SQL). Then prints:
- the full aggregate refresh (`facts.rebuild()`);
- every catalogue indicator for one province over five years, by commune (`by="child"`), through the engine
  from the aggregate tables and directly from the records, and through hand-written SQL from the README's
  definitions (`indicators_sql.py`): p50 times, the ratio engine ÷ SQL, and whether every number is equal;
- the dashboards (`PAGE_URLS`: the programme page with its cards, charts and map, and the results page by
  commune) for that province, as a logged-in centre officer.
Goals: engine ≤ 1.5 × the SQL, page < 1 s, full refresh < 10 min.
"""

import argparse
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "khuyencong.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("AXES_ENABLED", "0")
os.environ["INDICATORS_SOURCE"] = "direct"  # the build must not queue refreshes; the runs name their source

PROVINCE, PERIOD = "01", "2021-2025"  # Hà Nội (current hierarchy), the 2021–2025 programme
PAGE_URLS = ("/chi-tieu/chuong-trinh/?unit_code={unit}&unit_hierarchy=current&period={period}",
             "/chi-tieu/?unit_code={unit}&unit_hierarchy=current&period={period}&by=child")


def timed(fn, repeat: int) -> tuple[float, object]:
    samples, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), result


def same(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, float) or isinstance(b, float):
        return abs(float(a) - float(b)) <= 1e-9 * max(1.0, abs(float(a)))
    return Decimal(a) == Decimal(b)


def compare(result, sql: dict) -> list[str]:
    """Every value of the engine's result against the SQL's: [mismatch descriptions]."""
    out = []
    rows = {"": result.values, **{code: row for code, row in result.breakdown.items()}}
    for key, row in rows.items():
        expected = sql.get(key, {})
        for code, value in row.items():
            if not same(value, expected.get(code)):
                out.append(f"{key or 'total'} {code}: engine {value!r}, SQL {expected.get(code)!r}")
    return out


def page_time(page_url: str, unit, repeat: int) -> tuple[float, int]:
    from django.test import Client

    from khuyencong.accounts.models import RoleAssignment, User

    user, _ = User.objects.get_or_create(username="bench_centre", defaults={"full_name": "Cán bộ Trung tâm"})
    RoleAssignment.objects.get_or_create(user=user, role="centre_staff", unit=None)
    client = Client()
    client.force_login(user)
    url = page_url.format(unit=unit.code, period=PERIOD)
    status = []

    def get():
        response = client.get(url)
        status.append(response.status_code)
        return response

    seconds, response = timed(get, repeat)
    assert response.status_code == 200 and b"<table" in response.content, f"{url}: HTTP {response.status_code}"
    return seconds, status[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--reuse", action="store_true", help="use the data built before (fail if there is none)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--skip-refresh", action="store_true", help="keep the aggregate tables as they are")
    parser.add_argument("--build-only", action="store_true", help="build the data and stop")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database of its own (e.g. kc_bench).")

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.DEBUG = False
    call_command("migrate", verbosity=0)
    import indicators_data
    import indicators_sql
    from khuyencong.geo.models import AdminUnit
    from khuyencong.indicators import facts
    from khuyencong.indicators.engine import compute
    from khuyencong.registry.models import Establishment

    built = Establishment.objects.filter(code__startswith=indicators_data.PREFIX).exists()
    if args.reuse and not built:
        sys.exit("--reuse: nothing built in this database yet; run once without it.")
    if not built:
        if not AdminUnit.objects.exists():
            call_command("load_units", verbosity=0)
        print(f"building at scale {args.scale}:")
        indicators_data.build(args.scale)
    counts = {m._meta.verbose_name_plural: m.objects.count() for m in indicators_data.counted_models()}
    print("data: " + ", ".join(f"{n:,} {name}" for name, n in counts.items()))
    if args.build_only:
        return

    if not args.skip_refresh:
        start = time.perf_counter()
        rows = facts.rebuild()
        print(f"facts.rebuild(): {time.perf_counter() - start:.1f} s for {rows:,} rows, "
              f"{len(facts.state().periods)} periods (goal < 600 s)")

    unit = AdminUnit.objects.get(code=PROVINCE, hierarchy="current")
    label = f"{unit.label}, {PERIOD}, by commune ({unit.children.count()} communes), all indicators"
    print(f"{label}; p50 of {args.repeat} runs:")
    t_sql, expected = timed(lambda: indicators_sql.compute(unit, PERIOD), args.repeat)
    print(f"  hand-written SQL      {t_sql * 1000:8.0f} ms")
    for source in ("direct", "facts"):
        t, result = timed(lambda s=source: compute(unit=unit, period=PERIOD, by="child", source=s), args.repeat)
        if result.source != source:
            print(f"  engine ({source:<6})       not built for {PERIOD} (run without --skip-refresh)")
            continue
        wrong = compare(result, expected)
        print(f"  engine ({source:<6})       {t * 1000:8.0f} ms   {t / t_sql:5.2f} × SQL (goal ≤ 1.5)   "
              f"{'all equal' if not wrong else f'{len(wrong)} MISMATCHES'}")
        for line in wrong[:20]:
            print(f"      {line}")
    os.environ["INDICATORS_SOURCE"] = "auto"
    settings.INDICATORS_SOURCE = "auto"
    for page_url in PAGE_URLS:
        t_page, status = page_time(page_url, unit, args.repeat)
        print(f"  page {page_url.format(unit=unit.code, period=PERIOD)}: {t_page * 1000:.0f} ms (HTTP {status}, "
              f"goal < 1000 ms, facts {'fresh' if facts.state().fresh else 'stale'})")


if __name__ == "__main__":
    main()
