"""The workflow is data: a row declares its checks, effects, conditional fields, documents, prefills and cards,
and every part of the app reads the row. A step added to a copy of the table works end to end."""

import ast
import dataclasses
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from khuyencong.accounts.models import Role
from khuyencong.projects import permissions
from khuyencong.projects.checks import CheckResult, failed, passed
from khuyencong.projects.conditions import current_progress
from khuyencong.projects.effects import compute_refund
from khuyencong.projects.forms import TransitionForm
from khuyencong.projects.import_kinds import projects as projects_kind
from khuyencong.projects.models import Attachment, AttachmentKind, Notification, Project, ProjectTransition
from khuyencong.projects.models import ProjectState as S
from khuyencong.projects.selectors import project_page
from khuyencong.projects.services.notifications import notifications_mark_read
from khuyencong.projects.services.projects import project_transition
from khuyencong.projects.workflow import TRANSITIONS, WORKFLOW, Extra, Transition
from tests.projects.conftest import TODAY, upload

pytestmark = pytest.mark.django_db

VIEWS = Path(permissions.__file__).parent / "views" / "projects.py"


def below_full_progress(project, given) -> CheckResult:
    if project.progress_percent is not None and project.progress_percent >= 100:
        return failed("progress_percent", "Đề án đã xong 100%: không tiếp tục được.")
    return passed(resumed_at_percent=project.progress_percent)


def clear_advances(project, given) -> dict:
    return {"advances_paid": 0}


RESUME = Transition(
    "resume", "Tiếp tục thực hiện", (S.STOPPED,), S.IN_PROGRESS, (Role.APPROVER,),
    fields=("progress_percent", "resume_decision"), extras={"resume_decision": Extra("Số quyết định cho tiếp tục")},
    prefill={"progress_percent": current_progress}, attachments=(AttachmentKind.OTHER,),
    uploaders=(Role.CENTRE_STAFF, Role.APPROVER), comment_required=True,
    checks=(below_full_progress,), effects=(clear_advances,),
)


def test_a_transition_added_to_a_copy_of_the_table_is_walked(make_project, people, media):
    copy = WORKFLOW.with_transition(RESUME)
    approver, staff = people["approver"], people["centre_staff"]
    project = make_project("in_progress")
    project_transition(project=project, transition="report_progress", actor=staff,
                       data={"progress_percent": 40, "advances_paid": 80_000_000})
    project_transition(project=project, transition="stop", actor=approver, comment="Cơ sở tạm dừng sản xuất")

    # the real table does not know the step; the copy does, and every part of the app reads it from there
    assert WORKFLOW.get("resume") is None and len(WORKFLOW.transitions) == len(TRANSITIONS)
    assert permissions.can_transition(approver, project, "resume") == (
        False, "Thao tác “resume” không có trong quy trình.")
    assert permissions.can_transition(approver, project, "resume", workflow=copy) == (True, "")
    assert permissions.can_transition(staff, project, "resume", workflow=copy) == (
        False, "Chỉ Lãnh đạo phê duyệt được tiếp tục thực hiện.")
    assert permissions.can_attach(staff, project)[0] is False  # stopped is final in the real table
    assert permissions.can_attach(staff, project, workflow=copy) == (True, "")
    actions = project_page(user=approver, project=project, workflow=copy)["actions"]
    assert [(a["transition"].name, a["allowed"], a["missing"]) for a in actions] == [
        ("resume", True, ["Tài liệu khác"])]

    form = TransitionForm(transition=copy.get("resume"), project=project)
    assert list(form.fields) == ["progress_percent", "resume_decision", "file_other", "comment", "version"]
    assert form.initial["progress_percent"] == 40 and form.fields["comment"].required

    with pytest.raises(ValidationError) as exc:
        project_transition(project=project, transition="resume", actor=approver, data={"progress_percent": 100},
                           workflow=copy)
    assert set(exc.value.message_dict) == {"progress_percent", "resume_decision", "comment", "file_other"}
    assert exc.value.message_dict["progress_percent"] == ["Đề án đã xong 100%: không tiếp tục được."]

    project_transition(project=project, transition="resume", actor=approver, workflow=copy,
                       data={"progress_percent": 40, "resume_decision": "12/QĐ-KC"}, comment="Đã sản xuất lại",
                       uploads={AttachmentKind.OTHER: upload("qd-tiep-tuc.pdf")})
    project.refresh_from_db()
    assert project.state == "in_progress" and project.advances_paid == 0
    row = ProjectTransition.objects.filter(project=project).first()
    assert (row.name, row.from_state, row.to_state, row.comment) == ("resume", "stopped", "in_progress",
                                                                     "Đã sản xuất lại")
    assert row.data == {"progress_percent": 40, "resume_decision": "12/QĐ-KC", "resumed_at_percent": 40,
                        "advances_paid": 0}
    assert project.attachments.filter(kind="other", original_name="qd-tiep-tuc.pdf").exists()
    assert WORKFLOW.get("resume") is None


def test_the_refund_is_an_effect_declared_on_the_settle_row(make_project, people):
    assert compute_refund in WORKFLOW.get("settle").effects
    without = dataclasses.replace(WORKFLOW, transitions=tuple(
        dataclasses.replace(t, effects=()) if t.name == "settle" else t for t in WORKFLOW.transitions))
    project = make_project("accepted")  # 100 million advanced
    project_transition(project=project, transition="settle", actor=people["approver"], workflow=without,
                       data={"settled_on": TODAY, "settled_funds": 60_000_000})
    assert Project.objects.get(pk=project.pk).refund_amount is None
    project = make_project("accepted")
    project_transition(project=project, transition="settle", actor=people["approver"],
                       data={"settled_on": TODAY, "settled_funds": 60_000_000})
    assert Project.objects.get(pk=project.pk).refund_amount == 40_000_000


def test_checks_return_a_typed_result_and_change_nothing(make_project, people, plan):
    project = make_project("under_appraisal")
    project.approved_funds, project.approved_on, project.approval_decision = 150_000_000, TODAY, "1/QĐ"
    project.settled_funds, project.accepted_on, project.settled_on, project.progress_percent = 1, TODAY, TODAY, 5
    seen = 0
    for t in WORKFLOW.transitions:
        for check in t.checks:
            before = {k: v for k, v in vars(project).items() if not k.startswith("_")}
            result = check(project, {"ceiling_override_reason": ""})
            assert isinstance(result, CheckResult), (t.name, check)
            assert {k: v for k, v in vars(project).items() if not k.startswith("_")} == before, (t.name, check)
            seen += 1
    assert seen >= 10


def test_can_transition_is_the_one_explicit_permission_of_the_steps():
    generated = [name for name in vars(permissions) if name.startswith("can_") and name[4:] in
                 {t.name for t in WORKFLOW.transitions}]
    assert generated == []
    assert "globals()" not in Path(permissions.__file__).read_text()


def test_machinery_is_asked_only_for_its_activity_by_the_form_and_the_service(make_project, people):
    project = make_project("under_appraisal", activity="products", machinery_condition="")
    assert "machinery_condition" not in TransitionForm(transition=WORKFLOW.get("approve"), project=project).fields
    project_transition(project=project, transition="approve", actor=people["approver"],
                       data={"approval_decision": "3/QĐ", "approved_on": TODAY, "approved_funds": 150_000_000,
                             "machinery_condition": "used"})
    assert Project.objects.get(pk=project.pk).machinery_condition == ""


def test_each_form_gets_its_own_extra_field(make_project, plan):
    project = make_project("under_appraisal")
    first = TransitionForm(transition=WORKFLOW.get("approve"), project=project)
    second = TransitionForm(transition=WORKFLOW.get("approve"), project=project)
    assert "ceiling_override_reason" in first.fields
    assert first.fields["ceiling_override_reason"] is not second.fields["ceiling_override_reason"]


def test_who_may_attach_follows_the_rows_of_the_state(make_project, people):
    officer, staff, approver = people["local_officer"], people["centre_staff"], people["approver"]
    appraisal = make_project("under_appraisal")
    assert permissions.can_attach(officer, appraisal) == (
        False, "Ở trạng thái “Đang thẩm định”, chỉ Cán bộ Trung tâm, Lãnh đạo phê duyệt đính kèm tài liệu.")
    accepted = make_project("accepted")
    assert permissions.can_attach(staff, accepted) == (True, "")  # the Centre prepares the settlement file
    assert permissions.can_attach(approver, make_project("draft"))[0] is False
    settled = make_project("settled")
    assert permissions.can_attach(approver, settled) == (False, "Đề án đã kết thúc: không đính kèm thêm tài liệu.")


def test_import_refuses_an_acceptance_date_on_any_state_before_approval():
    for state, refused in [("returned", True), ("cancelled", True), ("submitted", True), ("stopped", False),
                           ("settled", False)]:
        errors = []
        projects_kind.clean_row({"status": state, "accepted_on": TODAY}, errors)
        assert bool(errors) is refused, state


def test_marking_notifications_read_is_a_service(client, make_project, people, django_capture_on_commit_callbacks):
    project = make_project("draft")
    with django_capture_on_commit_callbacks(execute=True):
        project_transition(project=project, transition="submit", actor=people["local_officer"])
    with django_capture_on_commit_callbacks(execute=True):
        project_transition(project=project, transition="start_appraisal", actor=people["centre_staff"])
    staff, approver = people["centre_staff"], people["approver"]
    assert Notification.objects.filter(user=approver, read_at__isnull=True).count() == 1
    Notification.objects.create(user=staff, project=project, message="x")
    assert notifications_mark_read(user=staff) == 2
    assert not Notification.objects.filter(user=staff, read_at__isnull=True).exists()
    assert Notification.objects.filter(user=approver, read_at__isnull=True).count() == 1  # others' stay unread
    client.force_login(approver)
    assert client.post(reverse("projects:inbox")).status_code == 302
    assert not Notification.objects.filter(user=approver, read_at__isnull=True).exists()


def test_views_hold_no_transaction_and_no_orm_write():
    tree = ast.parse(VIEWS.read_text())
    writes = {"save", "delete", "bulk_create", "get_or_create", "update_or_create", "atomic", "set_rollback"}
    calls = [ast.unparse(node) for node in ast.walk(tree)
             if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
             and (node.func.attr in writes or node.func.attr in ("update", "create")
                  and "objects" in ast.unparse(node.func.value))]
    assert calls == []
    assert "transaction" not in VIEWS.read_text()


def test_attachment_left_by_a_refused_transition_is_not_kept(make_project, people, media):
    project = make_project("in_progress")
    Attachment.objects.filter(project=project, kind="acceptance_minutes").delete()
    before = {p for p in media.rglob("*") if p.is_file()}
    with pytest.raises(ValidationError):
        project_transition(project=project, transition="accept", actor=people["approver"],
                           data={"accepted_on": TODAY}, uploads={"acceptance_minutes": upload("bb.pdf")})
    assert not Attachment.objects.filter(project=project, kind="acceptance_minutes").exists()
    assert {p for p in media.rglob("*") if p.is_file()} == before
