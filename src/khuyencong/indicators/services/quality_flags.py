"""Writes of the data-quality flags a person makes: mark a flag "đã kiểm tra" with a comment (audited). The flags
themselves are written by the scan (`indicators/quality.py`)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khuyencong.core.audit import AuditAction, audit_record, diff, snapshot
from khuyencong.indicators.models import FlagState, QualityFlag
from khuyencong.indicators.permissions import can_check_flag

TRACKED = ("state", "checked_by", "checked_at", "comment")


def flag_check(*, actor, flag: QualityFlag, comment: str) -> QualityFlag:
    """Mark an open flag checked: the figure was verified (it is right, or was corrected elsewhere) — the comment
    says what was checked and the conclusion. Refused without a comment, outside the actor's units or role, or
    for a flag that is not open."""
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Ghi nhận xét: đã kiểm tra gì, số liệu đúng hay đã sửa ở đâu.")})
    with transaction.atomic():
        flag = QualityFlag.objects.select_for_update().get(pk=flag.pk)
        allowed, reason = can_check_flag(actor, flag)
        if not allowed:
            raise ValidationError(reason, code="forbidden")
        before = snapshot(flag, TRACKED)
        flag.state, flag.checked_by, flag.checked_at, flag.comment = (
            FlagState.CHECKED, actor if getattr(actor, "pk", None) else None, timezone.now(), comment)
        flag.save(update_fields=list(TRACKED))
        audit_record(actor=actor, obj=flag, action=AuditAction.UPDATE, changes=diff(before, snapshot(flag, TRACKED)),
                     summary=_("Đã kiểm tra: %(comment)s") % {"comment": comment})
    return flag
