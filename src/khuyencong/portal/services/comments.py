"""Reader comments ("Ý kiến bạn đọc"): a reader sends, an editor or approver approves, rejects or marks spam.

A comment is plain text: text with HTML tags is refused (and templates escape whatever is stored). One address may
send `PORTAL_COMMENTS_PER_ADDRESS` comments per `PORTAL_COMMENTS_WINDOW` seconds (counted in the cache under a
keyed hash of the address; the address itself is never stored).
"""

import hashlib
import hmac
import re

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khuyencong.core.audit import audit_record, diff, snapshot
from khuyencong.core.models import AuditAction
from khuyencong.portal import caching, selectors
from khuyencong.portal.models import Article, Comment, CommentState
from khuyencong.portal.permissions import can_moderate_comments

# "<b>", "</p>", "<!-- x -->", "<script …>": a tag starts with a letter, "/", "!" or "?" right after "<"; so
# "3 < 5 và 7 > 2" is still allowed.
_TAG = re.compile(r"<\s*[/!?]?\s*[a-zA-Z][^>]*>|<!--")

# The actions of the moderation queue and the state each leads to.
ACTIONS = {"approve": CommentState.APPROVED, "reject": CommentState.REJECTED, "spam": CommentState.SPAM}


def has_tags(text: str) -> bool:
    return bool(_TAG.search(text or ""))


def tags_message() -> str:
    return _("Ý kiến chỉ được viết bằng chữ thường, không chứa thẻ HTML (như <b>, <a>, <script>).")


def rate_message() -> str:
    return _("Bạn gửi ý kiến quá nhanh, vui lòng thử lại sau ít phút.")


def address_hash(address: str) -> str:
    """A keyed hash of the sender's address: the same address gives the same hash; it cannot be reversed."""
    return hmac.new(settings.SECRET_KEY.encode(), f"portal-comment:{address}".encode(), hashlib.sha256).hexdigest()


def _rate_key(hashed: str) -> str:
    return f"portal:comments:rate:{hashed}"


def over_rate(hashed: str) -> bool:
    return (cache.get(_rate_key(hashed)) or 0) >= settings.PORTAL_COMMENTS_PER_ADDRESS


def _count_for_rate(hashed: str) -> None:
    key = _rate_key(hashed)
    cache.add(key, 0, settings.PORTAL_COMMENTS_WINDOW)  # the window starts at the first comment
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, settings.PORTAL_COMMENTS_WINDOW)


def _plain(text: str) -> str:
    return "\n".join(line.rstrip() for line in (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n"))


@transaction.atomic
def comment_submit(*, article: Article, name: str, email: str, text: str, address: str) -> Comment:
    """A reader's comment, pending moderation. Raises ValidationError (nothing stored) when refused."""
    if not selectors.public_articles().filter(pk=article.pk).exists():
        raise ValidationError(_("Bài tin này không nhận ý kiến."))
    errors = {}
    if has_tags(name):
        errors["name"] = tags_message()
    if has_tags(text):
        errors["text"] = tags_message()
    if errors:
        raise ValidationError(errors)
    hashed = address_hash(address)
    if over_rate(hashed):
        raise ValidationError(rate_message())
    comment = Comment(article=article, name=(name or "").strip(), email=(email or "").strip(),
                      text=_plain(text).strip(), address_hash=hashed)
    comment.full_clean()
    comment.save()
    audit_record(actor=None, obj=comment, action=AuditAction.CREATE,
                 summary=_("Ý kiến bạn đọc về “%(title)s”") % {"title": article.title})
    _count_for_rate(hashed)
    return comment


@transaction.atomic
def comment_moderate(*, user, comment: Comment, action: str) -> Comment:
    """Approve, reject or mark as spam (any state may be changed again: an approved comment can be withdrawn)."""
    allowed, reason = can_moderate_comments(user)
    if not allowed:
        raise PermissionDenied(reason)
    if action not in ACTIONS:
        raise ValidationError(_("Thao tác không hợp lệ."))
    comment = Comment.objects.select_for_update().select_related("article").get(pk=comment.pk)
    before = snapshot(comment, ["state"])
    comment.state = ACTIONS[action]
    comment.moderated_by = user
    comment.moderated_at = timezone.now()
    comment.full_clean()
    comment.save(update_fields=["state", "moderated_by", "moderated_at"])
    audit_record(actor=user, obj=comment, action=AuditAction.TRANSITION,
                 changes=diff(before, snapshot(comment, ["state"])),
                 summary=f"{comment.get_state_display()}: {comment.name}")
    transaction.on_commit(caching.invalidate_public_pages)
    return comment
