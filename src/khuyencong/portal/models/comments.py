"""Reader comments ("Ý kiến bạn đọc"): shown only once an editor approves them; the email is never shown."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from khuyencong.portal.models.articles import Article


class CommentState(models.TextChoices):
    PENDING = "pending", _("Chờ duyệt")
    APPROVED = "approved", _("Đã duyệt")
    REJECTED = "rejected", _("Từ chối")
    SPAM = "spam", _("Thư rác")


class Comment(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="comments")
    name = models.CharField(_("họ tên"), max_length=100)
    email = models.EmailField(_("thư điện tử"), max_length=254)
    text = models.TextField(_("ý kiến"), max_length=2000)
    state = models.CharField(_("trạng thái"), max_length=10, choices=CommentState.choices,
                             default=CommentState.PENDING)
    # A keyed hash of the sender's address: enough to limit bursts, not enough to identify the reader.
    address_hash = models.CharField(max_length=64, editable=False, blank=True)
    created_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True)
    moderated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("người duyệt"))
    moderated_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("ý kiến bạn đọc")
        verbose_name_plural = _("ý kiến bạn đọc")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["article", "state", "created_at"], name="portal_comment_public"),
                   models.Index(fields=["state", "created_at"], name="portal_comment_queue")]

    def __str__(self) -> str:
        return f"{self.name}: {self.text[:40]}"
