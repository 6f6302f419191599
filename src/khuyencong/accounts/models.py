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
    EDITOR = "editor", _("Biên tập viên")


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


class ApiToken(models.Model):
    """A machine client's key to the API. Only a hash of the secret is stored: the token is shown once, when it
    is made. The token reads "kc_<prefix>_<secret>"; the prefix finds the row, the secret's SHA-256 proves it."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens",
                             verbose_name=_("người dùng"))
    name = models.CharField(_("tên khóa"), max_length=100)
    prefix = models.CharField(_("tiền tố"), max_length=16, unique=True)
    digest = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    expires_at = models.DateTimeField(_("hết hạn lúc"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("khóa API")
        verbose_name_plural = _("khóa API")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
