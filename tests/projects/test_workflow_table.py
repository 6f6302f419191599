"""Walks the whole table of workflow.py: every transition × every role, allowed or refused, with the reason."""

import pytest
from django.core.exceptions import ValidationError

from khuyencong.accounts.models import Role
from khuyencong.projects import permissions
from khuyencong.projects.models import Project, ProjectTransition
from khuyencong.projects.services.projects import project_transition
from khuyencong.projects.workflow import BY_NAME, TRANSITIONS, transitions_from, waiting_states
from tests.projects.conftest import TODAY

pytestmark = pytest.mark.django_db

VALID_DATA = {
    "submit": ({}, ""),
    "cancel": ({}, "Đơn vị rút đề án"),
    "start_appraisal": ({}, ""),
    "return": ({}, "Bổ sung báo giá máy"),
    "approve": ({"approval_decision": "45/QĐ-KC", "approved_on": TODAY, "approved_funds": 150_000_000}, ""),
    "reject": ({}, "Không đúng đối tượng"),
    "start": ({"advances_paid": 50_000_000}, ""),
    "report_progress": ({"progress_percent": 60, "advances_paid": 90_000_000}, ""),
    "request_change": ({}, "Đổi địa điểm lắp đặt"),
    "approve_change": ({"approval_decision": "46/QĐ-KC", "approved_on": TODAY, "approved_funds": 160_000_000}, ""),
    "reject_change": ({}, "Không đủ căn cứ"),
    "accept": ({"accepted_on": TODAY, "jobs_created": 8, "actual_machines": 2}, ""),
    "settle": ({"settled_on": TODAY, "settled_funds": 140_000_000}, ""),
    "stop": ({}, "Cơ sở ngừng sản xuất"),
}


def project_in(state, make_project, people):
    if state == "returned":
        project = make_project("submitted")
        project_transition(project=project, transition="return", actor=people["centre_staff"], comment="Sửa")
    elif state == "change_requested":
        project = make_project("approved")
        project_transition(project=project, transition="request_change", actor=people["local_officer"],
                           comment="Thêm kinh phí")
    else:
        project = make_project(state)
    return Project.objects.get(pk=project.pk)


def test_every_state_has_a_way_out_or_is_final():
    from khuyencong.projects.workflow import FINAL_STATES, STATES

    for state in STATES:
        assert transitions_from(state) or state in FINAL_STATES, state
    assert set(VALID_DATA) == set(BY_NAME)


@pytest.mark.parametrize("transition", TRANSITIONS, ids=lambda t: t.name)
def test_every_transition_by_every_role(transition, make_project, people):
    for source in transition.sources:
        project = project_in(source, make_project, people)
        data, comment = VALID_DATA[transition.name]
        outcomes = {}
        for role in Role.values:
            user = people[role]
            allowed, reason = permissions.can_transition(user, project, transition.name)
            outcomes[role] = allowed
            if role in transition.roles:
                assert allowed, (transition.name, role, reason)
                continue
            assert not allowed
            assert reason.startswith("Chỉ ") and str(transition.label).lower() in reason
            with pytest.raises(ValidationError) as exc:
                project_transition(project=project, transition=transition.name, actor=user, data=data,
                                   comment=comment)
            assert exc.value.messages == [reason]
        assert {r for r, ok in outcomes.items() if ok} == set(transition.roles)
        # the first allowed role fires it, with the data the table asks for
        actor = people[transition.roles[0]]
        project_transition(project=project, transition=transition.name, actor=actor, data=data, comment=comment)
        fresh = Project.objects.get(pk=project.pk)
        assert fresh.state == transition.target
        row = ProjectTransition.objects.filter(project=project).first()
        assert (row.name, row.from_state, row.to_state, row.actor) == (
            transition.name, source, transition.target, actor)


@pytest.mark.parametrize("transition", TRANSITIONS, ids=lambda t: t.name)
def test_every_transition_refused_from_a_wrong_state(transition, make_project, people):
    wrong = "settled" if "accepted" not in transition.sources else "draft"
    project = make_project(wrong) if wrong == "draft" else None
    if project is None:
        project = Project.objects.get(pk=make_project("settled").pk)
    actor = people[transition.roles[0]]
    allowed, reason = permissions.can_transition(actor, project, transition.name)
    assert not allowed and "Đề án đang ở trạng thái" in reason


def test_required_comment_and_fields_named(make_project, people):
    project = project_in("under_appraisal", make_project, people)
    with pytest.raises(ValidationError) as exc:
        project_transition(project=project, transition="reject", actor=people["approver"])
    assert "comment" in exc.value.message_dict


def test_out_of_scope_officer_is_refused_with_reason(make_project, make_user):
    project = make_project("draft")
    other = make_user("badinh", role="local_officer", unit="00004")
    allowed, reason = permissions.can_transition(other, project, "submit")
    assert not allowed and "không thuộc địa bàn" in reason


def test_inbox_states_follow_the_table():
    assert waiting_states("local_officer") == {"draft", "returned"}
    assert waiting_states("centre_staff") == {"submitted", "approved"}
    assert waiting_states("approver") == {"under_appraisal", "change_requested", "in_progress", "accepted"}
    assert waiting_states("viewer") == set()
