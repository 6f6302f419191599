"""Helpers shared by the registry services."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from khuyencong.accounts.scoping import unsaved_scope
from khuyencong.core.audit import snapshot
from khuyencong.core.commit import on_commit_once
from khuyencong.core.extensions import public_content_changed
from khuyencong.geo.selectors import current_commune_for, unit_successors
from khuyencong.registry.permissions import EDITOR_ROLES, in_edit_scope


def _out_of_scope() -> str:
    return _("Xã/phường này nằm ngoài địa bàn bạn được sửa.")


def ensure_edit_scope(actor, obj, field: str = "commune") -> None:
    """Inside a service's transaction, after saving: refuse a record placed outside the actor's units.

    `actor=None` is the system (CLI, import run by an administrator's command): no unit check.
    """
    if actor is None or getattr(actor, "is_superuser", False):
        return
    if not in_edit_scope(actor, obj):
        raise ValidationError({field: _out_of_scope()})


def commune_scope_problem(actor, commune, *, model) -> str | None:
    """Before saving (a form's check): a commune outside the units where the actor may edit. The same id sets
    as the import's scope check; `ensure_edit_scope` still decides after saving."""
    if actor is None or commune is None or getattr(actor, "is_superuser", False):
        return None
    allowed = unsaved_scope(model, actor, roles=EDITOR_ROLES).communes
    return None if allowed is None or commune.pk in allowed else _out_of_scope()


def clean_text(value) -> str:
    return " ".join(str(value or "").split())


def code_problem(model, code: str, exclude_pk=None, label: str = "") -> str | None:
    qs = model._default_manager.filter(code=code)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    if qs.exists():
        return _("Mã “%(code)s” đã được dùng cho %(label)s khác.") % {"code": code, "label": label}
    return None


def check_unique_code(model, code: str, exclude_pk=None, label: str = "") -> None:
    problem = code_problem(model, code, exclude_pk, label)
    if problem:
        raise ValidationError({"code": problem})


def successor_problem(commune, chosen) -> str | None:
    """The current commune chosen for a record of an old commune must be one of that commune's successors
    (only asked when the old commune was split; where the current commune is derived, the choice is ignored)."""
    if chosen is None or commune is None or current_commune_for(commune) is not None:
        return None
    return _not_a_successor(commune, chosen)


def _not_a_successor(commune, chosen) -> str | None:
    successors = list(unit_successors(commune))
    if chosen in successors:
        return None
    return _("%(chosen)s không phải là xã/phường kế thừa của %(old)s. Chọn một trong: %(list)s.") % {
        "chosen": chosen.label, "old": commune.label, "list": ", ".join(u.label for u in successors)}


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
    problem = _not_a_successor(record.commune, chosen)
    if problem:
        raise ValidationError({"current_commune": problem})
    record.current_commune = chosen


def created_changes(obj, fields) -> dict:
    """The audit changes of a new record: each field that has a value, as [None, value]."""

    return {name: [None, value] for name, value in snapshot(obj, fields).items() if value not in (None, "")}


def _announce_public_change() -> None:
    public_content_changed()


def public_changed() -> None:
    """After this transaction commits, tell whoever shows registry records to the public (the portal's page
    cache) that they may have changed; once per transaction however many rows changed."""
    on_commit_once(_announce_public_change)
