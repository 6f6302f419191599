"""Classes, trainees and follow-ups through the API: the class page's masking, its forms' rules."""

import pytest

from khuyencong.training.models import AccessPurpose, PersonalDataAccess

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
