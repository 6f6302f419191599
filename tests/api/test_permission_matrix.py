"""The API's permission matrix: every route of the router × every role × an own and another commune's record.

The routes come from the router, not from a hand list: a route added without an entry in EXPECT fails here. For
each role scoped to commune A (the world of tests/test_leaks.py), every route is called on A's record and on B's:
B's answers 404 (exactly like a record that does not exist), A's answers what EXPECT says for that role, and no list
names any of B's records (a related one of B is named as on the pages: `…_name`, never by its code).
"""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from khuyencong.accounts.models import Role
from khuyencong.accounts.services.tokens import token_create
from khuyencong.api.urls import router
from khuyencong.indicators.models import DataValue, Target
from tests.test_leaks import MINE, OTHER

pytestmark = pytest.mark.django_db

ROLES = [Role.ADMINISTRATOR, Role.CENTRE_STAFF, Role.APPROVER, Role.LOCAL_OFFICER, Role.VIEWER]
ADMIN, CENTRE, APPROVER, LOCAL, VIEWER = ROLES
EVERYONE = set(ROLES)
REGISTRY_EDITORS = {ADMIN, CENTRE, LOCAL}
TRAINING_EDITORS = {ADMIN, CENTRE}
PROPOSERS = {CENTRE, LOCAL}

# Route (basename-action) → (own record, other commune's record) as world keys; None: not a scoped record.
RECORDS = {
    "establishments": ("est_a", "est_b"), "villages": ("village_a", "village_b"),
    "products": ("product_a", "product_b"), "projects": ("project_a", "project_b"),
    "classes": ("class_a", "class_b"), "transplants": ("transplant_a", "transplant_b"),
    "data-values": ("value_a", "value_b"), "targets": ("target_a", "target_b"),
    "units": None, "sectors": None, "crafts": None, "funding-rules": None, "indicators": None,
}
# (route name, method) → the roles that may do it; the others get 403 with the page's reason. What a role that may
# do it gets is a 2xx, or a 400 when the empty body lacks what the form requires, never 403/404/5xx.
EXPECT = {
    ("establishments-list", "get"): EVERYONE, ("establishments-list", "post"): REGISTRY_EDITORS,
    ("establishments-detail", "get"): EVERYONE, ("establishments-detail", "patch"): REGISTRY_EDITORS,
    ("villages-list", "get"): EVERYONE, ("villages-list", "post"): REGISTRY_EDITORS,
    ("villages-detail", "get"): EVERYONE, ("villages-detail", "patch"): REGISTRY_EDITORS,
    ("villages-years", "get"): EVERYONE, ("villages-years", "post"): REGISTRY_EDITORS,
    ("products-list", "get"): EVERYONE, ("products-list", "post"): REGISTRY_EDITORS,
    ("products-detail", "get"): EVERYONE, ("products-detail", "patch"): REGISTRY_EDITORS,
    ("products-certificates", "get"): EVERYONE, ("products-certificates", "post"): REGISTRY_EDITORS,
    ("projects-list", "get"): EVERYONE, ("projects-list", "post"): PROPOSERS,
    ("projects-detail", "get"): EVERYONE, ("projects-detail", "patch"): PROPOSERS,
    ("projects-transitions", "post"): PROPOSERS,  # "submit", the step waiting on a draft
    ("projects-attachments", "get"): EVERYONE, ("projects-attachments", "post"): PROPOSERS,
    ("projects-attachment", "delete"): {CENTRE},  # the uploader (centre staff of the city) or centre staff
    ("funding-rules-list", "get"): EVERYONE, ("funding-rules-detail", "get"): EVERYONE,
    ("classes-list", "get"): EVERYONE, ("classes-list", "post"): TRAINING_EDITORS,
    ("classes-detail", "get"): EVERYONE, ("classes-detail", "patch"): TRAINING_EDITORS,
    ("classes-trainees", "get"): EVERYONE, ("classes-trainees", "post"): TRAINING_EDITORS,
    ("classes-follow-ups", "get"): EVERYONE, ("classes-follow-ups", "post"): TRAINING_EDITORS,
    ("classes-trainee", "patch"): TRAINING_EDITORS, ("classes-close", "post"): TRAINING_EDITORS,
    ("classes-trainee", "delete"): TRAINING_EDITORS,  # refused (400): the trainee's employment was followed up
    ("classes-trainees-paste", "post"): TRAINING_EDITORS, ("classes-completion", "post"): TRAINING_EDITORS,
    ("transplants-list", "get"): EVERYONE, ("transplants-list", "post"): TRAINING_EDITORS,
    ("transplants-detail", "get"): EVERYONE,
    ("transplants-checks", "get"): EVERYONE, ("transplants-checks", "post"): TRAINING_EDITORS,
    ("data-values-list", "get"): EVERYONE, ("data-values-list", "post"): REGISTRY_EDITORS,
    ("data-values-detail", "get"): EVERYONE,
    ("data-values-submit", "post"): REGISTRY_EDITORS,
    ("data-values-approve", "post"): {APPROVER},
    ("data-values-unlock", "post"): {APPROVER},
    ("targets-list", "get"): EVERYONE, ("targets-list", "post"): TRAINING_EDITORS,
    ("targets-detail", "get"): EVERYONE, ("targets-detail", "patch"): TRAINING_EDITORS,
    ("targets-detail", "delete"): TRAINING_EDITORS,
    ("indicators-list", "get"): EVERYONE, ("indicators-catalogue", "get"): EVERYONE,
    ("units-list", "get"): EVERYONE, ("units-detail", "get"): EVERYONE, ("units-resolve", "get"): EVERYONE,
    ("sectors-list", "get"): EVERYONE, ("sectors-detail", "get"): EVERYONE,
    ("crafts-list", "get"): EVERYONE, ("crafts-detail", "get"): EVERYONE,
}
# Query strings some routes need to answer at all.
QUERY = {"indicators-list": {"unit": "10030", "period": "2021-2025"}, "units-resolve": {"q": "10030"},
         "units-detail": {}}
# The state an own record is put in before a route whose step needs it (a value is approved once submitted).
STATE = {"data-values-submit": "draft", "data-values-approve": "submitted", "data-values-unlock": "approved"}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _routes():
    """(name, route regex, methods) of every URL the router lists."""
    for pattern in router.urls:
        callback = pattern.callback
        methods = sorted((m for m in callback.actions if m not in ("head", "options")),
                         key=lambda m: (m == "delete", m))  # a deletion last: the other calls need the record
        yield pattern.name, str(pattern.pattern), methods


def _key(w, basename, own: bool):
    pair = RECORDS[basename]
    record = w[pair[0] if own else pair[1]]
    return record.code if hasattr(record, "code") and basename not in ("transplants",) else record.pk


def _url(w, name, regex, own: bool) -> str:
    basename = name.rsplit("-", 1)[0] if name.rsplit("-", 1)[0] in RECORDS else name.rsplit("-", 2)[0]
    url = "/api/v1/" + regex.lstrip("^").rstrip("$").replace("\\.", ".")
    import re

    def fill(match):
        group = match.group(1)
        if group == "name":
            return "submit"
        if group == "trainee_id":
            return str(w["trainee_a"].pk)
        if group == "attachment_id":
            return str(w["attachment_a"].pk)
        if basename in ("units",):
            return "10030"
        if basename == "sectors":
            return "a"
        if basename == "crafts":
            return str(w["village_a"].crafts.order_by("pk").first().pk)
        if basename == "funding-rules":
            from khuyencong.projects.models import FundingRule

            return str(FundingRule.objects.order_by("pk").first().pk)
        return str(_key(w, basename, own))

    url = re.sub(r"\(\?P<(\w+)>[^)]*\)", fill, url)
    return url.replace("/?", "/")


def _call(client, method, url, query):
    if method == "get":
        return client.get(url, query)
    if method == "post" and url.endswith("/attachments/"):
        return client.post(url, {"kind": "budget_estimate", "file": SimpleUploadedFile("d.pdf", PDF)},
                           format="multipart")
    return getattr(client, method)(url, {}, format="json")


def _without_names(data):
    """The answer less the names of related records (`craft_village_name`): a related record outside the scope
    is named, as on the pages, but never listed, coded or linked."""
    if isinstance(data, dict):
        return {k: _without_names(v) for k, v in data.items() if not k.endswith("_name")}
    if isinstance(data, list):
        return [_without_names(v) for v in data]
    return data


def _client(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer " + token_create(actor=user, user=user, name="matrix").secret)
    return client


def test_every_route_is_in_the_matrix():
    listed = {(name, m) for name, _regex, methods in _routes() for m in methods}
    assert listed == set(EXPECT), f"routes without expectations: {sorted(listed - set(EXPECT))}; " \
                                  f"expectations without routes: {sorted(set(EXPECT) - listed)}"


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(make_user, world, role):
    w = world
    w["value_b"] = DataValue.objects.exclude(pk=w["value_a"].pk).get()
    w["target_b"] = Target.objects.exclude(pk=w["target_a"].pk).get()
    client = _client(make_user(f"{role}-pn", role=role, unit="10030"))
    seen = []
    for name, regex, methods in _routes():
        basename = name.rsplit("-", 1)[0] if name.rsplit("-", 1)[0] in RECORDS else name.rsplit("-", 2)[0]
        detail = "(?P<" in regex
        scoped = RECORDS[basename] is not None
        for method in methods:
            allowed = role in EXPECT[(name, method)]
            query = QUERY.get(name, {})
            if detail and scoped:  # another commune's record: as if it did not exist
                r = _call(client, method, _url(w, name, regex, own=False), query)
                assert r.status_code == 404, (name, method, "other", r.status_code, r.content[:300])
                assert r.json()["code"] == "not_found"
            if name in STATE:
                DataValue.objects.filter(pk=w["value_a"].pk).update(state=STATE[name])
            r = _call(client, method, _url(w, name, regex, own=True), query)
            seen.append((name, method, r.status_code))
            if allowed:
                assert r.status_code in (200, 201, 204, 400), (name, method, r.status_code, r.content[:300])
            else:
                assert r.status_code == 403, (name, method, r.status_code, r.content[:300])
                assert r.json()["code"] == "permission_denied" and r.json()["message"]
            if method == "get" and not detail and r.status_code == 200:
                text = json.dumps(_without_names(r.json()), ensure_ascii=False)
                assert OTHER not in text, (name, "lists another commune's record")
    assert len(seen) == len(EXPECT)


@pytest.mark.parametrize("role", ROLES)
def test_lists_hold_only_own_records(make_user, world, role):
    """Every list, walked to its end, holds the own commune's records and none of the other's."""
    client = _client(make_user(f"{role}-pn", role=role, unit="10030"))
    for basename, codes in (("establishments", {"CS-A", "CS-A2"}), ("villages", {"LN-A"}),
                            ("products", {"SP-A", "SP-PUB"}), ("projects", {"DA-A"}), ("classes", {"LOP-A"})):
        found, url = set(), f"/api/v1/{basename}/?page_size=1"
        while url:
            body = client.get(url).json()
            found |= {row["code"] for row in body["results"]}
            url = body["next"]
        assert found == codes, (role, basename, found)
    # a related record of the other commune is not named by its code: DA-A supports CS-A and CS-B
    assert client.get("/api/v1/projects/DA-A/").json()["beneficiary_codes"] == ["CS-A"]
    assert client.get("/api/v1/projects/").json()["results"][0]["beneficiary_codes"] == ["CS-A"]
    assert client.get("/api/v1/classes/LOP-A/").json()["project_code"] is None  # under DA-B
    est = client.get("/api/v1/establishments/CS-A/").json()  # in LN-B, named but not by its code
    assert est["craft_village_code"] is None and OTHER in est["craft_village_name"]
    listed = {e["code"]: e for e in client.get("/api/v1/establishments/").json()["results"]}
    assert listed["CS-A"]["craft_village_code"] is None and listed["CS-A2"]["craft_village_code"] == "LN-A"
    assert MINE
