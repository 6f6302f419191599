import pytest
from django.test import override_settings
from django.urls import reverse


@pytest.mark.django_db
def test_healthz_checks_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}  # anonymous callers learn nothing about the stack
    assert "sqlite" not in response.content.decode() and "postgresql" not in response.content.decode()


@pytest.mark.django_db
def test_healthz_details_are_for_staff(client, make_user):
    client.force_login(make_user("lan", role="local_officer", unit="10030"))
    assert client.get("/healthz").json() == {"status": "ok"}
    client.force_login(make_user("canbo", role="centre_staff"))
    body = client.get("/healthz").json()
    assert body["status"] == "ok" and body["database"] in ("sqlite", "postgresql")


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_404_page_is_vietnamese_without_trace(client, make_user):
    client.force_login(make_user())
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Không tìm thấy trang" in body
    assert "Traceback" not in body


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_500_page_is_vietnamese_without_trace(rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))
    body = response.content.decode()
    assert response.status_code == 500
    assert "Lỗi hệ thống" in body
    assert "Traceback" not in body


@pytest.mark.django_db
def test_home_shows_anonymous_visitors_the_public_front_page_not_the_dashboard(client):
    response = client.get(reverse("core:home"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Tin tức khuyến công" in body
    assert "Tổng quan chương trình" not in body


@pytest.mark.django_db
def test_shell_shows_name_role_unit_in_vietnamese(client, make_user):
    client.force_login(make_user("lan", role="local_officer", unit="10030", full_name="Nguyễn Thị Lan"))
    body = client.get(reverse("core:home")).content.decode()
    assert '<html lang="vi">' in body
    assert "Nguyễn Thị Lan" in body
    assert "Cán bộ địa phương — Xã Phú Nghĩa [10030]" in body
    assert "Đăng xuất" in body
    assert "/static/django_htmx/htmx" in body  # htmx from the django-htmx wheel, no CDN
    assert "cdn" not in body.lower()


@pytest.mark.django_db
def test_language_switch_to_english(client, make_user):
    client.force_login(make_user())
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = client.get(reverse("core:home")).content.decode()
    assert '<html lang="en">' in body
    assert "Sign out" in body


@pytest.mark.django_db
def test_admin_site_is_for_administrators_only(client, make_user):
    client.force_login(make_user("viewer1", role="viewer"))
    assert client.get("/quan-tri/").status_code == 302  # sent to the admin login
    client.force_login(make_user("admin1", role="administrator"))
    response = client.get("/quan-tri/")
    assert response.status_code == 200
    assert "Khuyến công — Quản trị" in response.content.decode()


@pytest.mark.django_db
def test_browser_language_does_not_override_vietnamese(client, make_user):
    client.force_login(make_user())
    body = client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="vi">' in body
    assert "Đăng xuất" in body


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_csrf_failure_page_is_vietnamese_and_says_to_reload():
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    login = reverse("accounts:login")
    response = client.post(login, {"username": "a", "password": "b"}, HTTP_REFERER=f"http://testserver{login}")
    body = response.content.decode()
    assert response.status_code == 403
    assert "Forbidden" not in body and "CSRF verification failed" not in body
    assert "Biểu mẫu đã hết hạn" in body and "tải lại trang" in body
    assert f'href="http://testserver{login}"' in body  # back to the form the user came from
    evil = client.post(login, {}, HTTP_REFERER="https://evil.example/x").content.decode()
    assert "evil.example" not in evil and 'href="/"' in evil
