"""Writes of reported data: enter a value, send it for approval, approve it, unlock it. Each is one transaction
with an audit row; a refused action raises ValidationError with the reason and changes nothing.

States: draft → submitted → approved. Entering a value (new, or changing a draft or submitted one) leaves it a
draft. An approved value is locked: only an approver unlocks it, with a reason, and it becomes a draft again.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khuyencong.core.audit import AuditAction, audit_record, diff, snapshot
from khuyencong.core.periods import FIRST_YEAR, LAST_YEAR
from khuyencong.geo.models import AdminUnit
from khuyencong.indicators.models import DataElement, DataValue, ValueState
from khuyencong.indicators.permissions import (
    can_approve_value,
    can_enter_data,
    can_submit_value,
    can_unlock_value,
)

MAX_VALUE = Decimal(10) ** 19  # the column holds 20 digits before the decimal point


def _refuse(decision) -> None:
    allowed, reason = decision
    if not allowed:
        raise ValidationError(reason, code="forbidden")


def _check(*, year: int, value: Decimal) -> None:
    errors = {}
    if not FIRST_YEAR <= year <= LAST_YEAR:
        errors["year"] = _("Năm %(year)s không hợp lệ: viết một năm từ %(first)s đến %(last)s.") % {
            "year": year, "first": FIRST_YEAR, "last": LAST_YEAR}
    if abs(value) >= MAX_VALUE:
        errors["value"] = _("Giá trị quá lớn.")
    if errors:
        raise ValidationError(errors)


def data_value_save(*, actor, element: DataElement, unit: AdminUnit, year: int, value: Decimal,
                    comment: str | None = None) -> DataValue:
    """Create or change the value of `element` for `unit` and `year` (a draft afterwards)."""
    _check(year=year, value=value)
    _refuse(can_enter_data(actor, unit))
    with transaction.atomic():
        existing = (DataValue.objects.select_for_update(of=("self",)).select_related("approved_by")
                    .filter(element=element, unit=unit, year=year).first())
        if existing is None:
            obj = DataValue.objects.create(element=element, unit=unit, year=year, value=value,
                                           comment=(comment or "").strip(), entered_by=_user(actor))
            audit_record(actor=actor, obj=obj, action=AuditAction.CREATE, changes=diff({}, snapshot(obj)),
                         summary=f"{element.code} {unit.code} {year}")
            return obj
        _refuse(can_enter_data(actor, existing))
        before = snapshot(existing)
        existing.value = value
        if comment is not None:
            existing.comment = comment.strip()
        changes = diff(before, snapshot(existing))
        if not changes:
            return existing
        existing.state = ValueState.DRAFT
        existing.entered_by = _user(actor)
        existing.save()
        audit_record(actor=actor, obj=existing, action=AuditAction.UPDATE, changes=diff(before, snapshot(existing)),
                     summary=f"{element.code} {unit.code} {year}")
        return existing


def _transition(*, actor, value: DataValue, decision, to: str, summary: str, extra: dict | None = None) -> DataValue:
    with transaction.atomic():
        # of=self: PostgreSQL locks no row of the outer-joined approver
        locked = (DataValue.objects.select_for_update(of=("self",))
                  .select_related("unit", "element", "approved_by").get(pk=value.pk))
        if locked.state != value.state:
            raise ValidationError(_("Số liệu vừa được người khác xử lý (nay là “%(state)s”); hãy tải lại trang.")
                                  % {"state": locked.get_state_display()})
        _refuse(decision(actor, locked))
        before = snapshot(locked)
        locked.state = to
        if to == ValueState.APPROVED:
            locked.approved_by, locked.approved_at = _user(actor), timezone.now()
        elif to == ValueState.DRAFT:
            locked.approved_by, locked.approved_at = None, None
        locked.save()
        audit_record(actor=actor, obj=locked, action=AuditAction.TRANSITION,
                     changes={**diff(before, snapshot(locked)), **(extra or {})}, summary=summary)
    return locked


def data_value_submit(*, actor, value: DataValue) -> DataValue:
    return _transition(actor=actor, value=value, decision=can_submit_value, to=ValueState.SUBMITTED,
                       summary=_("Gửi duyệt"))


def data_value_approve(*, actor, value: DataValue) -> DataValue:
    return _transition(actor=actor, value=value, decision=can_approve_value, to=ValueState.APPROVED,
                       summary=_("Duyệt"))


def data_value_unlock(*, actor, value: DataValue, reason: str) -> DataValue:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Ghi lý do mở khoá.")})
    return _transition(actor=actor, value=value, decision=can_unlock_value, to=ValueState.DRAFT,
                       summary=_("Mở khoá: %(reason)s") % {"reason": reason}, extra={"unlock_reason": [None, reason]})


def data_values_submit_all(*, actor, unit: AdminUnit, years) -> int:
    """Send every draft of `unit` in `years` that the actor may send; returns how many were sent."""
    sent = 0
    for value in DataValue.objects.filter(unit=unit, year__in=list(years), state=ValueState.DRAFT).select_related(
            "unit", "element"):
        if can_submit_value(actor, value)[0]:
            data_value_submit(actor=actor, value=value)
            sent += 1
    return sent


def _user(actor):
    return actor if getattr(actor, "pk", None) is not None else None


__all__ = ["data_value_approve", "data_value_save", "data_value_submit", "data_value_unlock",
           "data_values_submit_all"]
