import pytest
from django.core.management import CommandError, call_command

from khuyencong.accounts.models import Role, User
from khuyencong.accounts.permissions import can_manage_users, has_role

pytestmark = pytest.mark.django_db


def test_users_add_creates_user_with_scoped_role(capsys):
    call_command("users", "add", "huong", "--role", "local_officer", "--unit", "10030", "--password", "Abc-12345")
    user = User.objects.get(username="huong")
    assert user.check_password("Abc-12345")
    (assignment,) = user.role_assignments.all()
    assert (assignment.role, assignment.unit.code, assignment.unit.hierarchy) == ("local_officer", "10030", "current")
    assert "Đã tạo huong" in capsys.readouterr().out


def test_users_add_legacy_unit_and_generated_password(capsys):
    call_command("users", "add", "cm", "--role", "viewer", "--unit", "277", "--hierarchy", "legacy")
    out = capsys.readouterr().out
    assert "Mật khẩu:" in out
    assert User.objects.get(username="cm").role_assignments.get().unit.name == "Huyện Chương Mỹ"


def test_users_list_shows_roles(capsys, make_user):
    make_user("lan", role="approver")
    call_command("users", "list")
    assert "lan" in capsys.readouterr().out


def test_unknown_role_and_unit_are_one_clear_line():
    with pytest.raises(CommandError, match="Vai trò “boss” không tồn tại"):
        call_command("users", "add", "x", "--role", "boss", "--unit", "01")
    with pytest.raises(CommandError, match="Không tìm thấy đơn vị có mã “123”"):
        call_command("users", "add", "x", "--role", "viewer", "--unit", "123")
    assert not User.objects.filter(username="x").exists()


def test_administrator_gets_the_admin_site(make_user):
    admin = make_user("ad", role="administrator")
    assert admin.is_staff and admin.has_perm("accounts.add_user")
    assert can_manage_users(admin) == (True, "")


def test_permission_reason_names_the_roles(make_user):
    viewer = make_user("v", role="viewer")
    allowed, reason = can_manage_users(viewer)
    assert not allowed
    assert reason == "Chỉ Quản trị hệ thống được quản lý người dùng."
    assert has_role(viewer, Role.VIEWER)
