"""What answers under /api/ besides the routes: an unknown address or a wrong method is a JSON error (never the
site's HTML page), and a write's body without Content-Length (chunked) is refused before it is read."""

import http.client
import json
from urllib.parse import urlsplit

import pytest
from rest_framework.test import APIClient

from khuyencong.registry.models import Establishment

pytestmark = pytest.mark.django_db
GOOD = {"name": "Cơ sở Mây tre Chunked", "kind": "HKD", "commune": "10030"}


@pytest.fixture
def officer(make_user, client_for):
    return client_for(make_user("xa", role="local_officer", unit="10030"))


@pytest.mark.parametrize("method, path", [
    ("get", "/api/v1/khong-co/"), ("get", "/api/khong-co"), ("post", "/api/v1/establishments/CS-1/khong-co/"),
    ("delete", "/api/v2/establishments/"), ("get", "/api/v1/establishments"), ("patch", "/api/"),
])
def test_unknown_address_is_a_json_404(officer, method, path):
    for client in (officer, APIClient()):  # signed in or not: the same answer, no HTML
        r = getattr(client, method)(path, {}, format="json") if method != "get" else client.get(path)
        assert r.status_code == 404 and r["Content-Type"].startswith("application/json"), r.content[:200]
        body = r.json()
        assert body["code"] == "not_found" and body["fields"] == {}
        assert body["message"] == f"Không có địa chỉ {path} trong API: xem danh sách tại /api/docs/."


def test_unknown_address_in_english(officer):
    r = officer.get("/api/v1/khong-co/", HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 404
    assert r.json()["message"] == "There is no address /api/v1/khong-co/ in the API: see the list at /api/docs/."


@pytest.mark.parametrize("method, path", [
    ("delete", "/api/v1/establishments/"), ("put", "/api/v1/establishments/CS-1/"),
    ("post", "/api/v1/indicators/"), ("get", "/api/v1/data-values/1/submit/"),
])
def test_wrong_method_is_a_json_405(officer, method, path):
    r = getattr(officer, method)(path, format="json")
    assert r.status_code == 405 and r["Content-Type"].startswith("application/json"), r.content[:200]
    assert r.json() == {"code": "method_not_allowed", "fields": {},
                        "message": "Phương thức này không dùng được ở địa chỉ này."}
    r = getattr(officer, method)(path, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 405 and r.json()["message"] == "This method is not allowed at this address."


def test_chunked_write_is_refused(officer):
    payload = json.dumps(GOOD).encode()
    r = officer.generic("POST", "/api/v1/establishments/", payload, content_type="application/json",
                        CONTENT_LENGTH="", HTTP_TRANSFER_ENCODING="chunked")
    assert r.status_code == 411, r.content[:300]
    assert r.json()["code"] == "length_required"
    assert r.json()["message"] == ("Nội dung gửi lên phải có Content-Length (không nhận kiểu chunked), "
                                   "tối đa 1024 KB.")
    r = officer.generic("POST", "/api/v1/establishments/", payload, content_type="application/json",
                        CONTENT_LENGTH="", HTTP_TRANSFER_ENCODING="chunked", HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 411 and "Content-Length" in r.json()["message"] and "chunked" in r.json()["message"]
    assert r.json()["message"].startswith("The request body must come with")
    assert not Establishment.objects.filter(name=GOOD["name"]).exists()


@pytest.mark.django_db(transaction=True)
def test_chunked_write_over_http_is_refused(live_server, units_loaded, registry_catalogues, make_user):
    """A real chunked request (no Content-Length) to a running server: a JSON 411, nothing written; the same body
    with its length is created."""
    from khuyencong.accounts.services.tokens import token_create

    user = make_user("xa2", role="local_officer", unit="10030")
    secret = token_create(actor=user, user=user, name="chunked").secret
    host = urlsplit(live_server.url)
    headers = {"Authorization": f"Bearer {secret}", "Content-Type": "application/json"}
    payload = json.dumps(GOOD).encode()

    def send(**kwargs):
        conn = http.client.HTTPConnection(host.hostname, host.port, timeout=30)
        try:
            conn.request("POST", "/api/v1/establishments/", **kwargs)
            response = conn.getresponse()
            return response.status, json.loads(response.read())
        finally:
            conn.close()

    status, body = send(body=iter([payload[:10], payload[10:]]), headers=headers, encode_chunked=True)
    assert status == 411 and body["code"] == "length_required", body
    assert not Establishment.objects.filter(name=GOOD["name"]).exists()
    status, body = send(body=payload, headers=headers)
    assert status == 201, body
    assert Establishment.objects.filter(name=GOOD["name"]).count() == 1
