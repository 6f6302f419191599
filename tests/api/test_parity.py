"""The API and the pages give the same answers to the same user: list counts under the same filters, the roster's
masking, the indicators."""

import pytest
from rest_framework.test import APIClient

from khuyencong.accounts.services.tokens import token_create

pytestmark = pytest.mark.django_db

# (page, API list, query strings the list page takes, the same for both)
LISTS = [
    ("/so-dang-ky/co-so/", "/api/v1/establishments/", [
        {}, {"kind": "HKD"}, {"unit_code": "10030"}, {"q": "PNMARK"},
        {"unit_code": "277", "unit_hierarchy": "legacy"}]),
    ("/so-dang-ky/lang-nghe/", "/api/v1/villages/", [{}, {"recognition": "none"}, {"unit_code": "00004"}]),
    ("/so-dang-ky/san-pham/", "/api/v1/products/", [{}, {"kind": "HKD"}]),
    ("/de-an/", "/api/v1/projects/", [{}, {"state": "draft"}, {"plan_year": "2025"}, {"unit_code": "10030"}]),
    ("/dao-tao/", "/api/v1/classes/", [{}, {"kind": "truyen_nghe"}, {"unit": "10030"}]),
]


def _api(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer " + token_create(actor=user, user=user, name="p").secret)
    return client


def _walk(api, url, query) -> int:
    n, params = 0, {**query, "page_size": 2}
    while url:
        body = api.get(url, params).json()
        n += len(body["results"])
        url, params = body["next"], None
    return n


@pytest.mark.parametrize("scope", ["01", "10030"])
def test_list_counts_equal_the_pages(client, make_user, world, scope):
    user = make_user(f"u{scope}", role="centre_staff", unit=scope)
    client.force_login(user)
    api = _api(user)
    for page, endpoint, queries in LISTS:
        for query in queries:
            total = client.get(page, query).context["total"].count
            assert _walk(api, endpoint, query) == total, (page, query, total)


def test_bad_filter_is_a_400_naming_it(make_user, world):
    api = _api(make_user("u", role="viewer", unit="10030"))
    r = api.get("/api/v1/establishments/", {"unit_code": "99999"})
    assert r.status_code == 400 and "unit_code" in r.json()["fields"]
    r = api.get("/api/v1/projects/", {"plan_year": "năm ngoái"})
    assert r.status_code == 400 and "plan_year" in r.json()["fields"]


def test_roster_as_on_the_class_page(client, make_user, world):
    for role in ("viewer", "centre_staff"):
        user = make_user(f"r-{role}", role=role, unit="10030")
        client.force_login(user)
        page_rows = client.get(f"/dao-tao/lop/{world['class_a'].pk}/").context["rows"]
        api_rows = _api(user).get("/api/v1/classes/LOP-A/trainees/").json()
        assert [(t.full_name, v.id_number, v.birth_year) for t, v in page_rows] == \
               [(r["full_name"], r["id_number"], r["birth_year"]) for r in api_rows]


def test_indicators_as_on_the_page(client, make_user, world):
    user = make_user("ind", role="approver", unit="01")
    client.force_login(user)
    query = {"unit_code": "01", "unit_hierarchy": "current", "period": "2021-2025", "by": "child"}
    page = client.get("/chi-tieu/", query).context["result"].as_json()
    api = _api(user).get("/api/v1/indicators/", {"unit": "01", "period": "2021-2025", "by": "child"}).json()
    assert api == page


@pytest.mark.parametrize("role", ["local_officer", "centre_staff", "approver", "viewer"])
def test_project_actions_as_on_the_project_page(client, make_user, world, role):
    """The steps waiting on a project, each with the page's (allowed, reason)."""
    user = make_user(f"a-{role}", role=role, unit="10030")
    client.force_login(user)
    page = client.get(f"/de-an/{world['project_a'].pk}/").context["actions"]
    api = _api(user).get("/api/v1/projects/DA-A/").json()["actions"]
    assert [(a["transition"].name, a["allowed"], str(a["reason"])) for a in page] == \
           [(a["name"], a["allowed"], a["reason"]) for a in api]
    assert any(not a["allowed"] and a["reason"] for a in api) or role in ("local_officer", "centre_staff")
