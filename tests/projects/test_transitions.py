import datetime

import pytest
from django.core.exceptions import ValidationError

from khuyencong.core.audit import audit_history
from khuyencong.projects.models import AttachmentKind, Notification, Project, ProjectTransition
from khuyencong.projects.services.attachments import attachment_add
from khuyencong.projects.services.projects import ProjectConflict, project_create, project_transition
from tests.projects.conftest import TODAY, draft_data, upload, walk

pytestmark = pytest.mark.django_db


def errors_of(exc) -> str:
    return " ".join(exc.value.messages)


def test_walk_from_draft_to_settled_records_every_step(make_project, people):
    project = make_project("settled")
    assert project.state == "settled"
    assert project.submitted_on == TODAY and project.approval_decision == "123/QĐ-KC"
    assert project.settled_funds == 140_000_000 and project.approved_funds == 150_000_000
    # advances 100 million < settled 140 million: nothing to refund, 40 million still to pay
    assert project.refund_amount == 0 and project.remaining_payment == 40_000_000
    rows = list(ProjectTransition.objects.filter(project=project).order_by("at", "pk"))
    assert [(r.from_state, r.to_state) for r in rows] == [
        ("draft", "submitted"), ("submitted", "under_appraisal"), ("under_appraisal", "approved"),
        ("approved", "in_progress"), ("in_progress", "accepted"), ("accepted", "settled")]
    assert rows[2].actor == people["approver"] and rows[2].data["approved_funds"] == 150_000_000
    assert rows[2].data["cap"] == 200_000_000
    assert project.version == 6  # one bump per transition
    actions = [e.action for e in audit_history(project)]
    assert actions.count("transition") == 6 and "create" in actions


def test_refund_when_advances_exceed_settled(make_project, people):
    project = make_project("accepted")
    attachment_add(project=project, kind=AttachmentKind.SETTLEMENT, upload=upload(), actor=people["approver"])
    project.refresh_from_db()
    project_transition(project=project, transition="settle", actor=people["approver"],
                       data={"settled_on": TODAY, "settled_funds": 60_000_000})
    project.refresh_from_db()
    assert project.refund_amount == 40_000_000


def test_notifications_go_to_who_acts_next(make_project, people, django_capture_on_commit_callbacks):
    project = make_project("draft")
    with django_capture_on_commit_callbacks(execute=True):
        project_transition(project=project, transition="submit", actor=people["local_officer"])
    notified = set(Notification.objects.filter(project=project).values_list("user__username", flat=True))
    # centre staff must take it into appraisal; the proposer (the actor) is not told about their own act
    assert notified == {"canbo"}
    with django_capture_on_commit_callbacks(execute=True):
        project_transition(project=project, transition="start_appraisal", actor=people["centre_staff"])
    latest = Notification.objects.filter(project=project).order_by("-pk")
    assert {n.user.username for n in latest[:2]} == {"lanhdao", "phunghia"}


def test_failed_transition_changes_nothing(make_project, people):
    project = make_project("under_appraisal")
    with pytest.raises(ValidationError):
        project_transition(project=project, transition="approve", actor=people["approver"],
                           data={"approval_decision": "1/QĐ", "approved_on": TODAY, "approved_funds": 999_000_000})
    fresh = Project.objects.get(pk=project.pk)
    assert fresh.state == "under_appraisal" and fresh.approved_funds is None and fresh.version == project.version
    assert not ProjectTransition.objects.filter(project=project, name="approve").exists()


def test_approve_requires_decision_date_and_funds(make_project, people):
    project = make_project("under_appraisal")
    with pytest.raises(ValidationError) as exc:
        project_transition(project=project, transition="approve", actor=people["approver"], data={})
    assert set(exc.value.message_dict) == {"approval_decision", "approved_on", "approved_funds"}


def test_approved_above_cap_refused(make_project, people):
    # 600 million cost: 50 % = 300 million, amount cap 200 million → cap 200 million
    project = make_project("under_appraisal", requested_funds=250_000_000)
    with pytest.raises(ValidationError) as exc:
        project_transition(project=project, transition="approve", actor=people["approver"],
                           data={"approval_decision": "1/QĐ", "approved_on": TODAY, "approved_funds": 210_000_000})
    assert "vượt định mức 200.000.000 đồng" in errors_of(exc)
    assert "ưu tiên" in errors_of(exc)


def test_priority_allows_up_to_one_and_a_half_times_with_reason(make_project, people):
    project = make_project("under_appraisal", requested_funds=290_000_000, priority=True,
                           priority_reason="Xã khó khăn; cơ sở không gây ô nhiễm")
    project_transition(project=project, transition="approve", actor=people["approver"],
                       data={"approval_decision": "1/QĐ", "approved_on": TODAY, "approved_funds": 290_000_000})
    row = ProjectTransition.objects.get(project=project, name="approve")
    assert row.data["priority_reason"] == "Xã khó khăn; cơ sở không gây ô nhiễm"
    assert row.data["priority_cap"] == 300_000_000


def test_priority_without_reason_refused_by_model(people, commune, rule):
    with pytest.raises(ValidationError) as exc:
        project_create(actor=people["local_officer"], data=draft_data(commune, priority=True))
    assert "priority_reason" in exc.value.message_dict


def test_approved_above_requested_refused(make_project, people):
    project = make_project("under_appraisal", requested_funds=100_000_000)
    with pytest.raises(ValidationError) as exc:
        project_transition(project=project, transition="approve", actor=people["approver"],
                           data={"approval_decision": "1/QĐ", "approved_on": TODAY, "approved_funds": 120_000_000})
    assert "lớn hơn kinh phí đề nghị" in errors_of(exc)


def test_settled_above_approved_refused(make_project, people):
    project = make_project("accepted")
    attachment_add(project=project, kind=AttachmentKind.SETTLEMENT, upload=upload(), actor=people["approver"])
    project.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        project_transition(project=project, transition="settle", actor=people["approver"],
                           data={"settled_on": TODAY, "settled_funds": 150_000_001})
    assert "vượt kinh phí được duyệt" in exc.value.message_dict["settled_funds"][0]


def test_acceptance_before_approval_refused(make_project, people):
    project = make_project("in_progress")
    attachment_add(project=project, kind=AttachmentKind.ACCEPTANCE_MINUTES, upload=upload(), actor=people["approver"])
    project.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        project_transition(project=project, transition="accept", actor=people["approver"],
                           data={"accepted_on": TODAY - datetime.timedelta(days=3), "jobs_created": 5})
    assert "trước ngày phê duyệt" in exc.value.message_dict["accepted_on"][0]


def test_wrong_state_refused(make_project, people):
    project = make_project("submitted")
    with pytest.raises(ValidationError) as exc:
        project_transition(project=project, transition="accept", actor=people["approver"],
                           data={"accepted_on": TODAY, "jobs_created": 1})
    assert "Đề án đang ở trạng thái “Đã nộp”" in errors_of(exc)


def test_wrong_role_refused(make_project, people):
    project = make_project("under_appraisal")
    with pytest.raises(ValidationError) as exc:
        project_transition(project=project, transition="approve", actor=people["centre_staff"],
                           data={"approval_decision": "1/QĐ", "approved_on": TODAY, "approved_funds": 1})
    assert "Chỉ Lãnh đạo phê duyệt được phê duyệt" in errors_of(exc)


def test_missing_attachment_and_commitment_refused(people, commune, rule):
    officer = people["local_officer"]
    project = project_create(actor=officer, data=draft_data(commune, no_other_support=False))
    attachment_add(project=project, kind=AttachmentKind.REQUEST_LETTER, upload=upload(), actor=officer)
    project.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        project_transition(project=project, transition="submit", actor=officer)
    text = errors_of(exc)
    assert "Thiếu tài liệu đính kèm: Dự toán kinh phí." in text
    assert "chưa được hỗ trợ từ nguồn ngân sách nhà nước khác" in text
    assert "Đơn đề nghị" not in text


def test_plan_ceiling_refuses_then_accepts_with_reason(make_project, people, plan):
    plan.budget_ceiling = 100_000_000
    plan.save()
    project = make_project("under_appraisal")
    assert project.plan == plan
    data = {"approval_decision": "9/QĐ", "approved_on": TODAY, "approved_funds": 150_000_000}
    with pytest.raises(ValidationError) as exc:
        project_transition(project=project, transition="approve", actor=people["approver"], data=data)
    assert "vượt hạn mức 100.000.000 đồng" in exc.value.message_dict["ceiling_override_reason"][0]
    project_transition(project=project, transition="approve", actor=people["approver"],
                       data={**data, "ceiling_override_reason": "QĐ điều chỉnh kế hoạch số 5/QĐ-UBND"})
    row = ProjectTransition.objects.get(project=project, name="approve")
    assert row.data["ceiling_override_reason"] == "QĐ điều chỉnh kế hoạch số 5/QĐ-UBND"
    assert row.data["ceiling_exceeded_by"] == 50_000_000


def test_stale_copy_gets_who_and_when(make_project, people):
    project = make_project("under_appraisal")
    stale = Project.objects.get(pk=project.pk)
    project_transition(project=project, transition="reject", actor=people["approver"], comment="Trùng nội dung")
    with pytest.raises(ProjectConflict) as exc:
        project_transition(project=stale, transition="return", actor=people["centre_staff"], comment="Bổ sung")
    assert "Đề án đã được xử lý bởi lanhdao lúc" in errors_of(exc)
    assert "(Không phê duyệt)" in errors_of(exc)


def test_officer_cannot_create_outside_their_commune(people, rule):
    from khuyencong.geo.selectors import unit_get

    elsewhere = unit_get(code="00004", hierarchy="current")
    with pytest.raises(ValidationError) as exc:
        project_create(actor=people["local_officer"], data=draft_data(elsewhere))
    assert "ngoài địa bàn" in exc.value.message_dict["commune"][0]
    assert not Project.objects.exists()


def test_viewer_cannot_create(people, commune):
    with pytest.raises(ValidationError) as exc:
        project_create(actor=people["viewer"], data=draft_data(commune))
    assert "lập đề án" in errors_of(exc)


def test_returned_project_can_be_resubmitted(make_project, people):
    project = make_project("submitted")
    project_transition(project=project, transition="return", actor=people["centre_staff"], comment="Thiếu báo giá")
    project_transition(project=project, transition="submit", actor=people["local_officer"])
    assert Project.objects.get(pk=project.pk).state == "submitted"


def test_walk_helper_is_consistent(make_project, people):
    project = make_project("in_progress")
    walk  # noqa: B018 — imported for reuse in other modules
    assert project.advances_paid == 100_000_000


def test_approver_can_grant_priority_with_reason_at_approval(make_project, people):
    project = make_project("under_appraisal", requested_funds=260_000_000)
    data = {"approval_decision": "2/QĐ", "approved_on": TODAY, "approved_funds": 260_000_000, "priority": True}
    with pytest.raises(ValidationError) as exc:
        project_transition(project=project, transition="approve", actor=people["approver"], data=data)
    assert "vượt định mức" in errors_of(exc)
    project_transition(project=project, transition="approve", actor=people["approver"],
                       data={**data, "priority_reason": "Cơ sở tại xã miền núi"})
    fresh = Project.objects.get(pk=project.pk)
    assert fresh.state == "approved" and fresh.priority and fresh.priority_reason == "Cơ sở tại xã miền núi"
    assert ProjectTransition.objects.get(project=project, name="approve").data["priority_reason"] == \
        "Cơ sở tại xã miền núi"


def test_progress_over_100_percent_refused(make_project, people):
    project = make_project("in_progress")
    with pytest.raises(ValidationError) as exc:
        project_transition(project=project, transition="report_progress", actor=people["centre_staff"],
                           data={"progress_percent": 120})
    assert "progress_percent" in exc.value.message_dict
    assert Project.objects.get(pk=project.pk).progress_percent is None
