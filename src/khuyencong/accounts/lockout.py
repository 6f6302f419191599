"""Login lockout on username and address together, so a stranger typing wrong passwords locks out only their own
address, never the approver at the Centre; plus a longer per-username threshold against guessing one account's
password from many addresses.

django-axes compares every lockout parameter group with one limit (AXES_FAILURE_LIMIT), so the two thresholds
are made by `lockout_parameters`, axes' AXES_LOCKOUT_PARAMETERS callable: username + address normally, the
username alone once that username has AXES_USERNAME_FAILURE_LIMIT failures (all addresses, within the
cool-off), which locks it from everywhere until the cool-off ends.
"""

from django.conf import settings
from django.db.models import Sum
from django.utils import timezone

COMBINED = [["username", "ip_address"]]
USERNAME = ["username"]


def username_failures(username: str | None) -> int:
    from axes.helpers import get_cool_off
    from axes.models import AccessAttempt

    if not username:
        return 0
    attempts = AccessAttempt.objects.filter(username=username)
    cool_off = get_cool_off()
    if cool_off is not None:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def _username(request_or_attempt, credentials) -> str | None:
    from axes.helpers import get_client_username

    if hasattr(request_or_attempt, "failures_since_start"):  # axes passes an AccessAttempt when resetting
        return request_or_attempt.username
    return get_client_username(request_or_attempt, credentials)


def lockout_parameters(request_or_attempt, credentials=None) -> list:
    if username_failures(_username(request_or_attempt, credentials)) >= settings.AXES_USERNAME_FAILURE_LIMIT:
        return USERNAME
    return COMBINED


def remaining_tries(request, username: str) -> int:
    """Failed logins left before this username is locked at this address (or everywhere, whichever is first)."""
    from axes.handlers.proxy import AxesProxyHandler

    credentials = {settings.AXES_USERNAME_FORM_FIELD: username}
    here = AxesProxyHandler.get_failures(request, credentials)
    return max(0, min(settings.AXES_FAILURE_LIMIT - here,
                      settings.AXES_USERNAME_FAILURE_LIMIT - username_failures(username)))
