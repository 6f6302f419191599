import pytest
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_wrong_password_shows_vietnamese_message_and_keeps_username(client, make_user):
    make_user("lan")
    response = client.post(reverse("accounts:login"), {"username": "lan", "password": "sai"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in body
    assert 'value="lan"' in body


def test_right_password_logs_in_and_logout_works(client, make_user):
    make_user("lan")
    response = client.post(reverse("accounts:login"), {"username": "lan", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("core:home")).status_code == 200
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("core:home")).status_code == 302


def test_account_is_locked_after_five_failures(client, make_user):
    make_user("lan")
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": "lan", "password": "sai"})
    response = client.post(reverse("accounts:login"), {"username": "lan", "password": PASSWORD})
    assert response.status_code == 429
    assert "Tài khoản tạm khoá" in response.content.decode()
    assert client.get(reverse("core:home")).status_code == 302


def test_password_change_page_is_vietnamese(client, make_user):
    client.force_login(make_user("lan"))
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "sai", "new_password1": "Moi-Mat-Khau-9", "new_password2": "Moi-Mat-Khau-9"},
    )
    assert "Mật khẩu cũ không chính xác" in response.content.decode()
