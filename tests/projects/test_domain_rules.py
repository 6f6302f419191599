"""Approval rules of TTLT 26/2014 and TT 46/2012: commitment of no other state support, new machinery only,
fairs abroad at most N a year per establishment (N from the rule row), advances within the rule's percentage."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from khuyencong.projects.models import FundingRule, Project
from khuyencong.projects.services.projects import project_transition
from khuyencong.registry.derive import apply_derived
from khuyencong.registry.models import Establishment
from tests.projects.conftest import TODAY

pytestmark = pytest.mark.django_db

APPROVAL = {"approval_decision": "9/QĐ-KC", "approved_on": TODAY, "approved_funds": 150_000_000}


def approve(project, people, **extra):
    project.refresh_from_db()
    project_transition(project=project, transition="approve", actor=people["approver"], data={**APPROVAL, **extra})
    project.refresh_from_db()
    return project


def messages_of(exc) -> str:
    return " ".join(exc.value.messages)


# --- (a) commitment -------------------------------------------------------------------------------

def test_submit_without_commitment_is_refused(make_project, people):
    project = make_project("draft", no_other_support=False)
    with pytest.raises(ValidationError) as exc:
        project_transition(project=project, transition="submit", actor=people["local_officer"])
    assert "cam kết nội dung đề nghị hỗ trợ chưa được hỗ trợ từ nguồn ngân sách nhà nước khác" in messages_of(exc)


def test_approval_shows_and_checks_the_commitment(client, make_project, people):
    project = make_project("under_appraisal")
    client.force_login(people["approver"])
    html = client.get(reverse("projects:project_transition", args=[project.pk, "approve"])).content.decode()
    assert "Cam kết chưa nhận hỗ trợ ngân sách khác cho cùng nội dung" in html
    assert 'id="cond-commitment"><span class="badge ok">Có' in html
    # an old record without the commitment (e.g. entered before the rule) cannot be approved
    Project.objects.filter(pk=project.pk).update(no_other_support=False)
    with pytest.raises(ValidationError) as exc:
        approve(project, people)
    assert "Chưa có cam kết của đơn vị thụ hưởng" in messages_of(exc)


# --- (b) new machinery only -------------------------------------------------------------------------

def test_used_machinery_is_refused_at_approval(make_project, people):
    project = make_project("under_appraisal", machinery_condition="used")
    with pytest.raises(ValidationError) as exc:
        approve(project, people)
    assert "chỉ hỗ trợ máy móc, thiết bị mới" in messages_of(exc)
    assert Project.objects.get(pk=project.pk).state == "under_appraisal"


def test_machinery_condition_must_be_recorded_and_new_passes(make_project, people):
    project = make_project("under_appraisal", machinery_condition="")
    with pytest.raises(ValidationError) as exc:
        approve(project, people)
    assert "ghi rõ máy móc, thiết bị được hỗ trợ là máy mới hay đã qua sử dụng" in messages_of(exc)
    # the approver records it with the approval
    project = approve(project, people, machinery_condition="new")
    assert project.state == "approved" and project.machinery_condition == "new"
    assert project.transitions.get(name="approve").data["machinery_condition"] == "new"


def test_machinery_field_only_on_technology_approval_forms(client, make_project, people):
    client.force_login(people["approver"])
    tech = make_project("under_appraisal")
    fair = make_project("under_appraisal", activity="products", machinery_condition="")
    assert 'name="machinery_condition"' in client.get(
        reverse("projects:project_transition", args=[tech.pk, "approve"])).content.decode()
    html = client.get(reverse("projects:project_transition", args=[fair.pk, "approve"])).content.decode()
    assert 'name="machinery_condition"' not in html and "Hội chợ, triển lãm ở nước ngoài" in html


# --- (c) fairs abroad ---------------------------------------------------------------------------------

@pytest.fixture
def establishment(commune):
    est = Establishment(code="CS-FAIR", name="Công ty gốm Bát Tràng", kind="DN", commune=commune)
    apply_derived(est)
    est.save()
    return est


@pytest.fixture
def fairs(make_project, people, establishment):
    def make(state, **extra):
        extra.setdefault("plan_year", 2026)
        extra.setdefault("overseas_fair", True)
        project = make_project("draft", activity="products", machinery_condition="", **extra)
        project.beneficiaries.add(establishment)
        from tests.projects.conftest import walk

        walk(project, people, state)
        project.refresh_from_db()
        return project
    return make


def test_third_fair_abroad_in_a_year_is_refused(fairs, people):
    fairs("approved")
    fairs("in_progress")
    third = fairs("under_appraisal")
    with pytest.raises(ValidationError) as exc:
        approve(third, people)
    text = messages_of(exc)
    assert "Vượt số lần hỗ trợ hội chợ, triển lãm ở nước ngoài năm 2026: tối đa 2 lần/năm/cơ sở" in text
    assert "CS-FAIR đã có 2 đề án" in text and "TT 46/2012/TT-BCT" in text


def test_fair_limit_counts_the_same_year_and_funded_states_only(fairs, people, make_project):
    fairs("approved")
    fairs("approved", plan_year=2025)  # another year
    fairs("under_appraisal")  # not yet approved: does not count
    second = fairs("under_appraisal")
    assert approve(second, people).state == "approved"
    # a domestic fair (not flagged) for the same establishment is not limited
    assert approve(fairs("under_appraisal", overseas_fair=False), people).state == "approved"


def test_fair_limit_is_data(fairs, people):
    FundingRule.objects.filter(max_times_per_year=2).update(max_times_per_year=3)
    fairs("approved")
    fairs("approved")
    assert approve(fairs("under_appraisal"), people).transitions.get(name="approve").data["overseas_fair_limit"] == 3


# --- (d) advance cap -----------------------------------------------------------------------------------

def test_advances_above_the_rule_percentage_are_refused(make_project, people, rule):
    rule.max_advance_percent = 70
    rule.save()
    project = make_project("approved")  # 150 million approved: at most 105 million advanced
    with pytest.raises(ValidationError) as exc:
        project_transition(project=project, transition="start", actor=people["centre_staff"],
                           data={"advances_paid": 110_000_000})
    assert "vượt mức tạm ứng tối đa 70% kinh phí được duyệt (105.000.000 đồng)" in messages_of(exc)
    project.refresh_from_db()
    project_transition(project=project, transition="start", actor=people["centre_staff"],
                       data={"advances_paid": 105_000_000})
    project.refresh_from_db()
    assert project.state == "in_progress" and project.advances_paid == 105_000_000


def test_seeded_2014_rules_carry_the_70_percent_advance_cap(db):
    seeded = FundingRule.objects.filter(historical=True, legal_basis__startswith="TTLT 26/2014")
    assert seeded.count() == 18 and set(seeded.values_list("max_advance_percent", flat=True)) == {70}
    fair = FundingRule.objects.get(max_times_per_year__isnull=False)
    assert fair.max_times_per_year == 2 and fair.activity == "products" and "TT 46/2012" in fair.legal_basis
