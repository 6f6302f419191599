"""The record that the demo dataset is loaded: the banner reads it, `khuyencong demo` refuses a second load."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DemoDataset(models.Model):
    seed = models.PositiveIntegerField(_("hạt giống"))
    loaded_at = models.DateTimeField(_("nạp lúc"), auto_now_add=True)
    seconds = models.DecimalField(_("thời gian nạp (giây)"), max_digits=8, decimal_places=1, default=0)
    counts = models.JSONField(_("số bản ghi"), default=dict)
    # Catalogue rows the load added (crafts, sectors: {"Craft": [pk…]}); `--reset` removes them with the demo.
    catalogue_added = models.JSONField(default=dict, editable=False)

    class Meta:
        verbose_name = _("bộ dữ liệu mẫu")
        verbose_name_plural = _("bộ dữ liệu mẫu")

    def __str__(self):
        return f"Dữ liệu mẫu (hạt giống {self.seed})"
