"""Trainees' personal data: the one masking function used by pages, exports and the API, and the access log.

ID numbers (CMND/CCCD) and birth years are shown in full only to users whom
`permissions.can_view_personal_data` allows; everyone else sees "0012******89" and "19**".
Every time full ID numbers are shown, a `PersonalDataAccess` row records who saw which trainees.
"""

from dataclasses import dataclass

from khuyencong.training.models import AccessPurpose, PersonalDataAccess
from khuyencong.training.permissions import can_view_personal_data

MASK = "*"


def mask_id_number(value: str | None) -> str:
    """Keep the first 4 and last 2 characters: 001234567889 → 0012******89. Short values are fully masked."""
    if not value:
        return ""
    if len(value) <= 6:
        return MASK * len(value)
    return value[:4] + MASK * (len(value) - 6) + value[-2:]


def mask_birth_year(value: int | None) -> str:
    """Keep the century: 1987 → 19**."""
    if value is None:
        return ""
    text = str(value)
    return text[:2] + MASK * (len(text) - 2)


@dataclass(frozen=True)
class PersonalView:
    """What may be shown of one trainee's personal data."""

    id_number: str
    birth_year: str
    full: bool


def personal_view(trainee, *, full: bool) -> PersonalView:
    """THE masking rule. `full` comes from permissions.can_view_personal_data for this user and class."""
    if full:
        year = "" if trainee.birth_year is None else str(trainee.birth_year)
        return PersonalView(id_number=trainee.id_number or "", birth_year=year, full=True)
    return PersonalView(
        id_number=mask_id_number(trainee.id_number), birth_year=mask_birth_year(trainee.birth_year), full=False
    )


def log_personal_access(*, actor, trainees, purpose: str = AccessPurpose.PAGE, training_class=None, path: str = ""):
    """Record that `actor` was shown the full ID numbers of `trainees`; nothing is logged when none had one."""
    ids = [t.pk for t in trainees if t.id_number]
    if not ids:
        return None
    return PersonalDataAccess.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        purpose=purpose,
        training_class=training_class,
        trainee_ids=ids,
        trainee_count=len(ids),
        path=path[:300],
    )


def personal_rows(*, user, training_class, trainees, purpose: str = AccessPurpose.PAGE, path: str = ""):
    """(trainee, PersonalView) for each trainee of one class as `user` may see them, logging full views.

    The one entry point for showing a roster: the class page uses it, and the API will.
    """

    trainees = list(trainees)
    full = can_view_personal_data(user, training_class)[0]
    if full:
        log_personal_access(actor=user, trainees=trainees, purpose=purpose, training_class=training_class, path=path)
    return [(t, personal_view(t, full=full)) for t in trainees], full
