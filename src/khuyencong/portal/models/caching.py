"""The public page cache's generation number, shared by every web worker (see portal/caching.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PageCacheGeneration(models.Model):
    """One row (pk 1): bumping `number` makes every cached public page and fragment stale at once."""

    number = models.PositiveBigIntegerField(_("thế hệ"), default=0)
    changed_at = models.DateTimeField(_("đổi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thế hệ bộ nhớ đệm")
        verbose_name_plural = _("thế hệ bộ nhớ đệm")

    def __str__(self) -> str:
        return str(self.number)
