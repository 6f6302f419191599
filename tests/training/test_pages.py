
import pytest
from django.urls import reverse

from khuyencong.registry.models import Craft
from khuyencong.training.models import FollowUp, TrainingClass

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def test_class_list_and_page(staff_client, filled_class):
    body = staff_client.get(reverse("training:class_list")).content.decode()
    assert "TN-2014-01" in body and "50,0%" in body
    body = staff_client.get(reverse("training:class_detail", args=[filled_class.pk])).content.decode()
    assert "Nguyễn Văn An" in body and 'id="employment-rate">50,0%' in body


def test_class_create_page_keeps_input_on_error(staff_client):
    response = staff_client.post(reverse("training:class_create"), {
        "code": "TN-NEW", "kind": "truyen_nghe", "craft": "gốm sứ", "commune_code": "10030", "hierarchy": "current",
        "start_date": "2015-05-10", "end_date": "2015-05-01", "planned_trainees": "30",
    })
    body = response.content.decode()
    assert response.status_code == 200
    assert "Ngày kết thúc (01/05/2015) trước ngày khai giảng (10/05/2015)" in body
    assert 'value="TN-NEW"' in body
    assert not TrainingClass.objects.filter(code="TN-NEW").exists()
    assert not Craft.objects.filter(name="Gốm sứ").exists()  # the new craft is not left behind either


def test_class_create_refuses_oversize_then_accepts_with_confirmation(staff_client):
    data = {"code": "TN-BIG", "kind": "truyen_nghe", "craft": "gốm sứ", "commune_code": "10030",
            "hierarchy": "current", "start_date": "15/05/2015", "end_date": "30/06/2015", "planned_trainees": "250"}
    body = staff_client.post(reverse("training:class_create"), data).content.decode()
    assert "nhiều hơn 200 của một lớp thông thường" in body
    response = staff_client.post(reverse("training:class_create"), data | {"confirm_large": "on"})
    assert response.status_code == 302
    assert TrainingClass.objects.get(code="TN-BIG").craft.name == "Gốm sứ"


def test_class_create_unknown_commune(staff_client):
    body = staff_client.post(reverse("training:class_create"), {
        "code": "X", "kind": "truyen_nghe", "craft": "gốm", "commune_code": "99999", "hierarchy": "current",
        "start_date": "2015-05-10", "end_date": "2015-06-01"}).content.decode()
    assert "Không tìm thấy đơn vị có mã “99999”" in body


def test_paste_errors_named_per_line_and_warning_shown(staff_client, make_class):
    cls = make_class()
    url = reverse("training:roster_paste", args=[cls.pk])
    response = staff_client.post(url, {"text": "Nguyễn An; 1990\nBình; abc"})
    assert response.status_code == 400
    assert "Dòng 2: năm sinh “abc” không phải là một năm." in response.content.decode()
    assert cls.trainees.count() == 0
    response = staff_client.post(url, {"text": "Nguyễn An; 1990\nCụ Bình; 1920"}, follow=True)
    body = response.content.decode()
    assert "Đã thêm 2 học viên" in body and "94 tuổi khi khai giảng" in body


def test_completion_and_follow_up_through_pages(staff_client, make_class):
    cls = make_class()
    staff_client.post(reverse("training:roster_paste", args=[cls.pk]), {"text": "An; 1990\nBình; 1991"})
    an, binh = cls.trainees.order_by("pk")
    staff_client.post(reverse("training:roster_completion", args=[cls.pk]),
                      {"completed": [str(an.pk)], f"certificate_{an.pk}": "CC-9"})
    an.refresh_from_db()
    assert an.completed and an.certificate_number == "CC-9"
    url = reverse("training:follow_up_add", args=[cls.pk])
    response = staff_client.post(url, {"trainee": an.pk, "date": "2014-06-01", "employed": "yes"})
    assert response.status_code == 400
    assert "trước ngày lớp kết thúc (30/06/2014)" in response.content.decode()
    response = staff_client.post(url, {"trainee": an.pk, "date": "2015-01-10", "employed": "yes",
                                       "employer_name": "HTX mây tre", "monthly_income": "4500000"})
    assert response.status_code == 302
    assert FollowUp.objects.get().monthly_income == 4_500_000
    body = staff_client.get(reverse("training:class_detail", args=[cls.pk])).content.decode()
    assert 'id="employment-rate">100,0%' in body
    response = staff_client.post(reverse("training:class_close", args=[cls.pk]), follow=True)
    assert "Đã xác nhận lớp" in response.content.decode()


def test_transplant_pages(staff_client, craft, phu_nghia):
    from tests.training.conftest import make_village

    village = make_village("V-TN", phu_nghia)
    response = staff_client.post(reverse("training:transplant_create"), {
        "village_code": "V-TN", "craft": "mây tre đan", "year": "2014", "households_trained": "40"})
    assert response.status_code == 302
    assert craft in village.crafts.all()
    detail = response["Location"]
    response = staff_client.post(detail + "kiem-tra/", {"year": "2015", "still_practising": "yes",
                                                        "craft_households": "32"})
    assert response.status_code == 302
    body = staff_client.get(reverse("training:transplant_list")).content.decode()
    assert "V-TN" in body or "Làng V-TN" in body
    assert "còn duy trì" in body
    export = staff_client.get(reverse("training:transplant_list") + "?format=xlsx")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_viewer_cannot_write(client, make_user, make_class):
    cls = make_class()
    client.force_login(make_user("xem", role="viewer"))
    assert client.get(reverse("training:class_create")).status_code == 403
    assert client.post(reverse("training:roster_paste", args=[cls.pk]), {"text": "An"}).status_code == 403
    assert "Thêm lớp" not in client.get(reverse("training:class_list")).content.decode()


def test_out_of_scope_is_404(client, make_user, make_class, ba_dinh, staff, craft):
    from khuyencong.training.services.transplants import transplant_create
    from tests.training.conftest import make_village

    cls = make_class(commune=ba_dinh)
    trainee = cls.trainees.create(full_name="X")
    transplant = transplant_create(actor=staff, village=make_village("V-BD", ba_dinh), craft=craft, year=2014)
    client.force_login(make_user("phunghia", role="local_officer", unit="10030"))
    assert client.get(reverse("training:class_detail", args=[cls.pk])).status_code == 404
    assert client.get(reverse("training:class_detail", args=[cls.pk]) + "?format=xlsx").status_code == 404
    assert client.get(reverse("training:trainee_edit", args=[cls.pk, trainee.pk])).status_code == 404
    assert client.get(reverse("training:transplant_detail", args=[transplant.pk])).status_code == 404
    assert "V-BD" not in client.get(reverse("training:transplant_list")).content.decode()


def test_duplicate_class_code_and_future_birth_year(staff_client, make_class):
    cls = make_class("TN-DUP")
    body = staff_client.post(reverse("training:class_create"), {
        "code": "TN-DUP", "kind": "truyen_nghe", "craft": "gốm", "commune_code": "10030", "hierarchy": "current",
        "start_date": "2015-05-10", "end_date": "2015-06-01"}).content.decode()
    assert "Mã lớp “TN-DUP” đã được dùng cho lớp khác." in body
    response = staff_client.post(reverse("training:trainee_add", args=[cls.pk]),
                                 {"full_name": "Bé", "birth_year": "2099"})
    assert response.status_code == 400 and "Năm sinh 2099 không hợp lệ." in response.content.decode()
    response = staff_client.post(reverse("training:trainee_add", args=[cls.pk]),
                                 {"full_name": "An", "id_number": "12ab"})
    assert "phải gồm 9 hoặc 12 chữ số" in response.content.decode()
    assert not cls.trainees.exists()


def test_trainee_edit_and_remove_pages(staff_client, make_class):
    cls = make_class()
    staff_client.post(reverse("training:roster_paste", args=[cls.pk]), {"text": "An Nhầm; 1990\nBình; 1991"})
    an = cls.trainees.get(full_name="An Nhầm")
    url = reverse("training:trainee_edit", args=[cls.pk, an.pk])
    response = staff_client.post(url, {"full_name": "Nguyễn Văn An", "birth_year": "1990", "gender": "male",
                                       "id_number": "001090001234"})
    assert response.status_code == 302
    an.refresh_from_db()
    assert (an.full_name, an.id_number) == ("Nguyễn Văn An", "001090001234")
    response = staff_client.post(reverse("training:trainee_edit", args=[cls.pk, cls.trainees.get(full_name="Bình").pk]),
                                 {"full_name": "Bình", "id_number": "001090001234"})
    assert "đã có trong lớp (học viên Nguyễn Văn An)" in response.content.decode()
    response = staff_client.post(reverse("training:trainee_remove", args=[cls.pk, an.pk]), follow=True)
    assert "Đã xoá học viên Nguyễn Văn An" in response.content.decode()
    assert cls.trainees.count() == 1


def test_class_list_export_carries_rates_and_filters(staff_client, filled_class, make_class, ba_dinh):
    import io

    from openpyxl import load_workbook

    make_class("BD-1", commune=ba_dinh)
    response = staff_client.get(reverse("training:class_list"), {"unit": "10030", "hierarchy": "current",
                                                                 "format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
    header, data = rows[0], rows[1:]
    assert [r[0] for r in data] == ["TN-2014-01"]
    row = dict(zip(header, data[0], strict=True))
    assert row["Học viên"] == 4 and row["Hoàn thành"] == 3 and row["Tỷ lệ có việc làm (%)"] == 50


def test_transplant_list_unit_filter_and_bad_unit(staff_client, staff, craft, phu_nghia, ba_dinh):
    from khuyencong.training.services.transplants import transplant_create
    from tests.training.conftest import make_village

    transplant_create(actor=staff, village=make_village("V-PN", phu_nghia, name="Thôn Phú"), craft=craft, year=2014)
    transplant_create(actor=staff, village=make_village("V-BD", ba_dinh, name="Thôn Ba"), craft=craft, year=2015)
    body = staff_client.get(reverse("training:transplant_list"), {"unit": "277", "hierarchy": "legacy"}).content
    assert "Thôn Phú" in body.decode() and "Thôn Ba" not in body.decode()
    body = staff_client.get(reverse("training:transplant_list"), {"unit": "98765"}).content.decode()
    assert "Không tìm thấy đơn vị có mã “98765”" in body
