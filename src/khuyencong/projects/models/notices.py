"""In-app notifications: "a project waits for you", written after the transition commits."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="project_notices")
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="notifications")
    message = models.CharField(_("nội dung"), max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="projects_notice_user_idx")]

    def __str__(self) -> str:
        return self.message
