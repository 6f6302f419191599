"""Classes, trainees and follow-ups through the API: the class page's masking, its forms' rules."""

import json

import pytest

from khuyencong.core.models import AuditAction, AuditEntry
from khuyencong.training.models import AccessPurpose, PersonalDataAccess, Trainee

pytestmark = pytest.mark.django_db


@pytest.fixture
def centre(make_user, client_for):
    return client_for(make_user("tt", role="centre_staff", unit="01"))


def _class(api):
    r = api.post("/api/v1/classes/", {
        "code": "LH-2025-0001", "kind": "truyen_nghe", "craft": "mây tre đan", "commune": "10030",
        "start_date": "2025-03-01", "end_date": "2025-06-30"}, format="json")
    assert r.status_code == 201, r.json()
    return r.json()["code"]


def test_roster_masked_as_on_the_page(centre, make_user, client_for):
    code = _class(centre)
    r = centre.post(f"/api/v1/classes/{code}/trainees/", {
        "full_name": "Nguyễn Văn An", "birth_year": 1990, "gender": "male", "id_number": "001090001234",
        "completed": True}, format="json")
    assert r.status_code == 201, r.json()
    assert r.json()["id_number"] == "001090001234" and r.json()["personal_data_full"] is True
    viewer = client_for(make_user("xem", role="viewer", unit="10030"))
    rows = viewer.get(f"/api/v1/classes/{code}/trainees/").json()
    assert rows[0]["id_number"] == "0010******34" and rows[0]["birth_year"] == "19**"
    assert rows[0]["personal_data_full"] is False
    # the viewer may not add trainees; the page's reason comes back
    r = viewer.post(f"/api/v1/classes/{code}/trainees/", {"full_name": "X"}, format="json")
    assert r.status_code == 403 and r.json()["message"]
    assert PersonalDataAccess.objects.filter(purpose=AccessPurpose.API).exists()


def test_follow_up_rules(centre):
    code = _class(centre)
    trainee = centre.post(f"/api/v1/classes/{code}/trainees/", {"full_name": "Lê Thị Bình", "completed": True},
                          format="json").json()
    r = centre.post(f"/api/v1/classes/{code}/follow-ups/", {"trainee": trainee["id"], "date": "2025-01-01",
                                                             "employed": "yes"}, format="json")
    assert r.status_code == 400 and "date" in r.json()["fields"]
    r = centre.post(f"/api/v1/classes/{code}/follow-ups/", {"trainee": trainee["id"], "date": "2025-09-01",
                                                             "employed": "yes", "employer_name": "Xưởng mây"},
                    format="json")
    assert r.status_code == 201, r.json()
    assert r.json()["employer"] == "Xưởng mây"
    assert len(centre.get(f"/api/v1/classes/{code}/follow-ups/").json()) == 1


def test_trainee_change_and_class_close(centre, make_user, client_for):
    code = _class(centre)
    added = centre.post(f"/api/v1/classes/{code}/trainees/", {
        "full_name": "Phạm Văn Cường", "birth_year": 1985, "id_number": "001085001111"}, format="json").json()
    r = centre.patch(f"/api/v1/classes/{code}/trainees/{added['id']}/", {"completed": True}, format="json")
    assert r.status_code == 200, r.json()
    assert r.json()["completed"] is True and r.json()["id_number"] == "001085001111"  # the rest kept
    r = centre.patch(f"/api/v1/classes/{code}/trainees/{added['id']}/", {"birth_year": 1800}, format="json")
    assert r.status_code == 400 and "birth_year" in r.json()["fields"]
    viewer = client_for(make_user("xem", role="viewer", unit="10030"))
    r = viewer.patch(f"/api/v1/classes/{code}/trainees/{added['id']}/", {"completed": False}, format="json")
    assert r.status_code == 403
    r = centre.post(f"/api/v1/classes/{code}/close/", format="json")
    assert r.status_code == 200 and r.json()["status"] == "completed", r.json()
    r = centre.post(f"/api/v1/classes/{code}/close/", format="json")
    assert r.status_code == 400 and "đã được xác nhận kết thúc" in r.json()["message"]


def test_roster_paste_as_on_the_class_page(centre, make_user, client_for):
    code = _class(centre)
    url = f"/api/v1/classes/{code}/trainees/paste/"
    # one bad line: nothing added, every bad line named
    r = centre.post(url, {"text": "Nguyễn Văn An; 1990; Nam; 001090001234\nLê Thị Bình; năm; Nữ\nX; 1990; ?; 12"},
                    format="json")
    assert r.status_code == 400, r.json()
    assert "Dòng 2" in r.json()["message"] + " ".join(r.json()["fields"].get("__all__", []))
    assert centre.get(f"/api/v1/classes/{code}/trainees/").json() == []
    r = centre.post(url, {"text": "Nguyễn Văn An; 1990; Nam; 001090001234\nLê Thị Bình; 1940; Nữ"}, format="json")
    assert r.status_code == 201, r.json()
    assert [t["full_name"] for t in r.json()["trainees"]] == ["Nguyễn Văn An", "Lê Thị Bình"]
    assert r.json()["trainees"][0]["id_number"] == "001090001234"
    assert len(r.json()["warnings"]) == 1 and "Lê Thị Bình sinh năm 1940" in r.json()["warnings"][0]
    assert len(centre.get(f"/api/v1/classes/{code}/trainees/").json()) == 2
    # the same ID number again is refused, unknown keys too
    r = centre.post(url, {"text": "Trần Văn C; 1991; Nam; 001090001234"}, format="json")
    assert r.status_code == 400  # the page's message, the ID number masked in it
    assert r.json()["message"] == "Dòng 1: Số CMND/CCCD 0010******34 đã có trong lớp (học viên Nguyễn Văn An)."
    r = centre.post(url, {"text": "Trần Văn C", "roster": "x"}, format="json")
    assert r.status_code == 400 and "roster" in r.json()["fields"]
    assert len(centre.get(f"/api/v1/classes/{code}/trainees/").json()) == 2
    viewer = client_for(make_user("xem", role="viewer", unit="10030"))
    r = viewer.post(url, {"text": "Trần Văn C; 1991; Nam"}, format="json")
    assert r.status_code == 403 and r.json()["message"]
    assert Trainee.objects.filter(training_class__code=code).count() == 2


def test_completion_as_on_the_class_page(centre, world):
    code = _class(centre)
    added = centre.post(f"/api/v1/classes/{code}/trainees/paste/", {
        "text": "Nguyễn Văn An; 1990; Nam\nLê Thị Bình; 1991; Nữ"}, format="json").json()["trainees"]
    an, binh = added[0]["id"], added[1]["id"]
    url = f"/api/v1/classes/{code}/completion/"
    r = centre.post(url, {"completed": [{"id": an, "certificate_number": "CC-01"}, {"id": binh}]}, format="json")
    assert r.status_code == 200, r.json()
    assert r.json()["completed"] == 2
    assert {t["id"]: (t["completed"], t["certificate_number"]) for t in r.json()["trainees"]} == {
        an: (True, "CC-01"), binh: (True, "")}
    # who is left out is marked not completed, as the page's table does
    r = centre.post(url, {"completed": [{"id": an, "certificate_number": "CC-01"}]}, format="json")
    assert r.status_code == 200 and r.json()["completed"] == 1
    assert Trainee.objects.get(pk=binh).completed is False
    # a trainee of another class, an unknown key, a wrong type: 400, nothing changed
    r = centre.post(url, {"completed": [{"id": an}, {"id": world["trainee_a"].pk}]}, format="json")
    assert r.status_code == 400 and "không thuộc lớp" in r.json()["message"]
    r = centre.post(url, {"completed": [{"id": an, "certificate": "x"}]}, format="json")
    assert r.status_code == 400 and "certificate" in json.dumps(r.json()["fields"], ensure_ascii=False)
    r = centre.post(url, {"completed": "all"}, format="json")
    assert r.status_code == 400 and "completed" in r.json()["fields"]
    r = centre.post(url, {}, format="json")
    assert r.status_code == 400 and "completed" in r.json()["fields"]
    assert Trainee.objects.get(pk=an).certificate_number == "CC-01"
    assert Trainee.objects.get(pk=an).completed and not Trainee.objects.get(pk=binh).completed


def test_trainee_removal_as_on_the_trainee_page(centre, world):
    code = _class(centre)
    added = centre.post(f"/api/v1/classes/{code}/trainees/paste/", {
        "text": "Nguyễn Văn An; 1990; Nam\nLê Thị Bình; 1991; Nữ"}, format="json").json()["trainees"]
    an, binh = added[0]["id"], added[1]["id"]
    centre.post(f"/api/v1/classes/{code}/completion/", {"completed": [{"id": binh}]}, format="json")
    r = centre.post(f"/api/v1/classes/{code}/follow-ups/", {"trainee": binh, "date": "2025-09-01",
                                                             "employed": "yes", "employer_name": "Xưởng mây"},
                    format="json")
    assert r.status_code == 201, r.json()
    r = centre.delete(f"/api/v1/classes/{code}/trainees/{an}/")
    assert r.status_code == 204, r.content
    assert not Trainee.objects.filter(pk=an).exists()
    entry = AuditEntry.objects.filter(action=AuditAction.DELETE).latest("pk")
    assert entry.changes == {"trainee": ["Nguyễn Văn An", None]} and code in entry.summary
    # followed up: refused with the page's message, kept
    r = centre.delete(f"/api/v1/classes/{code}/trainees/{binh}/", HTTP_ACCEPT_LANGUAGE="vi")
    assert r.status_code == 400
    assert r.json()["message"] == "Lê Thị Bình đã có theo dõi việc làm: không thể xoá khỏi danh sách."
    assert Trainee.objects.filter(pk=binh).exists()
    # a trainee of another class through this class's address: not found; gone already: not found
    assert centre.delete(f"/api/v1/classes/{code}/trainees/{world['trainee_a'].pk}/").status_code == 404
    assert centre.delete(f"/api/v1/classes/{code}/trainees/{an}/").status_code == 404
    assert Trainee.objects.filter(pk=world["trainee_a"].pk).exists()
