"""The acceptance form takes its actual trainees from the project's classes (still editable)."""

import datetime

import pytest
from django.urls import reverse

from khuyencong.projects.forms import TransitionForm
from khuyencong.projects.workflow import BY_NAME
from khuyencong.registry.services import craft_for_name
from khuyencong.training.services.classes import class_create
from khuyencong.training.services.trainees import roster_mark_completion, roster_paste
from tests.projects.conftest import TODAY

pytestmark = pytest.mark.django_db


def make_class(project, commune, actor, code, names, completed):
    cls = class_create(actor=actor, code=code, kind="truyen_nghe", craft=craft_for_name("mây tre đan"),
                       commune=commune, start_date=datetime.date(2026, 1, 5), end_date=datetime.date(2026, 3, 5),
                       project=project)
    trainees = roster_paste(actor=actor, training_class=cls, text="\n".join(names)).trainees
    roster_mark_completion(actor=actor, training_class=cls,
                           completed={t.pk: "" for t in trainees[:completed]})
    return cls


@pytest.fixture
def with_classes(make_project, people, commune):
    project = make_project("in_progress")
    staff = people["centre_staff"]
    make_class(project, commune, staff, "L-A", ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"], 2)
    make_class(project, commune, staff, "L-B", ["Phạm Thị Dung", "Hoàng Văn Em"], 1)  # 1 of 2 completed
    return project


def test_form_prefills_actual_trainees_from_completed_trainees(with_classes):
    form = TransitionForm(transition=BY_NAME["accept"], project=with_classes)
    assert form.initial["actual_trainees"] == 3
    assert "Lấy từ 3 học viên hoàn thành của các lớp thuộc đề án" in str(form.fields["actual_trainees"].help_text)
    assert not form.fields["actual_trainees"].disabled


def test_project_without_classes_gets_no_suggestion(make_project):
    project = make_project("in_progress")
    form = TransitionForm(transition=BY_NAME["accept"], project=project)
    assert "actual_trainees" not in form.initial
    assert "Lấy từ" not in str(form.fields["actual_trainees"].help_text)


def test_accept_through_the_page_with_the_suggested_and_an_edited_figure(client, people, with_classes):
    client.force_login(people["approver"])
    url = reverse("projects:project_transition", args=[with_classes.pk, "accept"])
    html = client.get(url).content.decode()
    assert "Lấy từ 3 học viên hoàn thành của các lớp thuộc đề án" in html
    assert 'name="actual_trainees" value="3"' in html
    # the approver keeps what the minutes say, here one more than the roster
    response = client.post(url, {"accepted_on": TODAY.isoformat(), "jobs_created": "5", "actual_trainees": "4",
                                 "version": with_classes.version})
    assert response.status_code == 302
    with_classes.refresh_from_db()
    assert with_classes.state == "accepted" and with_classes.actual_trainees == 4
    assert with_classes.transitions.get(name="accept").data["actual_trainees"] == 4
