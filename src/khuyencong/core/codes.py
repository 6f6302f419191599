"""Codes: automatic codes for records created without one (CS-000123, KC-2026-0001), and the one message for a
code that names no record the user may see.

One `CodeSequence` row per (prefix, year) holds the last number handed out. The allocator locks that row
(`SELECT … FOR UPDATE`) inside the caller's transaction, so two creations running at once wait for each
other and never get the same number; the lock is held until the record is committed. Codes already taken
(given by an import or typed by hand in the same pattern) are skipped.
"""

from django.db import transaction
from django.db.models.functions import Length
from django.utils.translation import gettext as _

from khuyencong.core.models import CodeSequence

# How many following numbers are checked against the table in one query before jumping past the highest
# code already in the pattern.
_PROBE = 20


def code_format(prefix: str, number: int, *, width: int, year: int | None = None) -> str:
    """CS-000123 (no year) or KC-2026-0001."""
    return f"{prefix}-{year}-{number:0{width}d}" if year else f"{prefix}-{number:0{width}d}"


def _highest_taken(model, field: str, head: str, length: int) -> int:
    """The highest number among the table's codes of the pattern (fixed width, so text order is number order)."""
    codes = (model._default_manager.annotate(_code_length=Length(field))
             .filter(**{f"{field}__startswith": head, "_code_length": length})
             .order_by(f"-{field}").values_list(field, flat=True))
    for code in codes[:50]:
        tail = code[len(head):]
        if tail.isdigit():
            return int(tail)
    return 0


def code_allocate(*, model, prefix: str, width: int, year: int | None = None, field: str = "code") -> str:
    """The next free code of the pattern for `model` (call it inside the transaction that saves the record)."""
    with transaction.atomic():
        CodeSequence.objects.bulk_create([CodeSequence(prefix=prefix, year=year or 0)], ignore_conflicts=True)
        sequence = CodeSequence.objects.select_for_update().get(prefix=prefix, year=year or 0)
        number = sequence.last
        while True:
            candidates = [code_format(prefix, number + i, width=width, year=year) for i in range(1, _PROBE + 1)]
            taken = set(model._default_manager.filter(**{f"{field}__in": candidates})
                        .values_list(field, flat=True))
            free = next((i for i, code in enumerate(candidates, 1) if code not in taken), None)
            if free is not None:
                number += free
                break
            head = code_format(prefix, 0, width=width, year=year)[:-width]
            number = max(number + _PROBE, _highest_taken(model, field, head, len(candidates[0])))
        sequence.last = number
        sequence.save(update_fields=["last"])
    return code_format(prefix, number, width=width, year=year)


def unknown_code(what, codes) -> str:
    """“Không tìm thấy cơ sở có mã “X”, “Y”.” A code outside the user's scope gets exactly the message of a code
    that does not exist, so trying codes reveals nothing about other units' records."""
    codes = [codes] if isinstance(codes, str) else list(codes)
    return _("Không tìm thấy %(what)s có mã %(codes)s.") % {
        "what": what, "codes": ", ".join(f"“{code}”" for code in codes)}
