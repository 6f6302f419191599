"""Provisioning users and their role assignments."""

from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from khuyencong.accounts.models import Role, RoleAssignment, User
from khuyencong.core.audit import AuditAction, audit_record
from khuyencong.geo.models import Hierarchy
from khuyencong.geo.selectors import unit_get

ADMIN_GROUP = "Quản trị hệ thống"


@dataclass
class UserAddResult:
    user: User
    assignment: RoleAssignment
    password: str | None
    created: bool


def _admin_group() -> Group:
    group, _created = Group.objects.get_or_create(name=ADMIN_GROUP)
    group.permissions.set(Permission.objects.all())
    return group


@transaction.atomic
def user_add(
    *,
    username: str,
    role: str,
    unit_code: str | None,
    hierarchy: str = Hierarchy.CURRENT,
    password: str | None = None,
    full_name: str = "",
    actor=None,
    password_hash: str | None = None,
) -> UserAddResult:
    """Create the user if new, and give them `role` over the unit (and everything below it). `password_hash`
    (from `make_password`) sets a password hashed once for many accounts (the demo's shared password)."""
    if role not in Role.values:
        raise ValidationError(
            _("Vai trò “%(role)s” không tồn tại. Chọn một trong: %(roles)s.")
            % {"role": role, "roles": ", ".join(Role.values)}
        )
    unit = unit_get(code=unit_code, hierarchy=hierarchy) if unit_code else None
    user = User.objects.filter(username=username).first()
    created = user is None
    if created:
        password = password or get_random_string(14)
        user = User(username=username, full_name=full_name)
        if password_hash:
            user.password = password_hash
        else:
            user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save()
        audit_record(actor=actor, obj=user, action=AuditAction.CREATE, summary=f"Tạo tài khoản {username}")
    elif password:
        user.set_password(password)
        user.save(update_fields=["password"])
    if role == Role.ADMINISTRATOR and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
        user.groups.add(_admin_group())
    assignment, _new = RoleAssignment.objects.get_or_create(user=user, role=role, unit=unit)
    audit_record(actor=actor, obj=user, action=AuditAction.UPDATE, summary=f"Phân quyền: {assignment}")
    return UserAddResult(user=user, assignment=assignment, password=password, created=created)


def user_list():
    return User.objects.prefetch_related("role_assignments__unit").order_by("username")
