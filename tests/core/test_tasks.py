"""The production task path: django-tasks-db stores the task, `khuyencong db_worker` runs it."""

import pytest
from django.core.management import call_command
from django.test import override_settings
from openpyxl import Workbook

from khuyencong.imports.models import ImportRun, RunStatus
from khuyencong.imports.services import runs as services
from khuyencong.registry.models import Establishment

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DB_TASKS)
def test_large_import_waits_for_the_db_worker_then_runs(client, make_user, tmp_path, monkeypatch, units_loaded):
    from django_tasks_db.models import DBTaskResult

    monkeypatch.setattr(services, "INLINE_MAX_BYTES", 10)  # every upload goes to the worker
    client.force_login(make_user("canbo"))
    book = Workbook()
    book.active.append(["code", "name", "kind", "commune_code"])
    for i in range(5):
        book.active.append([f"C{i}", f"Cơ sở {i}", "HKD", "10030"])
    book.save(tmp_path / "big.xlsx")
    with open(tmp_path / "big.xlsx", "rb") as upload:
        client.post("/nhap-du-lieu/establishments/", {"file": upload, "hierarchy": "current", "mode": "upsert"})

    run = ImportRun.objects.get()
    assert run.status == RunStatus.PENDING and not Establishment.objects.exists()
    assert DBTaskResult.objects.filter(status="READY").count() == 1  # stored, not run

    call_command("db_worker", batch=True, no_startup_delay=True, reload=False, verbosity=0)

    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED
    assert Establishment.objects.count() == 5
    assert DBTaskResult.objects.get(task_path="khuyencong.imports.tasks.run_import").status == "SUCCESSFUL"
    # the import's commit queued the indicator aggregates' refresh, which the same worker ran
    assert DBTaskResult.objects.get(task_path="khuyencong.indicators.tasks.refresh_facts").status == "SUCCESSFUL"
