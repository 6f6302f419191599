"""Training forms and services: every error in one pass, automatic class codes, communes by name, and the
scope checked inside the services (a refused write keeps nothing)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from khuyencong.projects.models import Project
from khuyencong.registry.models import Craft, Recognition
from khuyencong.training.models import CraftTransplant, TrainingClass
from khuyencong.training.services.classes import class_create, class_update
from khuyencong.training.services.transplants import transplant_create
from tests.training.conftest import make_village

pytestmark = pytest.mark.django_db

CLASS = {"kind": "truyen_nghe", "craft": "gốm sứ", "commune_code": "10030", "commune_hierarchy": "current",
         "start_date": "10/03/2015", "end_date": "30/05/2015", "planned_trainees": "30"}


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def fair(db):
    return Project.objects.create(code="DA-HC", title="Hội chợ", activity="products", funding_source="local",
                                  plan_year=2015)


def test_class_form_reports_field_and_service_rules_together(staff_client, fair):
    response = staff_client.post(reverse("training:class_create"), CLASS | {
        "code": "", "end_date": "01/03/2015", "planned_trainees": "250", "project_code": "DA-HC",
        "village_code": "KHONG-CO", "cost": "-1"})
    errors = response.context["form"].errors
    assert set(errors) == {"end_date", "planned_trainees", "project_code", "village_code", "cost"}
    body = response.content.decode()
    assert "Ngày kết thúc (01/03/2015) trước ngày khai giảng (10/03/2015)." in body
    assert "chỉ đề án đào tạo nghề" in body and "nhiều hơn 200" in body
    assert "Không tìm thấy làng có mã “KHONG-CO”." in body
    assert not TrainingClass.objects.exists() and not Craft.objects.filter(name="Gốm sứ").exists()


def test_class_form_shows_a_used_code_and_a_village_of_another_commune(staff_client, make_class, ba_dinh):
    make_class("TN-1")
    make_village("V-BD", ba_dinh)
    response = staff_client.post(reverse("training:class_create"), CLASS | {"code": "TN-1", "village_code": "V-BD"})
    assert set(response.context["form"].errors) == {"code", "village_code"}
    assert "Mã lớp “TN-1” đã được dùng cho lớp khác." in response.content.decode()


def test_a_class_without_a_code_gets_the_next_of_its_start_year(staff_client, make_class):
    make_class("LH-2015-0001")  # imported in the same pattern
    response = staff_client.post(reverse("training:class_create"), CLASS | {"code": ""})
    assert response.status_code == 302
    assert TrainingClass.objects.get(craft__name="Gốm sứ").code == "LH-2015-0002"
    other_year = staff_client.post(reverse("training:class_create"), CLASS | {
        "start_date": "05/01/2016", "end_date": "30/01/2016"})
    assert other_year.status_code == 302
    assert TrainingClass.objects.filter(code="LH-2016-0001").exists()


def test_class_commune_and_trainee_home_typed_by_name(staff_client, phu_nghia):
    response = staff_client.post(reverse("training:class_create"), CLASS | {"commune_code": "phu nghia"})
    cls = TrainingClass.objects.get()
    assert response.status_code == 302 and cls.commune == phu_nghia
    edit = staff_client.get(reverse("training:class_edit", args=[cls.pk])).content.decode()
    assert 'name="commune_code"' in edit and 'value="10030"' in edit
    response = staff_client.post(reverse("training:trainee_add", args=[cls.pk]), {
        "full_name": "Nguyễn Văn An", "home_commune_code": "Xã Phú Nghĩa"})
    assert response.status_code == 302 and cls.trainees.get().home_commune == phu_nghia


def test_class_scope_is_checked_inside_the_service(make_user, craft, ba_dinh, phu_nghia, make_class):
    local_staff = make_user("canbo-pn", role="centre_staff", unit="10030")
    with pytest.raises(ValidationError) as exc:
        class_create(actor=local_staff, kind="truyen_nghe", craft="nghề mới lạ", commune=ba_dinh,
                     start_date=datetime.date(2015, 3, 1), end_date=datetime.date(2015, 5, 1))
    assert "ngoài địa bàn" in " ".join(exc.value.messages)
    assert not TrainingClass.objects.exists() and not Craft.objects.filter(name="Nghề mới lạ").exists()
    cls = class_create(actor=local_staff, kind="truyen_nghe", craft=craft, commune=phu_nghia,
                       start_date=datetime.date(2015, 3, 1), end_date=datetime.date(2015, 5, 1))
    with pytest.raises(ValidationError):
        class_update(actor=local_staff, training_class=cls, commune=ba_dinh)
    cls.refresh_from_db()
    assert cls.commune == phu_nghia


def test_class_page_of_an_officer_limited_to_one_commune(client, make_user):
    client.force_login(make_user("canbo-pn", role="centre_staff", unit="10030"))
    response = client.post(reverse("training:class_create"), CLASS | {"commune_code": "00004", "cost": "-5"})
    assert set(response.context["form"].errors) == {"commune", "cost"}
    assert "Lớp này nằm ngoài địa bàn bạn được giao ghi nhận đào tạo." in response.content.decode()
    assert not TrainingClass.objects.exists()


def test_transplant_scope_is_checked_inside_the_service(make_user, craft, ba_dinh):
    village = make_village("V-BD", ba_dinh)
    local_staff = make_user("canbo-pn", role="centre_staff", unit="10030")
    with pytest.raises(ValidationError) as exc:
        transplant_create(actor=local_staff, village=village, craft=craft, year=2014)
    # under the one scope rule, a village outside the actor's scope reads as an unknown code
    assert "Không tìm thấy làng có mã “V-BD”." in " ".join(exc.value.messages)
    assert not CraftTransplant.objects.exists() and not village.crafts.exists()


def test_transplant_form_reports_every_rule_at_once(staff_client, phu_nghia, fair):
    make_village("V-REC", phu_nghia, crafts=[Craft.objects.create(name="Mây tre đan", folded_name="may tre dan")],
                 recognition=Recognition.LANG_NGHE, year=2005)
    response = staff_client.post(reverse("training:transplant_create"), {
        "village_code": "V-REC", "craft": "mây tre đan", "year": "2014", "project_code": "DA-HC",
        "households_trained": "-3"})
    errors = response.context["form"].errors
    assert set(errors) == {"village_code", "project_code", "households_trained"}
    assert "đã được công nhận là làng nghề với nghề Mây tre đan" in response.content.decode()
