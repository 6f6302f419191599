"""Helpers shared by the registry services."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from khuyencong.core.audit import snapshot
from khuyencong.geo.selectors import unit_successors
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


def place_current_commune(record, *, chosen=None, previous=None) -> None:
    """After `apply_derived`: an old commune split among several new ones has no derived current commune.

    The officer's choice (`chosen`) must be one of its successors; without a new choice, an earlier choice
    (`previous`, same commune) is kept. Where the current commune is derived, it wins.
    """

    if record.current_commune_id is not None or record.commune_id is None:
        return
    if chosen is None:
        if previous is not None:
            record.current_commune = previous
        return
    successors = list(unit_successors(record.commune))
    if chosen not in successors:
        raise ValidationError({"current_commune": _(
            "%(chosen)s không phải là xã/phường kế thừa của %(old)s. Chọn một trong: %(list)s."
        ) % {"chosen": chosen.label, "old": record.commune.label, "list": ", ".join(u.label for u in successors)}})
    record.current_commune = chosen


def created_changes(obj, fields) -> dict:
    """The audit changes of a new record: each field that has a value, as [None, value]."""

    return {name: [None, value] for name, value in snapshot(obj, fields).items() if value not in (None, "")}
