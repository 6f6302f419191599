"""Authentication (tokens, sessions with CSRF) and every kind of bad input: a clear JSON message, nothing written."""

import datetime
import json

import pytest
from django.core.management import call_command
from django.utils import timezone
from rest_framework.test import APIClient

from khuyencong.accounts.models import ApiToken
from khuyencong.accounts.services.tokens import token_create, token_revoke
from khuyencong.registry.models import Establishment

pytestmark = pytest.mark.django_db
URL = "/api/v1/establishments/"
GOOD = {"name": "Cơ sở Mây tre An", "kind": "HKD", "commune": "10030"}


@pytest.fixture
def officer(make_user):
    return make_user("xa", role="local_officer", unit="10030")


def _bearer(secret, **extra):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}", **extra)
    return client


def test_token_is_stored_hashed_and_works(officer):
    made = token_create(actor=officer, user=officer, name="máy nhập liệu", days=30)
    row = ApiToken.objects.get(pk=made.token.pk)
    assert made.secret.startswith(f"kc_{row.prefix}_") and made.secret not in row.digest
    r = _bearer(made.secret).get(URL)
    assert r.status_code == 200
    assert ApiToken.objects.get(pk=row.pk).last_used_at is not None


@pytest.mark.parametrize("case, message", [
    ("wrong", "Khóa API không đúng."), ("garbage", "Khóa API không đúng."),
    ("expired", "Khóa API đã hết hạn."), ("revoked", "Khóa API đã bị thu hồi."),
])
def test_bad_tokens_get_401(officer, case, message):
    made = token_create(actor=officer, user=officer, name="t", days=1)
    secret = made.secret
    if case == "wrong":
        secret = secret[:-4] + "AAAA"
    elif case == "garbage":
        secret = "khong-phai-khoa"
    elif case == "expired":
        ApiToken.objects.filter(pk=made.token.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    elif case == "revoked":
        token_revoke(actor=officer, token=made.token)
    r = _bearer(secret).get(URL)
    assert r.status_code == 401
    assert r.json() == {"code": "authentication_failed", "message": message, "fields": {}}
    r = _bearer(secret, HTTP_ACCEPT_LANGUAGE="en").get(URL)
    assert r.status_code == 401 and r.json()["message"] != message and "API" in r.json()["message"]


def test_anonymous_gets_401_json():
    r = APIClient().get(URL)
    assert r.status_code == 401 and r.json()["code"] == "not_authenticated"


def test_session_needs_csrf_for_writes(officer):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(officer)
    assert client.get(URL).status_code == 200
    r = client.post(URL, GOOD, format="json")
    assert r.status_code == 403 and "CSRF" in r.json()["message"]
    assert not Establishment.objects.exists()


@pytest.fixture
def api(officer, client_for):
    return client_for(officer)


def test_malformed_json(api):
    r = api.post(URL, data='{"name": "x",', content_type="application/json")
    assert r.status_code == 400 and r.json()["code"] == "malformed"
    assert r.json()["message"] == "Nội dung gửi lên không phải JSON hợp lệ."


def test_wrong_types_and_unknown_fields_all_reported_at_once(api):
    r = api.post(URL, {**GOOD, "workers": "nhiều", "polluting": "có", "colour": "đỏ", "address": {"a": 1}},
                 format="json")
    assert r.status_code == 400
    fields = r.json()["fields"]
    assert set(fields) == {"polluting", "colour", "address"}
    assert "colour" in fields["colour"][0] and "true hoặc false" in fields["polluting"][0]
    r = api.post(URL, {**GOOD, "workers": "nhiều", "founded_year": 1500}, format="json")
    assert r.status_code == 400 and {"workers", "founded_year"} <= set(r.json()["fields"])
    r = api.post(URL, ["not", "an", "object"], format="json")
    assert r.status_code == 400
    assert not Establishment.objects.exists()


def test_english_messages(officer, client_for):
    api = client_for(officer, language="en")
    r = api.post(URL, {**GOOD, "colour": "red"}, format="json")
    assert r.status_code == 400 and "does not exist" in r.json()["fields"]["colour"][0]


def test_huge_payload_413(api, settings):
    big = {**GOOD, "address": "x" * (settings.API_MAX_BODY + 10)}
    r = api.post(URL, data=json.dumps(big), content_type="application/json")
    assert r.status_code == 413 and r.json()["code"] == "payload_too_large"
    assert not Establishment.objects.exists()


def test_service_rules_come_back_on_fields(api):
    r = api.post(URL, {**GOOD, "tax_code": "123"}, format="json")
    assert r.status_code == 400 and "Mã số thuế" in r.json()["fields"]["tax_code"][0]
    r = api.post(URL, {**GOOD, "commune": "00004"}, format="json")  # another commune, outside the officer's area
    assert r.status_code == 400 and "commune" in r.json()["fields"]
    assert not Establishment.objects.exists()


def test_throttled_per_token(officer, client_for, settings):
    from django.core.cache import cache

    cache.clear()
    rest = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"client": "3/min"}}
    settings.REST_FRAMEWORK = rest
    from rest_framework.settings import api_settings

    api_settings.reload()
    from khuyencong.api.throttling import ClientRateThrottle

    ClientRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
    try:
        first, second = client_for(officer), client_for(officer)
        codes = [first.get(URL).status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429]
        assert second.get(URL).status_code == 200  # another token has its own budget
    finally:
        settings.REST_FRAMEWORK = {**rest, "DEFAULT_THROTTLE_RATES": {"client": "1200/min"}}
        api_settings.reload()
        ClientRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
        cache.clear()


def test_cli_token(officer, capsys):
    call_command("users", "token", "xa", "--days", "7", "--name", "máy chủ báo cáo")
    secret = capsys.readouterr().out.strip()
    assert _bearer(secret).get(URL).status_code == 200
    token = ApiToken.objects.get(user=officer)
    assert token.name == "máy chủ báo cáo" and token.expires_at is not None
    call_command("users", "revoke-token", "xa", token.prefix)
    assert _bearer(secret).get(URL).status_code == 401


def test_profile_page_shows_the_token_once(officer, client):
    client.force_login(officer)
    r = client.post("/tai-khoan/ho-so/", {"name": "bảng tính", "days": "30"}, follow=True)
    assert r.status_code == 200
    secret = r.context["new_secret"]
    assert secret in r.content.decode()
    page = client.get("/tai-khoan/ho-so/").content.decode()
    assert secret not in page and "bảng tính" in page
    assert _bearer(secret).get(URL).status_code == 200
    token = ApiToken.objects.get(user=officer)
    r = client.post(f"/tai-khoan/ho-so/khoa-api/{token.pk}/thu-hoi/")
    assert r.status_code == 302
    assert _bearer(secret).get(URL).status_code == 401
    r = client.post("/tai-khoan/ho-so/", {"name": "", "days": "0"})
    assert r.status_code == 400 and {"name", "days"} <= set(r.context["form"].errors)


def test_cli_token_bad_input_exits_2(officer):
    from django.core.management.base import CommandError

    for args in (["nobody"], ["xa", "--days", "0"]):
        with pytest.raises(CommandError) as caught:
            call_command("users", "token", *args)
        assert caught.value.returncode == 2 and str(caught.value)
    assert not ApiToken.objects.exists()
