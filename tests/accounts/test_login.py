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
    assert "Đăng xuất" in client.get(reverse("core:home")).content.decode()
    client.post(reverse("accounts:logout"))
    assert "Đăng xuất" not in client.get(reverse("core:home")).content.decode()


def test_account_is_locked_after_five_failures(client, make_user):
    make_user("lan")
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": "lan", "password": "sai"})
    response = client.post(reverse("accounts:login"), {"username": "lan", "password": PASSWORD})
    assert response.status_code == 429
    assert "Tài khoản tạm khoá" in response.content.decode()
    assert "Đăng xuất" not in client.get(reverse("core:home")).content.decode()


@pytest.fixture
def fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def attempt(client, password, address, username="lanhdao"):
    return client.post(reverse("accounts:login"), {"username": username, "password": password},
                       REMOTE_ADDR=address)


def test_wrong_passwords_from_another_address_do_not_lock_the_approver_out(client, make_user, fast_hasher):
    make_user("lanhdao", role="approver")
    for _ in range(5):
        attempt(client, "sai", "203.0.113.7")
    assert attempt(client, PASSWORD, "203.0.113.7").status_code == 429  # the attacker's address is locked
    response = attempt(client, PASSWORD, "192.0.2.10")  # the approver, at the Centre
    assert response.status_code == 302 and response.url == reverse("core:home")


def test_many_addresses_still_lock_the_username_with_a_longer_threshold(client, make_user, fast_hasher, settings):
    make_user("lanhdao", role="approver")
    assert settings.AXES_USERNAME_FAILURE_LIMIT == 20
    for n in range(4):  # 4 addresses × 5 tries: each address is locked after 5, the username after 20
        for _ in range(5):
            attempt(client, "sai", f"198.51.100.{n}")
    response = attempt(client, PASSWORD, "192.0.2.10")
    assert response.status_code == 429
    assert "Tài khoản tạm khoá" in response.content.decode()


def test_remaining_tries_shown_from_the_third_failure(client, make_user, fast_hasher):
    make_user("lanhdao", role="approver")
    shown = []
    for _ in range(4):
        body = attempt(client, "sai", "192.0.2.10").content.decode()
        assert "Tên đăng nhập hoặc mật khẩu không đúng" in body
        shown.append("lần thử" in body and body.split("Còn ")[1].split(" lần thử")[0])
    assert shown == [False, False, "2", "1"]
    locked = attempt(client, "sai", "192.0.2.10")
    assert locked.status_code == 429
    body = locked.content.decode()
    assert f'href="{reverse("accounts:login")}"' in body and "Quay lại trang đăng nhập" in body


def test_password_change_page_is_vietnamese(client, make_user):
    client.force_login(make_user("lan"))
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "sai", "new_password1": "Moi-Mat-Khau-9", "new_password2": "Moi-Mat-Khau-9"},
    )
    assert "Mật khẩu cũ không chính xác" in response.content.decode()
