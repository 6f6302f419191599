"""Users and their roles, each role held over an administrative unit and everything below it."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Quản trị hệ thống")
    CENTRE_STAFF = "centre_staff", _("Cán bộ Trung tâm")
    APPROVER = "approver", _("Lãnh đạo phê duyệt")
    LOCAL_OFFICER = "local_officer", _("Cán bộ địa phương")
    VIEWER = "viewer", _("Người xem")


class User(AbstractUser):
    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self) -> str:
        return self.full_name or self.username

    @cached_property
    def assignments(self) -> list["RoleAssignment"]:
        return list(self.role_assignments.select_related("unit"))

    @cached_property
    def roles(self) -> set[str]:
        return {a.role for a in self.assignments}


class RoleAssignment(models.Model):
    """A role over a unit. No unit means the whole country (for a national deployment's staff)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("vai trò"), max_length=16, choices=Role.choices)
    unit = models.ForeignKey(
        "geo.AdminUnit", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("đơn vị"),
    )

    class Meta:
        verbose_name = _("phân quyền")
        verbose_name_plural = _("phân quyền")
        constraints = [models.UniqueConstraint(fields=["user", "role", "unit"], name="accounts_assignment_unique")]

    def __str__(self) -> str:
        return f"{self.get_role_display()} — {self.unit.label if self.unit else _('toàn quốc')}"
