"""Writing and reading the change log. Services call `audit_record` inside their transaction."""

import datetime
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext as _

from khuyencong.core.formatting import (
    format_date,
    format_datetime,
    format_number,
    format_vnd_exact,
    is_money_name,
    is_year_name,
)
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


# Columns that record how a row is stored, not what a person changed; a model may hide more by listing them
# in `history_hidden_fields`.
TECHNICAL_FIELDS = frozenset({"created_at", "updated_at", "created_by", "version", "match_name", "folded_name"})
TECHNICAL_PREFIXES = ("search_",)


def is_technical(name: str, model=None) -> bool:
    return (name in TECHNICAL_FIELDS or name.startswith(TECHNICAL_PREFIXES)
            or name in getattr(model, "history_hidden_fields", ()))


def model_field(model, key: str):
    """The field a change key names: the field itself, or the one an import column writes ("commune_code",
    "commune_id" → commune). None for keys that are not fields ("check", "2015: số hộ")."""
    if model is None:
        return None
    for name in dict.fromkeys((key, key.removesuffix("_id"), key.removesuffix("_code"))):
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if getattr(field, "concrete", False) or field.many_to_many:
            return field
    return None


def _as_bool(value):
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    return {"true": True, "1": True, "có": True, "false": False, "0": False, "không": False}.get(text)


def _as_datetime(value):
    if isinstance(value, datetime.datetime):
        return value
    try:
        return datetime.datetime.fromisoformat(str(value))
    except ValueError:
        return None


def _number(value, name: str, money: bool) -> str:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)  # a masked "19**" or an old text value
    if is_year_name(name):
        return str(value)
    return format_vnd_exact(number) if money else format_number(number)


def field_display(field, value, name: str = ""):
    """A stored value (a snapshot's, an import's raw code, an old row's text) as the page shows it, through the
    formatter of its field: choice label, Có/Không, 1.350 / 626,5, money in đồng, dd/mm/yyyy [HH:MM], the
    object a reference points to (or its id when it is gone). None for an empty value."""
    if value is None or value == "" or value == []:
        return None
    if isinstance(value, list):
        return "; ".join(str(field_display(field, v, name) or "—") for v in value)
    name = name or getattr(field, "name", "")
    if field is None:
        return _guess(value, name)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        flag = _as_bool(value)
        return str(value) if flag is None else (_("Có") if flag else _("Không"))
    if isinstance(field, models.DateTimeField):
        stamp = _as_datetime(value)
        return format_datetime(stamp) if stamp else str(value)
    if isinstance(field, models.DateField):
        stamp = _as_datetime(value)
        return format_date(stamp) if stamp else str(value)
    if field.is_relation and not field.many_to_many:
        if isinstance(value, int) and not isinstance(value, bool):
            found = field.related_model._default_manager.filter(pk=value).first()
            return str(found) if found is not None else str(value)
        return str(value)
    if isinstance(field, (models.IntegerField, models.DecimalField, models.FloatField)):
        return _number(value, name, money=isinstance(field, models.BigIntegerField) or is_money_name(name))
    return str(value)


def _guess(value, name: str):
    """A key that is no field of the model: read the value by its type and the key's name."""
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, (int, float, Decimal)):
        if is_money_name(name):
            return format_vnd_exact(value)
        return format_number(value) if abs(value) >= 10_000 or not isinstance(value, int) else str(value)
    if isinstance(value, str) and len(value) >= 10 and value[4:5] == "-" and value[7:8] == "-":
        stamp = _as_datetime(value)
        if stamp is not None:
            return format_date(stamp) if len(value) == 10 else format_datetime(stamp)
    return str(value)


def shown(value, field=None, name: str = ""):
    """Kept for callers that have no field: field_display without one."""
    return field_display(field, value, name)


def _entry_model(entry, default):
    """The model of the entry's object (a page may list entries of several models), else the page's model."""
    if entry.content_type_id is None:
        return default
    return ContentType.objects.get_for_id(entry.content_type_id).model_class() or default


def history_rows(entries, *, model=None, labels: dict | None = None, fields: dict | None = None) -> list[dict]:
    """Audit entries (newest first) for core/_history.html: each change labelled with the field's Vietnamese
    name and its values shown through the field's formatter; technical columns left out.

    `labels` and `fields` name keys that are not fields of the entry's model ("certificate", "2015: households").
    A change key starting with "_" is data for the page (an id to link to), not a field, and is not listed; an app
    may add `row["link"] = {"url", "label"}`.
    """
    labels, fields = labels or {}, fields or {}
    rows = []
    for entry in entries:
        entry_model = _entry_model(entry, model)
        changes = []
        for key, pair in (entry.changes or {}).items():
            field = fields.get(key) or model_field(entry_model, key)
            technical = is_technical(key, entry_model) or (field is not None and is_technical(field.name, entry_model))
            if key.startswith("_") or technical:
                continue
            old, new = (pair + [None, None])[:2] if isinstance(pair, list) else (None, pair)
            name = field.name if field is not None else key
            old, new = field_display(field, old, name), field_display(field, new, name)
            if old is None and new is None:
                continue
            label = labels.get(key) or (str(field.verbose_name) if field is not None else key)
            changes.append({"label": label, "old": old, "new": new})
        rows.append({"entry": entry, "changes": changes})
    return rows


__all__ = ["AuditAction", "audit_history", "audit_record", "diff", "field_display", "history_rows", "is_technical",
           "model_field", "shown", "snapshot"]
