"""Load test of the public portal: 100 visitors on a real server, with the view counts checked afterwards.

    python benchmarks/portal_load.py [--users 100] [--spawn-rate 20] [--time 60] [--workers 4] [--redis]

Builds (once, reused) the PostgreSQL database `kc_portal_load` (DATABASE_URL overrides): migrate, the
administrative units, the demo dataset (villages, establishments… for the directory) and at least `--articles`
public articles. Starts gunicorn on 127.0.0.1:`--port` with DEBUG off (its own SECRET_KEY and STATIC_ROOT), runs
locust headless (benchmarks/portal_locustfile.py): every simulated user is one visitor with its own cookie jar
reading the front page, the news list, articles and the directory. Then it waits until the workers have written
what they buffered (PORTAL_VIEWS_BUFFER_SECONDS), stops the server, folds the buffered views and checks that each
article's view count grew by exactly the number of distinct visitor-days simulated. Prints requests, throughput,
p50 / p95 / p99, errors by page, the cache's answers, and the count check. `--redis` runs the cache (and the view
buffer) in Redis at 127.0.0.1:6379; without it each worker has its own in-memory cache and the generation lives in
the database.
"""

import argparse
import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "src"))
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/kc_portal_load"
SECRET = "portal-load-benchmark-secret-key-9d2f7a41c3b8e605f1a7c2d94b3e8061"


def create_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')  # the benchmark's own name, not user input
            print(f"created database {name}")


def build(articles: int) -> None:
    """Migrate, units, the demo dataset, and enough public articles (idempotent)."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from khuyencong.geo.models import AdminUnit
    from khuyencong.geo.services.units import units_load
    from khuyencong.portal.models import ArticleState, Category
    from khuyencong.portal.selectors import public_articles
    from khuyencong.portal.services.articles import article_create

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    if not AdminUnit.objects.exists():
        units_load()
    with open(os.devnull, "w") as quiet:
        call_command("demo", stdout=quiet)  # skipped when loaded
    missing = articles - public_articles().count()
    if missing > 0:
        category, _ = Category.objects.get_or_create(slug="tin-hoat-dong", defaults={"name": "Tin hoạt động"})
        author = get_user_model().objects.order_by("pk").first()  # a demo account
        now = timezone.now()
        with transaction.atomic():
            for n in range(missing):
                article = article_create(
                    user=author, title=f"Bản tin khuyến công số {n + 1}: hội chợ làng nghề",
                    lead="Trung tâm Khuyến công tổ chức hội chợ giới thiệu sản phẩm thủ công mỹ nghệ.",
                    body="<p>" + "Các cơ sở làng nghề giới thiệu sản phẩm mới, mẫu mã mới. " * 40 + "</p>",
                    category=category, author_initials="KC")
                article.state = ArticleState.PUBLISHED
                article.published_at = now - timezone.timedelta(minutes=n + 1)
                article.save(update_fields=["state", "published_at"])
    print(f"data ready in {time.perf_counter() - started:.0f} s: {public_articles().count()} public articles")


def plan() -> dict:
    """The URLs the visitors read: the front page, the news list, 200 articles, the directory, 50 villages, the map."""
    from django.urls import reverse

    from khuyencong.portal.selectors import public_articles
    from khuyencong.registry.selectors import public_villages

    slugs = public_articles().values_list("slug", flat=True)[:200]
    return {"front": reverse("portal:front"), "news_list": reverse("portal:news_list"),
            "directory": reverse("portal:directory"), "directory_map": reverse("portal:directory_map"),
            "articles": [(slug, reverse("portal:article", args=[slug])) for slug in slugs],
            "villages": [reverse("portal:directory_village", args=[v.code]) for v in public_villages()[:50]]}


def view_counts() -> dict[str, int]:
    from khuyencong.portal.models import Article

    return dict(Article.objects.values_list("slug", "view_count"))


def fold() -> int:
    """Fold the buffered views into Article.view_count (the portal's task, run here); how many were added."""
    from khuyencong.portal import tasks

    return tasks.fold_views.call()


def start_server(args, env: dict) -> subprocess.Popen:
    server = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "khuyencong.wsgi", "-w", str(args.workers), "-b", f"127.0.0.1:{args.port}",
         "--graceful-timeout", "20", "--log-level", "warning"],
        env=env, cwd=ROOT, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{args.port}/healthz", timeout=2) as answer:
                if answer.status == 200:
                    return server
        except OSError:
            time.sleep(0.5)
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped with code {server.returncode}")
    stop_server(server)
    raise SystemExit("gunicorn did not answer /healthz within 60 s")


def warm_up(args, visits: dict) -> None:
    """Each worker's first requests are slow (templates, URL resolvers): measure the steady state, not the start.
    The User-Agent says "bot", so the article views are not counted."""
    urls = [visits[name] for name in ("front", "news_list", "directory", "directory_map")]
    urls += [url for _, url in visits["articles"][:1]] + visits["villages"][:1]
    for _ in range(args.workers * 3):
        for url in urls:
            request = urllib.request.Request(f"http://127.0.0.1:{args.port}{url}",
                                             headers={"User-Agent": "kc-warmup-bot"})
            with urllib.request.urlopen(request, timeout=30) as answer:
                answer.read()


def stop_server(server: subprocess.Popen) -> None:
    """SIGTERM: gunicorn's workers finish their requests and exit."""
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def figures(csv_prefix: str) -> None:
    with open(f"{csv_prefix}_stats.csv", encoding="utf-8") as stats:
        rows = list(csv.DictReader(stats))
    print(f"{'page':<20} {'requests':>9} {'errors':>7} {'req/s':>7} {'p50':>6} {'p95':>6} {'p99':>6}  (ms)")
    for row in rows:
        name = row["Name"] if row["Name"] != "Aggregated" else "ALL"
        print(f"{name:<20} {int(row['Request Count']):>9} {int(row['Failure Count']):>7} "
              f"{float(row['Requests/s']):>7.1f} {row['50%']:>6} {row['95%']:>6} {row['99%']:>6}")
    total = rows[-1]
    p95 = float(total["95%"]) if total["95%"] not in ("", "N/A") else float("inf")
    errors = int(total["Failure Count"])
    print(f"goals: 0 errors → {'OK' if errors == 0 else f'{errors} errors'}; "
          f"p95 ≤ 200 ms → {'OK' if p95 <= 200 else f'{p95:.0f} ms'}")
    failures = Path(f"{csv_prefix}_failures.csv")
    if errors and failures.exists():
        print(failures.read_text(encoding="utf-8"))


def check_counts(before: dict, after: dict, viewed: list) -> bool:
    expected = Counter(slug for slug, _visitor, _day in viewed)
    grown = {slug: after.get(slug, 0) - before.get(slug, 0) for slug in set(expected) | set(after)}
    wrong = {slug: (got, expected.get(slug, 0)) for slug, got in grown.items() if got != expected.get(slug, 0)}
    counted = sum(grown.values())
    print(f"view counts: {len(viewed)} distinct visitor-days simulated over {len(expected)} articles, "
          f"{counted} counted")
    if not wrong:
        print("count check: OK (every article's count grew by its distinct visitor-days)")
        return True
    print(f"count check: MISMATCH on {len(wrong)} articles (counted, simulated):")
    for slug, (got, want) in sorted(wrong.items())[:10]:
        print(f"  {slug}: {got} counted, {want} simulated")
    return False


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--spawn-rate", type=int, default=20)
    parser.add_argument("--time", type=int, default=60, help="seconds")
    parser.add_argument("--wait", type=float, default=1.0, help="a visitor's mean pause between pages, seconds")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=8016)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--redis", action="store_true", help="cache in Redis at 127.0.0.1:6379")
    args = parser.parse_args()

    os.environ.setdefault("DATABASE_URL", DEFAULT_DB)
    work = Path(tempfile.mkdtemp(prefix="kc-portal-load-"))
    try:
        run(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)  # static files, plan, locust's CSV


def run(args, work: Path) -> None:
    env = {**os.environ, "DEBUG": "0", "SECRET_KEY": SECRET, "ALLOWED_HOSTS": "127.0.0.1,localhost",
           "SECURE_SSL_REDIRECT": "0", "STATIC_ROOT": str(work / "static"), "KHUYENCONG_VAR_DIR": str(work),
           "TASKS_BACKEND": "immediate", "DJANGO_SETTINGS_MODULE": "khuyencong.settings"}
    if args.redis:
        env["REDIS_URL"] = "redis://127.0.0.1:6379/0"
        env["CACHE_KEY_PREFIX"] = f"kc-load-{os.getpid()}"
    else:
        env.pop("REDIS_URL", None)
    os.environ.update(env)
    create_database(os.environ["DATABASE_URL"])

    import django

    django.setup()
    from django.core.management import call_command

    build(args.articles)
    call_command("collectstatic", "--noinput", verbosity=0)
    visits = plan()
    plan_file, views_file, csv_prefix = work / "plan.json", work / "views.json", str(work / "locust")
    plan_file.write_text(json.dumps(visits), encoding="utf-8")
    fold()  # what earlier runs left pending
    before = view_counts()

    server = start_server(args, env)
    try:
        warm_up(args, visits)
        print(f"locust: {args.users} visitors, +{args.spawn_rate}/s, {args.time} s, mean pause {args.wait} s, "
              f"gunicorn {args.workers} workers, cache {'Redis' if args.redis else 'LocMem per worker'}")
        subprocess.run(
            [str(VENV_BIN / "locust"), "-f", str(ROOT / "benchmarks" / "portal_locustfile.py"), "--headless",
             "-u", str(args.users), "-r", str(args.spawn_rate), "-t", f"{args.time}s",
             "--host", f"http://127.0.0.1:{args.port}", "--csv", csv_prefix, "--only-summary",
             "--loglevel", "WARNING", "--stop-timeout", "10"],
            env={**env, "PORTAL_LOAD_PLAN": str(plan_file), "PORTAL_LOAD_VIEWS": str(views_file),
                 "PORTAL_LOAD_WAIT": str(args.wait)},
            cwd=ROOT, timeout=args.time + 120, check=False, stdout=subprocess.DEVNULL)
        if not args.redis:
            # Each worker writes its buffered views within PORTAL_VIEWS_BUFFER_SECONDS of the first one; wait.
            time.sleep(float(env.get("PORTAL_VIEWS_BUFFER_SECONDS", "15")) + 3)
    finally:
        stop_server(server)

    figures(csv_prefix)
    result = json.loads(views_file.read_text(encoding="utf-8"))
    print("cache answers (page:X-Portal-Cache):", ", ".join(f"{k} {v}" for k, v in sorted(result["cache"].items())))
    print(f"folded {fold()} views")
    check_counts(before, view_counts(), result["viewed"])
    if args.redis:
        import redis

        client = redis.Redis.from_url(env["REDIS_URL"])
        for key in client.scan_iter(f"{env['CACHE_KEY_PREFIX']}:*"):
            client.delete(key)


if __name__ == "__main__":
    main()
