"""The public directory's consent: an establishment agrees to be named in the portal, with the address and phone
it agreed to publish. When and by whom are recorded by the service, never typed."""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khuyencong.core.audit import AuditAction, audit_record, diff, snapshot
from khuyencong.registry.models import Establishment
from khuyencong.registry.services.common import clean_text, ensure_edit_scope, public_changed

LISTING_FIELDS = ["public_listing", "public_listing_at", "public_listing_by", "public_address", "public_phone"]
# Digits with spaces, dots, dashes or brackets, an optional leading +; 8 to 15 digits in all.
_PHONE_RE = re.compile(r"^\+?[\d .()-]+$")


def public_phone_problem(phone: str) -> str | None:
    if not phone:
        return None
    digits = sum(ch.isdigit() for ch in phone)
    if not _PHONE_RE.match(phone) or not 8 <= digits <= 15:
        return _("Số điện thoại “%(phone)s” không hợp lệ: chỉ gồm chữ số (8–15 số), có thể có dấu cách, "
                 "dấu chấm, dấu gạch ngang hoặc dấu + ở đầu.") % {"phone": phone}
    return None


@transaction.atomic
def establishment_listing_set(*, actor, establishment: Establishment, public_listing: bool,
                              public_address: str = "", public_phone: str = "") -> Establishment:
    """Record (or withdraw) the establishment's consent to be listed in the public directory.

    Giving consent stores today's time and the actor; changing the published address or phone keeps the date of
    the consent. Withdrawing it clears the published fields too: nothing of it stays public. The audit row keeps
    every step."""
    est = Establishment.objects.select_for_update().get(pk=establishment.pk)
    ensure_edit_scope(actor, est)
    before, was_listed = snapshot(est, LISTING_FIELDS), est.public_listing
    address, phone = clean_text(public_address), clean_text(public_phone)
    if public_listing:
        problem = public_phone_problem(phone)
        if problem:
            raise ValidationError({"public_phone": problem})
        if not est.public_listing:
            est.public_listing_at = timezone.now()
            est.public_listing_by = actor if getattr(actor, "is_authenticated", False) else None
        est.public_listing, est.public_address, est.public_phone = True, address, phone
    else:
        est.public_listing, est.public_listing_at, est.public_listing_by = False, None, None
        est.public_address = est.public_phone = ""
    est.full_clean()
    est.save(update_fields=[*LISTING_FIELDS, "updated_at"])
    changed = diff(before, snapshot(est, LISTING_FIELDS))
    if changed:
        if est.public_listing and not was_listed:
            summary = _("Ghi nhận đồng ý công khai cơ sở %(code)s") % {"code": est.code}
        elif not est.public_listing:
            summary = _("Rút đồng ý công khai cơ sở %(code)s") % {"code": est.code}
        else:
            summary = _("Sửa thông tin công khai cơ sở %(code)s") % {"code": est.code}
        audit_record(actor=actor, obj=est, action=AuditAction.UPDATE, changes=changed, summary=summary)
        public_changed()
    return est
