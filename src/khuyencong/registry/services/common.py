"""Helpers shared by the registry services."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from khuyencong.registry.permissions import in_edit_scope


def ensure_edit_scope(actor, obj, field: str = "commune") -> None:
    """Inside a service's transaction, after saving: refuse a record placed outside the actor's units.

    `actor=None` is the system (CLI, import run by an administrator's command): no unit check.
    """
    if actor is None or getattr(actor, "is_superuser", False):
        return
    if not in_edit_scope(actor, obj):
        raise ValidationError({field: _("Xã/phường này nằm ngoài địa bàn bạn được sửa.")})


def clean_text(value) -> str:
    return " ".join(str(value or "").split())


def check_unique_code(model, code: str, exclude_pk=None, label: str = "") -> None:
    qs = model._default_manager.filter(code=code)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    if qs.exists():
        raise ValidationError(
            {"code": _("Mã “%(code)s” đã được dùng cho %(label)s khác.") % {"code": code, "label": label}}
        )
