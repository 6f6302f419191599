import datetime

import pytest

from khuyencong.geo.models import Hierarchy
from khuyencong.geo.selectors import unit_get
from khuyencong.projects.models import Project
from khuyencong.training.selectors import (
    class_list,
    class_rates,
    follow_ups_due,
    project_actual_trainees,
    project_training_outputs,
    transplant_list,
)
from khuyencong.training.services.trainees import follow_up_add, trainee_add
from khuyencong.training.services.transplants import transplant_check_add, transplant_create
from tests.training.conftest import make_village

pytestmark = pytest.mark.django_db


def test_rates_use_the_latest_follow_up(filled_class):
    rates = class_rates([filled_class.pk])[filled_class.pk]
    # 4 trainees, 3 completed; An employed at his latest follow-up, Bình not any more, Cúc never followed.
    assert (rates.trainees, rates.completed, rates.followed, rates.employed) == (4, 3, 2, 1)
    assert rates.completion_rate == 75
    assert rates.employment_rate == 50


def test_latest_follow_up_on_the_same_day_is_the_last_entered(filled_class, staff):
    cuc = filled_class.trainees.get(full_name="Lê Thị Cúc")
    follow_up_add(actor=staff, trainee=cuc, date=datetime.date(2015, 2, 1), employed=False)
    follow_up_add(actor=staff, trainee=cuc, date=datetime.date(2015, 2, 1), employed=True)
    rates = class_rates([filled_class.pk])[filled_class.pk]
    assert (rates.followed, rates.employed) == (3, 2)


def test_empty_class_has_no_rates(make_class):
    cls = make_class()
    rates = class_rates([cls.pk])[cls.pk]
    assert rates.completion_rate is None and rates.employment_rate is None


def test_follow_ups_due(filled_class, staff):
    # The class ended 30/06/2014: follow-ups are due from 30/12/2014 (end + 6 months).
    assert not follow_ups_due(user=staff, today=datetime.date(2014, 12, 29)).exists()
    # An (05/01/2015) and Bình (05/01/2015, 05/06/2015) were followed after that day; Dũng did not complete.
    assert {t.full_name for t in follow_ups_due(user=staff, today=datetime.date(2016, 1, 1))} == {"Lê Thị Cúc"}
    cuc = filled_class.trainees.get(full_name="Lê Thị Cúc")
    # A follow-up before the six-month day does not replace the six-month one ...
    follow_up_add(actor=staff, trainee=cuc, date=datetime.date(2014, 9, 1), employed=True)
    assert [t.full_name for t in follow_ups_due(user=staff, today=datetime.date(2016, 1, 1))] == ["Lê Thị Cúc"]
    # ... one on the six-month day does.
    follow_up_add(actor=staff, trainee=cuc, date=datetime.date(2014, 12, 30), employed=True)
    assert not follow_ups_due(user=staff, today=datetime.date(2016, 1, 1)).exists()


def test_management_classes_have_no_follow_ups_due(make_class, staff):
    cls = make_class(kind="management")
    trainee_add(actor=staff, training_class=cls, full_name="Giám đốc HTX", completed=True)
    assert not follow_ups_due(user=staff, today=datetime.date(2016, 1, 1)).exists()


def test_follow_ups_due_is_scoped(filled_class, make_user):
    assert follow_ups_due(user=make_user("phunghia", role="local_officer", unit="10030")).count() == 1
    assert not follow_ups_due(user=make_user("badinh", role="local_officer", unit="00004")).exists()


def test_class_list_filters(make_class, staff, ba_dinh, craft):
    a = make_class("A", kind="cay_nghe")
    b = make_class("B", commune=ba_dinh, start=datetime.date(2015, 1, 1), end=datetime.date(2015, 2, 1))
    legacy_chuong_my = unit_get(code="277", hierarchy=Hierarchy.LEGACY)
    assert list(class_list(user=staff, filters={"kind": "cay_nghe"})) == [a]
    assert list(class_list(user=staff, filters={"year": 2015})) == [b]
    assert list(class_list(user=staff, filters={"unit": legacy_chuong_my})) == [a]
    assert set(class_list(user=staff, filters={"craft": craft.pk})) == {a, b}


def test_class_list_is_scoped(make_class, make_user, ba_dinh):
    a = make_class("A")
    make_class("B", commune=ba_dinh)
    officer = make_user("chuongmy", role="local_officer", unit="277", hierarchy="legacy")
    assert list(class_list(user=officer)) == [a]


def test_transplant_list_with_latest_check(staff, craft, phu_nghia, ba_dinh, make_user):
    t1 = transplant_create(actor=staff, village=make_village("V1", phu_nghia), craft=craft, year=2014)
    t2 = transplant_create(actor=staff, village=make_village("V2", ba_dinh), craft=craft, year=2015)
    transplant_check_add(actor=staff, transplant=t1, year=2015, still_practising=True, craft_households=30)
    transplant_check_add(actor=staff, transplant=t1, year=2016, still_practising=False)
    rows = {t.pk: t for t in transplant_list(user=staff)}
    assert (rows[t1.pk].latest_year, rows[t1.pk].latest_practising) == (2016, False)
    assert rows[t2.pk].latest_year is None
    assert list(transplant_list(user=staff, filters={"sustained": "unchecked"})) == [t2]
    officer = make_user("phunghia", role="local_officer", unit="10030")
    assert list(transplant_list(user=officer)) == [t1]


def test_project_outputs_and_actual_trainees(filled_class, make_class, staff, craft, phu_nghia):
    project = Project.objects.create(code="DA-1", title="Đào tạo", activity="training", funding_source="local",
                                     plan_year=2014)
    filled_class.project = project
    filled_class.save()
    other = make_class(project=project)
    trainee_add(actor=staff, training_class=other, full_name="Em", completed=True)
    transplant_create(actor=staff, village=make_village("V9", phu_nghia), craft=craft, year=2014, project=project)
    outputs = project_training_outputs(project, user=staff)
    assert [c.code for c in outputs.classes] == [other.code, "TN-2014-01"]  # same start date: by code
    assert len(outputs.transplants) == 1
    assert project_actual_trainees(project) == 4 == outputs.actual_trainees


def test_project_outputs_template(filled_class, staff, craft, phu_nghia):
    from khuyencong.core.extensions import render_sections

    project = Project.objects.create(code="DA-2", title="Đào tạo", activity="training", funding_source="local",
                                     plan_year=2014)
    empty = render_sections("projects.project_detail", request=None, obj=project)
    assert "Chưa có lớp đào tạo hay cấy nghề nào" in empty
    filled_class.project = project
    filled_class.save()
    transplant_create(actor=staff, village=make_village("V7", phu_nghia, name="Thôn Bảy"), craft=craft, year=2014,
                      project=project)
    html = render_sections("projects.project_detail", request=None, obj=project)
    assert "TN-2014-01" in html and "50,0%" in html and "Thôn Bảy" in html
    assert "<strong>3</strong>" in html


def test_project_page_lists_the_training_outputs(client, staff, filled_class):
    from django.urls import reverse

    project = Project.objects.create(code="DA-PG", title="Đào tạo nghề mây tre", activity="training",
                                     funding_source="local", plan_year=2014)
    filled_class.project = project
    filled_class.save()
    client.force_login(staff)
    response = client.get(reverse("projects:project_detail", args=[project.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Lớp đào tạo và cấy nghề của đề án" in body and "TN-2014-01" in body
