"""Writes of targets: create, change, delete; one transaction with an audit row each. Bounds are in the
indicator's unit (percent as percent: 12 means 12%)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from khuyencong.core.audit import AuditAction, audit_record, diff, snapshot
from khuyencong.core.periods import Period
from khuyencong.geo.models import AdminUnit
from khuyencong.indicators.catalogue import CATALOGUE
from khuyencong.indicators.models import Target
from khuyencong.indicators.permissions import can_edit_targets


def _check(*, actor, indicator: str, unit: AdminUnit, low: Decimal | None, high: Decimal | None) -> None:
    allowed, reason = can_edit_targets(actor, unit)
    if not allowed:
        raise ValidationError(reason, code="forbidden")
    errors = {}
    if indicator not in CATALOGUE:
        errors["indicator"] = _("Không có chỉ tiêu “%(code)s”.") % {"code": indicator}
    if low is None and high is None:
        errors["low"] = _("Cần ít nhất một mức: mức thấp hoặc mức cao.")
    elif low is not None and high is not None and low > high:
        errors["high"] = _("Mức cao nhỏ hơn mức thấp.")
    if errors:
        raise ValidationError(errors)


def _duplicate(indicator, unit, period) -> ValidationError:
    return ValidationError({"indicator": _("Đã có mục tiêu “%(name)s” cho %(unit)s, kỳ %(period)s.") % {
        "name": CATALOGUE[indicator].name, "unit": unit.label, "period": period.label}})


def target_create(*, actor, indicator: str, unit: AdminUnit, period: Period, low: Decimal | None = None,
                  high: Decimal | None = None, note: str = "") -> Target:
    _check(actor=actor, indicator=indicator, unit=unit, low=low, high=high)
    try:
        with transaction.atomic():
            target = Target.objects.create(indicator=indicator, unit=unit, start_year=period.start,
                                           end_year=period.end, low=low, high=high, note=note.strip(),
                                           created_by=actor if getattr(actor, "pk", None) else None)
            audit_record(actor=actor, obj=target, action=AuditAction.CREATE, changes=diff({}, snapshot(target)),
                         summary=f"{indicator} {unit.code} {period}")
    except IntegrityError:
        raise _duplicate(indicator, unit, period) from None
    return target


def target_update(*, actor, target: Target, indicator: str, unit: AdminUnit, period: Period,
                  low: Decimal | None = None, high: Decimal | None = None, note: str = "") -> Target:
    allowed, reason = can_edit_targets(actor, target.unit)
    if not allowed:
        raise ValidationError(reason, code="forbidden")
    _check(actor=actor, indicator=indicator, unit=unit, low=low, high=high)
    try:
        with transaction.atomic():
            locked = Target.objects.select_for_update().get(pk=target.pk)
            before = snapshot(locked)
            locked.indicator, locked.unit, locked.low, locked.high = indicator, unit, low, high
            locked.start_year, locked.end_year, locked.note = period.start, period.end, note.strip()
            locked.save()
            changes = diff(before, snapshot(locked))
            if changes:
                audit_record(actor=actor, obj=locked, action=AuditAction.UPDATE, changes=changes,
                             summary=f"{indicator} {unit.code} {period}")
    except IntegrityError:
        raise _duplicate(indicator, unit, period) from None
    return locked


def target_delete(*, actor, target: Target) -> None:
    allowed, reason = can_edit_targets(actor, target.unit)
    if not allowed:
        raise ValidationError(reason, code="forbidden")
    with transaction.atomic():
        removed = {name: [value, None] for name, value in snapshot(target).items()}
        audit_record(actor=actor, obj=target, action=AuditAction.DELETE, changes=removed,
                     summary=f"{target.indicator} {target.unit.code} {target.start_year}-{target.end_year}")
        target.delete()
