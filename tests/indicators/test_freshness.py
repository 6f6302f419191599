"""The aggregate tables are rebuilt after imports, project transitions and record changes, and pages say how
fresh they are."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from openpyxl import Workbook

from khuyencong.accounts.scoping import SYSTEM
from khuyencong.imports.services.runs import import_file
from khuyencong.indicators import facts
from khuyencong.indicators.engine import compute
from khuyencong.indicators.models import IndicatorFact
from khuyencong.registry.models import CraftVillage


@pytest.fixture
def committed(world):
    """The world's records as if committed before the test: their pending "records changed" call is dropped
    (one is queued per transaction, and the test's transaction never commits)."""
    ours = (facts._after_commit, facts._after_commit_forced)
    connection.run_on_commit[:] = [entry for entry in connection.run_on_commit if entry[1] not in ours]
    return world


def test_an_import_refreshes_the_aggregates(tmp_path, committed, django_capture_on_commit_callbacks):
    world = committed
    facts.rebuild()
    before = compute(unit=world.hanoi, period="2011-2015", codes=["craft_villages"])
    assert before.source == "facts" and before.values["craft_villages"] == 6
    book = Workbook()
    book.active.append(["code", "name", "commune_code", "crafts"])
    book.active.append(["V9", "Làng mới", "10030", "Gốm"])
    book.save(tmp_path / "lang.xlsx")
    with django_capture_on_commit_callbacks(execute=True):
        assert import_file(kind="craft_villages", path=tmp_path / "lang.xlsx", user=SYSTEM).ok
    state = facts.state()
    assert state.fresh and not state.queued
    after = compute(unit=world.hanoi, period="2011-2015", codes=["craft_villages"])
    assert after.source == "facts" and after.values["craft_villages"] == 7


def test_a_project_transition_refreshes_the_aggregates(committed, people, django_capture_on_commit_callbacks):
    from khuyencong.projects.models import Project
    from khuyencong.projects.services.projects import project_transition

    facts.rebuild()
    started = facts.state().refresh_started_at
    project = Project.objects.get(code="P5")
    with django_capture_on_commit_callbacks(execute=True):
        project_transition(project=project, transition="stop", actor=people.approver, comment="Hết kinh phí")
    state = facts.state()
    assert state.fresh and state.refresh_started_at > started


def test_a_saved_record_marks_the_aggregates_stale(committed, django_capture_on_commit_callbacks, settings):
    world = committed
    facts.rebuild()
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}  # no worker ran yet
    with django_capture_on_commit_callbacks(execute=True):
        CraftVillage.objects.filter(code="V1").first().save()
    state = facts.state()
    assert not state.fresh and state.queued
    assert compute(unit=world.hanoi, period="2015").source == "direct"  # correct while the refresh waits


def test_tables_never_built_are_left_alone(committed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        CraftVillage.objects.filter(code="V1").first().save()
    state = facts.state()
    assert state.changed_at is not None and state.refreshed_at is None and not state.queued
    assert not IndicatorFact.objects.exists()


def test_the_command_line_rebuilds_them(world):
    out = io.StringIO()
    call_command("indicators", "--refresh", stdout=out)
    assert out.getvalue().startswith(f"Đã lập lại bảng tổng hợp chỉ tiêu: {IndicatorFact.objects.count()} dòng")
    assert facts.state().fresh


def test_pages_say_how_fresh_the_figures_are(client, people, world):
    client.force_login(people.staff)
    url = reverse("indicators:index")
    params = {"unit_code": "01", "period": "2011-2015"}
    assert "Tính trực tiếp từ dữ liệu lúc xem trang." in client.get(url, params).content.decode()
    facts.rebuild()
    body = client.get(url, params).content.decode()
    assert "Số liệu từ bảng tổng hợp lúc" in body
