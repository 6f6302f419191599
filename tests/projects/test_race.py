"""Two approvers fire at the same moment, each on their own database connection: one wins."""

import threading

import pytest
from django.db import connection, connections

from khuyencong.projects.models import Project, ProjectTransition
from khuyencong.projects.services.projects import ProjectConflict, project_transition
from tests.projects.conftest import TODAY

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor == "sqlite",
                       reason="SQLite locks the whole file and has no SELECT … FOR UPDATE: run on PostgreSQL"),
]


def test_two_approvals_racing(units_loaded, make_project, people, make_user):
    project = make_project("under_appraisal")
    second = make_user("lanhdao2", role="approver", unit="01")
    # both approvers opened the page on the same version
    copies = [Project.objects.get(pk=project.pk), Project.objects.get(pk=project.pk)]
    actors = [people["approver"], second]
    barrier = threading.Barrier(2)
    results: list = [None, None]

    def fire(i: int) -> None:
        try:
            barrier.wait(timeout=10)
            project_transition(
                project=copies[i], transition="approve", actor=actors[i],
                data={"approval_decision": f"{i + 1}/QĐ", "approved_on": TODAY, "approved_funds": 150_000_000 - i},
            )
            results[i] = "ok"
        except ProjectConflict as exc:
            results[i] = exc.messages[0]
        finally:
            connections.close_all()

    threads = [threading.Thread(target=fire, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)

    assert sorted(r == "ok" for r in results) == [False, True], results
    winner = actors[results.index("ok")]
    loser_message = next(r for r in results if r != "ok")
    assert loser_message.startswith(f"Đề án đã được xử lý bởi {winner} lúc ")
    assert ProjectTransition.objects.filter(project=project, name="approve").count() == 1
    fresh = Project.objects.get(pk=project.pk)
    assert fresh.state == "approved" and fresh.approval_decision == f"{results.index('ok') + 1}/QĐ"


def test_two_approvals_in_one_plan_cannot_both_slip_under_the_ceiling(units_loaded, make_project, people,
                                                                       make_user):
    from khuyencong.projects.models import AnnualPlan

    AnnualPlan.objects.create(year=2026, funding_source="local", budget_ceiling=200_000_000)
    first, second = make_project("under_appraisal"), make_project("under_appraisal")
    assert first.plan_id and first.plan_id == second.plan_id
    other = make_user("lanhdao2", role="approver", unit="01")
    barrier = threading.Barrier(2)
    results: list = [None, None]

    def fire(i, project, actor):
        try:
            barrier.wait(timeout=10)
            project_transition(project=project, transition="approve", actor=actor,
                               data={"approval_decision": f"{i}/QĐ", "approved_on": TODAY,
                                     "approved_funds": 150_000_000})
            results[i] = "ok"
        except Exception as exc:  # the loser's ValidationError, read below
            results[i] = " ".join(getattr(exc, "messages", [str(exc)]))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=fire, args=(0, first, people["approver"])),
               threading.Thread(target=fire, args=(1, second, other))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(r == "ok" for r in results) == [False, True], results
    assert "vượt hạn mức 200.000.000 đồng" in next(r for r in results if r != "ok")
    assert Project.objects.filter(state="approved").count() == 1
