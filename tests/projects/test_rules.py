import datetime

import pytest
from django.urls import reverse

from khuyencong.projects.funding import cap_check
from khuyencong.projects.models import FundingRule, Notification
from khuyencong.projects.services.projects import project_transition

pytestmark = pytest.mark.django_db

BASIS = "TTLT 26/2014/TTLT-BTC-BCT (18/02/2014)"


def test_2014_caps_are_seeded_as_historical():
    rules = FundingRule.objects.filter(legal_basis=BASIS)
    assert rules.count() == 18 and all(r.historical for r in rules)
    demo = rules.get(item__startswith="Mô hình trình diễn kỹ thuật")
    assert (demo.max_share_percent, demo.max_amount, demo.amount_basis) == (30, 500_000_000, "model")
    assert demo.valid_from == datetime.date(2014, 4, 8) and demo.valid_to == datetime.date(2018, 5, 14)
    machinery = rules.get(item__startswith="Ứng dụng máy móc tiên tiến")
    assert (machinery.max_share_percent, machinery.max_amount) == (50, 200_000_000)
    design = rules.get(activity="advice")
    assert (design.max_share_percent, design.max_amount) == (50, 35_000_000)


def test_rule_applies_by_activity_and_date(make_project):
    project = make_project(activity="advice", requested_funds=30_000_000, estimated_cost=80_000_000)
    in_2016 = cap_check(project, datetime.date(2016, 6, 1))
    assert in_2016.rule.legal_basis == BASIS and in_2016.cap == 35_000_000  # min(50 % × 80 M, 35 M)
    assert in_2016.priority_cap == 52_500_000
    in_2026 = cap_check(project, datetime.date(2026, 6, 1))
    assert in_2026.rule is None and "Chưa có định mức hỗ trợ hiệu lực ngày 01/06/2026" in in_2026.note


def test_several_items_for_an_activity_ask_for_a_choice(make_project, people):
    project = make_project("under_appraisal", plan_year=2016)
    project.approved_on = None
    check = cap_check(project, datetime.date(2016, 6, 1))
    assert check.rule is None and len(check.candidates) == 3 and "chọn hạng mục" in check.note
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        project_transition(project=project, transition="approve", actor=people["approver"],
                           data={"approval_decision": "1/QĐ", "approved_on": datetime.date(2016, 6, 1),
                                 "approved_funds": 1_000_000})
    assert "chọn hạng mục" in " ".join(exc.value.messages)


def test_administrator_edits_rules_in_admin(client, people):
    client.force_login(people["administrator"])
    assert client.get("/quan-tri/projects/fundingrule/").status_code == 200
    rule = FundingRule.objects.first()
    assert client.get(f"/quan-tri/projects/fundingrule/{rule.pk}/change/").status_code == 200


def test_training_outputs_included_only_when_the_template_exists(client, people, make_project, settings, tmp_path):
    project = make_project()
    client.force_login(people["viewer"])
    url = reverse("projects:project_detail", args=[project.pk])
    assert "Kết quả đào tạo (thử)" not in client.get(url).content.decode()
    folder = tmp_path / "templates" / "training"
    folder.mkdir(parents=True)
    (folder / "_project_outputs.html").write_text("<section>Kết quả đào tạo (thử) {{ project.code }}</section>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path / "templates"]}]
    assert f"Kết quả đào tạo (thử) {project.code}" in client.get(url).content.decode()


def test_inbox_shows_and_clears_notifications(client, people, make_project, django_capture_on_commit_callbacks):
    project = make_project()
    with django_capture_on_commit_callbacks(execute=True):
        project_transition(project=project, transition="submit", actor=people["local_officer"])
    client.force_login(people["centre_staff"])
    html = client.get(reverse("projects:inbox")).content.decode()
    assert f"{project.code}: Dự thảo → Đã nộp (phunghia)" in html and "Nhận thẩm định" in html
    client.post(reverse("projects:inbox"))
    assert not Notification.objects.filter(user=people["centre_staff"], read_at__isnull=True).exists()


def test_an_old_project_without_dates_is_measured_against_its_own_year(people, rule):
    from khuyencong.imports.services.runs import import_rows

    assert import_rows(kind="projects", rows=[{
        "code": "KC-OLD", "title": "Tư vấn mẫu", "activity": "advice", "funding_source": "local",
        "plan_year": 2015, "approved_funds": 30_000_000, "status": "approved"}], user=people["centre_staff"]).ok
    from khuyencong.projects.models import Project

    check = cap_check(Project.objects.get(code="KC-OLD"))
    assert check.rule.legal_basis == BASIS and check.rule.activity == "advice"
