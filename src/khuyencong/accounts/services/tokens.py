"""API tokens: made (the secret shown once), revoked, and checked for the API's authentication.

A token reads "kc_<prefix>_<secret>". Only the SHA-256 of the secret is kept, so a copy of the database gives
no working token; the prefix (unique, not secret) finds the row in one indexed look-up.
"""

import datetime
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khuyencong.accounts.models import ApiToken, User
from khuyencong.core.audit import AuditAction, audit_record

TOKEN_PREFIX = "kc_"
MAX_DAYS = 3650
# last_used_at is written at most once a minute per token: a busy client does not write on every request.
LAST_USED_STEP = datetime.timedelta(minutes=1)


class TokenInvalid(Exception):
    """A token that does not open the API; the message says why, in the user's language."""


@dataclass
class NewToken:
    token: ApiToken
    secret: str  # the whole token, shown once


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _may_manage(actor, user) -> bool:
    return getattr(actor, "is_superuser", False) or getattr(actor, "pk", None) == user.pk


@transaction.atomic
def token_create(*, actor, user: User, name: str, days: int | None = None) -> NewToken:
    """Make a token for `user` (themselves, or the system from the command line), valid `days` days (None: no
    expiry)."""
    if not _may_manage(actor, user):
        raise PermissionDenied(_("Chỉ chủ tài khoản được tạo khóa API cho mình."))
    name = " ".join((name or "").split())
    errors = {}
    if not name:
        errors["name"] = _("Cần đặt tên cho khóa (ví dụ: “máy nhập liệu”).")
    if days is not None and not 1 <= days <= MAX_DAYS:
        errors["days"] = _("Số ngày hiệu lực phải từ 1 đến %(max)s.") % {"max": MAX_DAYS}
    if errors:
        raise ValidationError(errors)
    prefix = secrets.token_hex(4)
    while ApiToken.objects.filter(prefix=prefix).exists():
        prefix = secrets.token_hex(4)
    secret = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    expires = timezone.now() + datetime.timedelta(days=days) if days else None
    token = ApiToken.objects.create(user=user, name=name[:100], prefix=prefix, digest=_digest(secret),
                                    expires_at=expires)
    audit_record(actor=actor, obj=user, action=AuditAction.UPDATE,
                 summary=_("Tạo khóa API “%(name)s” (%(prefix)s…)") % {"name": token.name, "prefix": prefix})
    return NewToken(token=token, secret=secret)


@transaction.atomic
def token_revoke(*, actor, token: ApiToken) -> ApiToken:
    if not _may_manage(actor, token.user):
        raise PermissionDenied(_("Chỉ chủ tài khoản được thu hồi khóa API của mình."))
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(actor=actor, obj=token.user, action=AuditAction.UPDATE,
                     summary=_("Thu hồi khóa API “%(name)s” (%(prefix)s…)") % {"name": token.name,
                                                                            "prefix": token.prefix})
    return token


def token_authenticate(secret: str) -> ApiToken:
    """The token row that `secret` opens, its user loaded; TokenInvalid saying why otherwise."""
    secret = (secret or "").strip()
    parts = secret[len(TOKEN_PREFIX):].split("_", 1) if secret.startswith(TOKEN_PREFIX) else []
    token = None
    if len(parts) == 2:
        token = ApiToken.objects.select_related("user").filter(prefix=parts[0]).first()
    if token is None or not hmac.compare_digest(token.digest, _digest(secret)):
        raise TokenInvalid(_("Khóa API không đúng."))
    now = timezone.now()
    if token.revoked_at is not None:
        raise TokenInvalid(_("Khóa API đã bị thu hồi."))
    if token.expires_at is not None and token.expires_at <= now:
        raise TokenInvalid(_("Khóa API đã hết hạn."))
    if not token.user.is_active:
        raise TokenInvalid(_("Tài khoản của khóa API này đã bị khóa."))
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_STEP:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def tokens_of(user) -> list[ApiToken]:
    return list(ApiToken.objects.filter(user=user))
