"""Registry benchmark: list latency at 1M establishments, and XLSX import of 100k establishments.

    python benchmarks/registry.py --database-url postgres://postgres@127.0.0.1:5432/kc_bench \
        [--establishments 1000000] [--villages 10000] [--import-rows 100000] [--die-rows N] [--repeat 30]
        [--skip-list] [--skip-import]

Builds (once; reused on the next run unless --rebuild) 1M establishments and 10k villages over the
real Hanoi and national units (COPY on PostgreSQL, bulk_create elsewhere), then prints:
- list p50/p95 with filters and with a search, through the real registry list view
  (registry:establishment_list, Django test Client, the page's own querystring), set against the
  registry's EstablishmentAdmin changelist (as registered) on the same data, with the SQL time of each;
- XLSX import of `--import-rows` establishments: time and peak memory (ru_maxrss of a child
  process), set against django-import-export importing the same file with equivalent validation
  (a ModelResource with clean_model_instances, commune codes read in the current hierarchy,
  derived fields applied), as a ratio.

django-import-export is a benchmark-only tool: `pip install django-import-export` in the venv; it is
not a project dependency.
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

PREFIXES = ["Công ty TNHH", "HTX", "Cơ sở", "Hộ kinh doanh", "Công ty CP", "Tổ hợp tác", "Xưởng"]
CRAFTS = ["Mây tre đan", "Gốm sứ", "Sơn mài", "Dệt lụa", "Mộc mỹ nghệ", "Cơ khí", "Chế biến nông sản", "Thêu ren",
          "Đúc đồng", "Khảm trai", "Làm nón", "Điêu khắc đá", "Chạm bạc", "Làm hương", "Bún bánh"]
PLACES = ["Phú Vinh", "Bát Tràng", "Vạn Phúc", "Chuyên Mỹ", "Đông Kỵ", "Tam Sơn", "Hạ Thái", "Quảng Phú Cầu",
          "Phú Nghĩa", "Sơn Đồng", "Ninh Hiệp", "La Phù", "Thanh Oai", "Ước Lễ", "Phùng Xá", "Đa Sỹ", "Chàng Sơn",
          "Trường Yên", "Hòa Xá", "Xuân La", "Cự Đà", "Kiêu Kỵ", "Nhị Khê", "Thượng Vực", "Bình Minh"]
KINDS = ["DN", "HTX", "THT", "HKD"]
SECTOR_CODES = ["a", "b", "c", "d", "đ", "e", "g"]


def setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "khuyencong.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
    os.environ.setdefault("TASKS_BACKEND", "immediate")
    os.environ.setdefault("AXES_ENABLED", "0")
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False  # no query log: measure the code, not Django's debug cursor


# --- data ----------------------------------------------------------------------------------------
def build(n_establishments: int, n_villages: int, rebuild: bool) -> None:
    from django.core.management import call_command
    from django.db import connection

    from khuyencong.geo.models import AdminUnit
    from khuyencong.geo.services.units import units_load
    from khuyencong.registry.models import CraftVillage, Establishment

    call_command("migrate", verbosity=0)
    if not AdminUnit.objects.exists():
        t = time.perf_counter()
        units_load()
        print(f"units loaded in {time.perf_counter() - t:.1f}s", file=sys.stderr)
    if rebuild:
        with connection.cursor() as cur:
            for table in ("registry_product", "registry_establishment", "registry_craftvillage_crafts",
                          "registry_craftvillageyear", "registry_craftvillage"):
                cur.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed table names
    have_e, have_v = Establishment.objects.count(), CraftVillage.objects.count()
    if have_e >= n_establishments and have_v >= n_villages:
        print(f"reusing {have_e} establishments, {have_v} villages", file=sys.stderr)
        return
    t = time.perf_counter()
    _build_rows(n_establishments - have_e, n_villages - have_v, have_e, have_v)
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    print(f"built in {time.perf_counter() - t:.1f}s", file=sys.stderr)


def _communes():
    from khuyencong.geo.models import AdminUnit, Level, UnitSuccession

    rows = list(AdminUnit.objects.filter(level=Level.COMMUNE).values_list("pk", "hierarchy", "province__code"))
    succ = {}
    for old, new in UnitSuccession.objects.filter(old__level=Level.COMMUNE).values_list("old_id", "new_id"):
        succ.setdefault(old, []).append(new)
    current_of = {pk: pk for pk, h, _p in rows if h == "current"}
    current_of.update({old: news[0] if len(news) == 1 else None for old, news in succ.items()})
    hanoi_current = [pk for pk, h, p in rows if p == "01" and h == "current"]
    hanoi_legacy = [pk for pk, h, p in rows if p == "01" and h == "legacy"]
    national = [pk for pk, _h, p in rows if p != "01"]
    return hanoi_current, hanoi_legacy, national, current_of


def _pick_commune(rng, pools):
    hanoi_current, hanoi_legacy, national, current_of = pools
    r = rng.random()
    pool = hanoi_current if r < 0.5 else hanoi_legacy if r < 0.7 else national
    pk = rng.choice(pool)
    return pk, current_of.get(pk)


def _build_rows(n_est: int, n_vil: int, start_e: int, start_v: int) -> None:
    from django.db import connection
    from django.utils import timezone
    from khuyencong.imports.kinds.registry import SECTORS

    from khuyencong.core.text import fold
    from khuyencong.registry.derive import match_name
    from khuyencong.registry.models import Craft, CraftVillage, Sector

    rng = random.Random(42)
    pools = _communes()
    for code, name in SECTORS:
        Sector.objects.get_or_create(code=code, defaults={"name": name})
    sectors = list(Sector.objects.values_list("pk", flat=True))
    for name in CRAFTS:
        Craft.objects.get_or_create(folded_name=fold(name), defaults={"name": name})
    crafts = list(Craft.objects.values_list("pk", flat=True))
    now = timezone.now()
    pg = connection.vendor == "postgresql"

    village_rows = []
    for i in range(start_v, start_v + n_vil):
        commune, current = _pick_commune(rng, pools)
        name = f"Làng nghề {rng.choice(CRAFTS).lower()} {rng.choice(PLACES)} {i}"
        recognition = rng.choice(["none", "lang_nghe", "lang_nghe_truyen_thong"])
        year = None if recognition == "none" else rng.randint(2000, 2024)
        village_rows.append((f"BV{i:06d}", name, fold(name), recognition, year, "", commune, current, now, now))
    v_cols = ("code", "name", "search_name", "recognition", "recognition_year", "recognition_decision", "commune_id",
              "current_commune_id", "created_at", "updated_at")
    _insert(pg, CraftVillage._meta.db_table, v_cols, village_rows)
    village_ids = list(CraftVillage.objects.values_list("pk", flat=True))
    through = CraftVillage.crafts.through
    existing_links = set(through.objects.values_list("craftvillage_id", flat=True))
    _insert(pg, through._meta.db_table, ("craftvillage_id", "craft_id"),
            [(v, rng.choice(crafts)) for v in village_ids if v not in existing_links])

    e_cols = ("code", "name", "search_name", "match_name", "kind", "tax_code", "address", "sector_id",
              "craft_village_id", "workers", "revenue", "founded_year", "polluting", "commune_id",
              "current_commune_id", "created_at", "updated_at")

    def rows():
        for i in range(start_e, start_e + n_est):
            commune, current = _pick_commune(rng, pools)
            name = f"{rng.choice(PREFIXES)} {rng.choice(CRAFTS)} {rng.choice(PLACES)} {i // 40}"
            yield (f"BM{i:07d}", name, fold(name), match_name(name), rng.choice(KINDS),
                   f"{i:010d}" if rng.random() < 0.4 else None, f"Thôn {rng.choice(PLACES)}",
                   rng.choice(sectors), rng.choice(village_ids) if rng.random() < 0.2 else None,
                   rng.randint(1, 300), rng.randint(0, 10**10), rng.randint(1950, 2025), rng.random() < 0.1,
                   commune, current, now, now)

    from khuyencong.registry.models import Establishment

    _insert(pg, Establishment._meta.db_table, e_cols, rows(), total=n_est)


def _insert(pg: bool, table: str, cols, rows, total=None) -> None:
    from django.db import connection

    if pg:
        with connection.cursor() as cur:
            with cur.cursor.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as copy:
                for n, row in enumerate(rows, 1):
                    copy.write_row(row)
                    if total and n % 100_000 == 0:
                        print(f"  {table}: {n}/{total}", file=sys.stderr)
        return
    placeholders = ", ".join(["%s"] * len(cols))
    sql = f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({placeholders})"  # noqa: S608 - fixed names
    batch = []
    with connection.cursor() as cur:
        for row in rows:
            batch.append(row)
            if len(batch) >= 5000:
                cur.executemany(sql, batch)
                batch = []
        if batch:
            cur.executemany(sql, batch)


# --- list latency --------------------------------------------------------------------------------
def _percentiles(samples):
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return statistics.median(ordered) * 1000, p95 * 1000


def _admin_url() -> str:
    """The registry's own EstablishmentAdmin changelist, measured as it is registered."""
    from django.contrib import admin
    from django.urls import reverse

    from khuyencong.registry.models import Establishment

    model_admin = admin.site._registry[Establishment]
    print(f"admin: {type(model_admin).__module__}.{type(model_admin).__name__}, "
          f"show_full_result_count={model_admin.show_full_result_count}, search_fields={model_admin.search_fields}",
          file=sys.stderr)
    return reverse("admin:registry_establishment_changelist")


def bench_list(repeat: int) -> list[tuple]:
    """The real registry list view (test Client, the page's querystring) against the admin changelist."""
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from khuyencong.accounts.models import User
    from khuyencong.registry.forms import EstablishmentFilterForm
    from khuyencong.registry.models import Sector

    user, _ = User.objects.get_or_create(username="bench-admin", defaults={"is_staff": True, "is_superuser": True})
    client = Client()
    client.force_login(user)
    sector = Sector.objects.get(code="đ")
    list_url, admin_url = reverse("registry:establishment_list"), _admin_url()
    scenarios = [
        ("no filter (first page)", {}, {}),
        ("filter: kind=HKD, sector=đ", {"kind": "HKD", "sector": "đ"},
         {"kind__exact": "HKD", "sector__id__exact": sector.pk}),
        ("filter: old district Chương Mỹ (legacy 277) + kind=HTX",
         {"unit_code": "277", "unit_hierarchy": "legacy", "kind": "HTX"}, None),
        ("filter: new commune 10030 (current)", {"unit_code": "10030", "unit_hierarchy": "current"}, None),
        ("search: “may tre phu vinh”", {"q": "may tre phu vinh"}, {"q": "may tre phu vinh"}),
        ("search + filter: “gom su” + polluting", {"q": "gom su", "polluting": "1"},
         {"q": "gom su", "polluting__exact": "1"}),
        ("search, rare: “khu vinh 12345”", {"q": "khu vinh 12345"}, {"q": "khu vinh 12345"}),
        ("sort by workers desc, page 2", {"sort": "-workers", "kind": "DN"}, None),
    ]
    out = []
    for label, ours, admin_params in scenarios:
        form = EstablishmentFilterForm(ours)
        assert form.is_valid(), (label, form.errors)  # an invalid filter would time an empty page

        def run_ours(params=ours):
            response = client.get(list_url, params)
            assert response.status_code == 200, response.status_code
            return response

        if label.endswith("page 2"):
            import re

            first = run_ours().content.decode()
            after = re.search(r'after=([^&"]+)', first)
            assert after, "no next-page link"
            ours = {**ours, "after": after.group(1).replace("&amp;", "")}

            def run_ours(params=ours):  # noqa: F811 - the second page, by its cursor
                response = client.get(list_url, params)
                assert response.status_code == 200, response.status_code
                return response

        ours_t = _time(run_ours, repeat)
        ours_sql = _sql_ms(connection, run_ours)
        if admin_params is None:
            out.append((label, *_percentiles(ours_t), ours_sql, float("nan"), float("nan"), float("nan")))
            continue

        def run_admin(params=admin_params):
            response = client.get(admin_url, params)
            assert response.status_code == 200, response.status_code

        admin_t = _time(run_admin, max(5, repeat // 3))
        out.append((label, *_percentiles(ours_t), ours_sql, *_percentiles(admin_t), _sql_ms(connection, run_admin)))
    return out


def _sql_ms(connection, fn) -> float:
    samples = []
    connection.force_debug_cursor = True
    for _ in range(3):
        connection.queries_log.clear()
        fn()
        samples.append(sum(float(q["time"]) for q in connection.queries))
    connection.force_debug_cursor = False
    return statistics.median(samples) * 1000


def _time(fn, repeat):
    fn()  # warm up
    samples = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t)
    return samples


# --- import ---------------------------------------------------------------------------------------
def make_import_file(path: Path, rows: int) -> None:
    from openpyxl import Workbook

    from khuyencong.geo.models import AdminUnit

    communes = list(AdminUnit.objects.filter(hierarchy="current", level="commune", province__code="01")
                    .values_list("code", flat=True))
    rng = random.Random(7)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Dữ liệu")
    ws.append(["Mã cơ sở", "Tên cơ sở", "Loại hình", "Mã xã/phường", "Mã số thuế", "Địa chỉ", "Ngành",
               "Số lao động", "Năm thành lập", "Gây ô nhiễm"])
    for i in range(rows):
        name = f"{rng.choice(PREFIXES)} {rng.choice(CRAFTS)} {rng.choice(PLACES)} nhập {i // 30}"
        ws.append([f"BI{i:07d}", name, rng.choice(KINDS), rng.choice(communes),
                   f"9{i:09d}" if rng.random() < 0.4 else None, f"Thôn {rng.choice(PLACES)}",
                   rng.choice(SECTOR_CODES), rng.randint(1, 300), rng.randint(1950, 2025),
                   "có" if rng.random() < 0.1 else "không"])
    wb.save(path)


def child(which: str, path: str, rows: int) -> None:
    """Run one import in this (fresh) process and print its time and peak memory as JSON."""
    import resource

    start_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t, cpu = time.perf_counter(), time.process_time()
    if which == "ours":
        from khuyencong.accounts.scoping import SYSTEM
        from khuyencong.imports.services.runs import import_file

        result = import_file(user=SYSTEM, kind="establishments", path=path, mode="create", name="bench.xlsx")
        ok, created, errors = result.ok, result.created, len(result.errors)
        first = [str(e) for e in result.errors[:3]] or ([result.file_error] if result.file_error else [])
    else:
        ok, created, errors, first = _die_import(path, rows)
    elapsed, cpu = time.perf_counter() - t, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": elapsed, "cpu": cpu, "peak_mb": peak / 1024, "start_mb": start_rss / 1024, "ok": ok,
                      "created": created, "errors": errors, "first_errors": first}))


def _die_import(path: str, rows: int):
    import tablib
    from django.core.exceptions import ValidationError
    from import_export import fields, resources, widgets

    from khuyencong.geo.models import AdminUnit
    from khuyencong.registry.derive import apply_derived
    from khuyencong.registry.models import Establishment, Sector

    class CommuneWidget(widgets.ForeignKeyWidget):
        def get_queryset(self, value, row, *args, **kwargs):
            return AdminUnit.objects.filter(hierarchy="current", level="commune")

        def clean(self, value, row=None, **kwargs):
            if value in (None, ""):
                raise ValueError("Thiếu mã xã/phường")
            return super().clean(str(value).strip().zfill(5), row, **kwargs)

    class VnBool(widgets.BooleanWidget):
        def clean(self, value, row=None, **kwargs):
            return {"có": True, "không": False, "yes": True, "no": False}.get(str(value).strip().lower(), False)

    class KindWidget(widgets.CharWidget):
        def clean(self, value, row=None, **kwargs):
            value = super().clean(value, row, **kwargs)
            if value not in {"DN", "HTX", "THT", "HKD"}:
                raise ValueError(f"Loại hình không hợp lệ: {value}")
            return value

    class EstablishmentResource(resources.ModelResource):
        code = fields.Field(attribute="code", column_name="Mã cơ sở")
        name = fields.Field(attribute="name", column_name="Tên cơ sở")
        kind = fields.Field(attribute="kind", column_name="Loại hình", widget=KindWidget())
        commune = fields.Field(attribute="commune", column_name="Mã xã/phường", widget=CommuneWidget(AdminUnit, "code"))
        tax_code = fields.Field(attribute="tax_code", column_name="Mã số thuế")
        address = fields.Field(attribute="address", column_name="Địa chỉ")
        sector = fields.Field(attribute="sector", column_name="Ngành", widget=widgets.ForeignKeyWidget(Sector, "code"))
        workers = fields.Field(attribute="workers", column_name="Số lao động", widget=widgets.IntegerWidget())
        founded_year = fields.Field(attribute="founded_year", column_name="Năm thành lập",
                                    widget=widgets.IntegerWidget())
        polluting = fields.Field(attribute="polluting", column_name="Gây ô nhiễm", widget=VnBool())

        class Meta:
            model = Establishment
            import_id_fields = ("code",)
            fields = ("code", "name", "kind", "commune", "tax_code", "address", "sector", "workers",
                      "founded_year", "polluting")
            clean_model_instances = True  # full_clean: choices, lengths, unique code and tax code, FKs
            skip_diff = True  # the fast path: no per-row diff kept
            skip_unchanged = False

        def import_instance(self, instance, row, **kwargs):
            super().import_instance(instance, row, **kwargs)
            if instance.tax_code == "":
                instance.tax_code = None
            if instance.founded_year is not None and not 1800 <= instance.founded_year <= 2100:
                raise ValidationError({"founded_year": "Năm ngoài khoảng 1800–2100"})
            apply_derived(instance)  # search_name, match_name, current_commune

    with open(path, "rb") as fh:
        dataset = tablib.Dataset().load(fh.read(), format="xlsx")
    result = EstablishmentResource().import_data(dataset, dry_run=False, use_transactions=True, raise_errors=False)
    errors = len(result.invalid_rows) + len(result.row_errors())
    first = [str(r.error_dict) for r in result.invalid_rows[:3]] + [str(e[1][0].error) for e in result.row_errors()[:3]]
    return not result.has_errors() and not result.has_validation_errors(), result.totals.get("new", 0), errors, first


def _run_child(args, which: str, path: Path, rows: int) -> dict:
    cmd = [sys.executable, __file__, "--database-url", args.database_url, "--child", which, "--file", str(path),
           "--import-rows", str(rows)]
    proc = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    if proc.returncode != 0:
        print(proc.stderr[-3000:], file=sys.stderr)
        raise SystemExit(f"child {which} failed")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _cleanup_imported() -> None:
    from django.contrib.contenttypes.models import ContentType

    from khuyencong.core.models import AuditEntry
    from khuyencong.registry.models import Establishment

    ids = Establishment.objects.filter(code__startswith="BI").values_list("pk", flat=True)
    ct = ContentType.objects.get_for_model(Establishment)
    AuditEntry.objects.filter(content_type=ct, action="import").delete()
    Establishment.objects.filter(pk__in=ids).delete()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--establishments", type=int, default=1_000_000)
    parser.add_argument("--villages", type=int, default=10_000)
    parser.add_argument("--import-rows", type=int, default=100_000)
    parser.add_argument("--die-rows", type=int, default=None,
                        help="rows for django-import-export (default: the same file); fewer rows are extrapolated")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--skip-list", action="store_true")
    parser.add_argument("--skip-import", action="store_true")
    parser.add_argument("--child", choices=["ours", "die"])
    parser.add_argument("--file")
    args = parser.parse_args()
    setup(args.database_url)
    if args.child:
        child(args.child, args.file, args.import_rows)
        return

    from django.db import connection

    print(f"database: {connection.vendor}")
    build(args.establishments, args.villages, args.rebuild)
    from khuyencong.registry.models import CraftVillage, Establishment

    print(f"data: {Establishment.objects.count():,} establishments, {CraftVillage.objects.count():,} villages")
    if not args.skip_list:
        results = bench_list(args.repeat)
        print("\nList latency, ms: the registry list view (registry:establishment_list, 50 rows, seek paging)")
        print("against the registry's EstablishmentAdmin changelist, both through the test Client")
        print(f"{'scenario':56} {'p50':>7} {'p95':>7} {'SQL':>6} {'admin p50':>10} {'admin p95':>10} "
              f"{'admin SQL':>10} {'ratio p50':>9}")
        for label, p50, p95, sql, a50, a95, asql in results:
            ratio = a50 / p50 if a50 == a50 else float("nan")
            print(f"{label:56} {p50:7.1f} {p95:7.1f} {sql:6.1f} {a50:10.1f} {a95:10.1f} {asql:10.1f} "
                  f"{ratio:8.1f}×")
    if not args.skip_import:
        tmp = ROOT / "var" / "bench"
        tmp.mkdir(parents=True, exist_ok=True)
        path = tmp / f"establishments-{args.import_rows}.xlsx"
        if not path.exists():
            t = time.perf_counter()
            make_import_file(path, args.import_rows)
            print(f"\nimport file written in {time.perf_counter() - t:.1f}s ({path.stat().st_size / 1e6:.1f} MB)",
                  file=sys.stderr)
        _cleanup_imported()
        ours = _run_child(args, "ours", path, args.import_rows)
        _cleanup_imported()
        die_rows = args.die_rows or args.import_rows
        die_path = path
        if die_rows != args.import_rows:
            die_path = tmp / f"establishments-{die_rows}.xlsx"
            if not die_path.exists():
                make_import_file(die_path, die_rows)
        die = _run_child(args, "die", die_path, die_rows)
        _cleanup_imported()
        scale = args.import_rows / die_rows
        die_seconds = die["seconds"] * scale
        print(f"\nXLSX import of {args.import_rows:,} establishments (create, all or nothing, one transaction)")
        print(f"  ours:                   {ours['seconds']:8.1f} s (CPU {ours['cpu']:.1f} s), "
              f"peak RSS {ours['peak_mb']:7.0f} MB, "
              f"created {ours['created']:,}, ok={ours['ok']} {ours['first_errors']}")
        note = f" (measured on {die_rows:,} rows, scaled ×{scale:g})" if scale != 1 else ""
        print(f"  django-import-export:   {die_seconds:8.1f} s (CPU {die['cpu'] * scale:.1f} s){note}, "
              f"peak RSS {die['peak_mb']:7.0f} MB, "
              f"created {die['created']:,}, ok={die['ok']} {die['first_errors']}")
        print(f"  speed ratio: {die_seconds / ours['seconds']:.1f}× faster "
              f"(CPU time: {die['cpu'] * scale / ours['cpu']:.1f}×); "
              f"rows/s ours {args.import_rows / ours['seconds']:,.0f}, "
              f"django-import-export {die_rows / die['seconds']:,.0f}")


if __name__ == "__main__":
    main()
