import pytest

pytestmark = pytest.mark.django_db


def test_create_and_read_establishment(make_user, client_for):
    officer = make_user("xa", role="local_officer", unit="10030")
    api = client_for(officer)
    r = api.post("/api/v1/establishments/", {"name": "Cơ sở Mây tre An", "kind": "HKD", "commune": "10030"},
                 format="json")
    assert r.status_code == 201, r.json()
    code = r.json()["code"]
    r = api.get(f"/api/v1/establishments/{code}/")
    assert r.status_code == 200 and r.json()["name"] == "Cơ sở Mây tre An"
    r = api.patch(f"/api/v1/establishments/{code}/", {"workers": 12}, format="json")
    assert r.status_code == 200, r.json()
    assert r.json()["workers"] == 12 and r.json()["name"] == "Cơ sở Mây tre An"
    r = api.get("/api/v1/establishments/")
    assert [e["code"] for e in r.json()["results"]] == [code]
