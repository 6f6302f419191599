"""Writing and reading the change log. Services call `audit_record` inside their transaction."""

import datetime
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models

from khuyencong.core.formatting import format_date, format_number
from khuyencong.core.models import AuditAction, AuditEntry


def _display(instance: models.Model, field: models.Field):
    value = getattr(instance, field.name)
    if value is None:
        return None
    if field.choices:
        return str(getattr(instance, f"get_{field.name}_display")())
    if isinstance(field, models.ForeignKey):
        return str(value)
    if isinstance(value, (int, float, bool, str)):
        return value
    return str(value)


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict:
    """The displayed value of each concrete field, to diff before and after a change."""
    chosen = set(fields) if fields else None
    return {
        f.name: _display(instance, f)
        for f in instance._meta.concrete_fields
        if not f.primary_key and (chosen is None or f.name in chosen)
    }


def diff(before: dict, after: dict) -> dict:
    return {name: [before.get(name), value] for name, value in after.items() if before.get(name) != value}


def audit_record(
    *, actor, obj: models.Model, action: str, changes: dict | None = None, summary: str = ""
) -> AuditEntry:
    return AuditEntry.objects.create(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=str(obj.pk),
        actor=actor if getattr(actor, "is_authenticated", False) and actor.pk is not None else None,  # SYSTEM: no row
        action=action,
        changes=changes or {},
        summary=summary[:300],
    )


def audit_history(obj: models.Model):
    """Newest first, with the actor, for the object's page."""
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True), object_id=str(obj.pk)
    ).select_related("actor")


def shown(value):
    """A stored change value as a person reads it: Có/Không, dd/mm/yyyy, 1.350 (years stay 2015)."""
    from django.utils.translation import gettext as _


    if value == "":
        return None
    if value is True:
        return _("Có")
    if value is False:
        return _("Không")
    if isinstance(value, int) and abs(value) >= 10_000:
        return format_number(value)
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return format_date(datetime.date.fromisoformat(value))
        except ValueError:
            return value
    return value


def history_rows(entries, *, model=None, labels: dict | None = None) -> list[dict]:
    """Audit entries (newest first) with field names replaced by the model's Vietnamese labels and values
    shown as people read them; for core/_history.html. A change key starting with "_" is data for the page
    (an id to link to), not a field, and is not listed; an app may add `row["link"] = {"url", "label"}`."""
    names = {}
    if model is not None:
        names = {f.name: str(f.verbose_name) for f in [*model._meta.fields, *model._meta.many_to_many]}
    names.update(labels or {})
    rows = []
    for entry in entries:
        changes = []
        for name, pair in (entry.changes or {}).items():
            if name.startswith("_"):
                continue
            old, new = (pair + [None, None])[:2] if isinstance(pair, list) else (None, pair)
            changes.append({"label": names.get(name, name), "old": shown(old), "new": shown(new)})
        rows.append({"entry": entry, "changes": changes})
    return rows


__all__ = ["AuditAction", "audit_history", "audit_record", "diff", "history_rows", "shown", "snapshot"]
