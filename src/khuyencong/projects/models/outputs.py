"""What a project produced that the registry keeps: products and new designs made under it.

The link lives here, not on the registry's Product, because the registry sits below projects: a lower
app's model never points at a higher app's.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProjectProduct(models.Model):
    product = models.OneToOneField(
        "registry.Product", on_delete=models.CASCADE, primary_key=True, related_name="project_link",
        verbose_name=_("sản phẩm"),
    )
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="product_links", verbose_name=_("đề án"),
    )

    class Meta:
        verbose_name = _("sản phẩm của đề án")
        verbose_name_plural = _("sản phẩm của đề án")

    def __str__(self) -> str:
        return f"{self.project} → {self.product}"
