"""Loading the demo dataset: generate every row from one seed, then write it through the import framework
(`imports.services.runs.import_rows`: the bulk path an upload takes, with every rule it checks) and, for this
year's projects, through the workflow services. One transaction: a failed load leaves nothing behind.

Records before 01/07/2025 are placed in Hà Nội's old communes (the legacy hierarchy), later ones in today's.
"""

import random
import time
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.management import call_command
from django.db import transaction

from khuyencong.accounts.scoping import SYSTEM
from khuyencong.core.formatting import format_datetime, format_number
from khuyencong.demo.articles import create_articles
from khuyencong.demo.generate import directory, projects, registry, training, workflow
from khuyencong.demo.generate import indicators as indicator_rows
from khuyencong.demo.models import DemoDataset
from khuyencong.demo.reset import CATALOGUES, has_records
from khuyencong.demo.selectors import demo_dataset
from khuyencong.demo.users import create_users
from khuyencong.geo.models import Hierarchy, Level, UnitSuccession
from khuyencong.geo.selectors import unit_get, unit_subtree
from khuyencong.imports.services.runs import import_rows
from khuyencong.indicators import quality

SEED = 2016


class DemoError(Exception):
    """The demo cannot be loaded here (the message says why, in Vietnamese)."""


@dataclass
class LoadReport:
    seconds: float = 0.0
    counts: dict = field(default_factory=dict)
    steps: list = field(default_factory=list)   # (label, seconds)


def hanoi_units() -> tuple[list[str], list[str], dict[str, str]]:
    """Old communes of Hà Nội, today's communes, and each old commune's successor (the first, when split)."""
    old_hanoi = unit_get(code="01", hierarchy=Hierarchy.LEGACY)
    legacy = list(unit_subtree(old_hanoi, level=Level.COMMUNE).order_by("code").values_list("code", flat=True))
    current = list(unit_subtree(unit_get(code="01"), level=Level.COMMUNE).order_by("code")
                   .values_list("code", flat=True))
    successor = {}
    links = UnitSuccession.objects.filter(old__in=unit_subtree(old_hanoi, level=Level.COMMUNE))
    for old_code, new_code in links.order_by("old__code", "new__code").values_list("old__code", "new__code"):
        successor.setdefault(old_code, new_code)
    return legacy, current, successor


def _import(kind: str, rows: list[dict], report: LoadReport) -> None:
    """One kind through the import framework, as the command-line import does (the SYSTEM actor); rows name their
    own hierarchy when they have a unit code (legacy by default: most demo records are older than the reform)."""
    started = time.monotonic()
    result = import_rows(kind=kind, rows=rows, user=SYSTEM, hierarchy="legacy", mode="create")
    if not result.ok:
        shown = result.file_error or "; ".join(str(e) for e in result.errors[:5])
        raise DemoError(f"Nạp dữ liệu mẫu “{kind}” lỗi ({len(result.errors)} lỗi): {shown}")
    report.counts[kind] = len(rows)
    report.steps.append((kind, time.monotonic() - started))


def load(*, stdout=None, seed: int = SEED) -> LoadReport:
    """Load the demo dataset; refuses (DemoError) when it is loaded already or the database holds other data."""
    existing = demo_dataset()
    if existing is not None:
        raise DemoError(f"Dữ liệu mẫu đã được nạp lúc {format_datetime(existing.loaded_at)}: "
                        "dùng `khuyencong demo --reset` để xoá và nạp lại.")
    call_command("load_units", "--if-empty", verbosity=0)
    if has_records():
        raise DemoError("Cơ sở dữ liệu đã có dữ liệu (cơ sở, làng nghề, đề án hoặc lớp học) không phải dữ liệu "
                        "mẫu: không nạp dữ liệu mẫu vào đây. Dùng một cơ sở dữ liệu trống.")
    report = LoadReport()
    started = time.monotonic()
    rng = random.Random(seed)
    legacy, current, successor = hanoi_units()
    reg = registry.build(rng, legacy, current)
    history = projects.build(rng, reg, successor)
    teaching = training.build(rng, reg, history.training_projects, successor)
    report.steps.append(("tạo dữ liệu", time.monotonic() - started))
    catalogues_before = {m.__name__: set(m.objects.values_list("pk", flat=True)) for m in CATALOGUES}
    with transaction.atomic():
        step = time.monotonic()
        users = create_users()
        report.counts["users"] = len(users)
        report.steps.append(("tài khoản mẫu", time.monotonic() - step))
        _import("craft_villages", reg.villages, report)
        _import("village_years", reg.village_years, report)
        _import("establishments", reg.establishments, report)
        _import("products", reg.products, report)
        _import("projects", history.rows, report)
        _import("training_classes", teaching.classes, report)
        _import("trainees", teaching.trainees, report)
        _import("transplants", teaching.transplants, report)
        _import("data_values", indicator_rows.data_values(rng), report)
        _import("targets", indicator_rows.targets(), report)
        step = time.monotonic()
        indicator_rows.approve(users)
        rule = workflow.programmes_and_plans()
        report.counts["workflow_projects"] = workflow.walk(users, rule)
        workflow.slip(users)
        report.steps.append(("quy trình, duyệt số liệu", time.monotonic() - step))
        step = time.monotonic()
        report.counts |= directory.decorate(actor=users["quantri"], village_codes=[f[0] for f in registry.FAMOUS])
        report.steps.append(("danh bạ công khai", time.monotonic() - step))
        step = time.monotonic()
        articles = create_articles(users)
        report.counts["articles"] = sum(articles.values())
        report.steps.append(("bài tin", time.monotonic() - step))
        report.seconds = time.monotonic() - started
        added = {m.__name__: sorted(set(m.objects.values_list("pk", flat=True)) - catalogues_before[m.__name__])
                 for m in CATALOGUES}
        DemoDataset.objects.create(seed=seed, seconds=Decimal(f"{report.seconds:.1f}"), counts=report.counts,
                                   catalogue_added=added)
    # The flags now, not when a worker gets to the queued scan: the data-quality page shows the demo's slip.
    step = time.monotonic()
    quality.scan()
    report.steps.append(("kiểm tra chất lượng số liệu", time.monotonic() - step))
    if stdout is not None:
        for label, seconds in report.steps:
            stdout.write(f"  {label:<26} {format_number(seconds, 1):>6} giây")
    return report
