"""Administrative units in both hierarchies: legacy (to 30/06/2025) and current (from 01/07/2025).

A unit's key is (hierarchy, code): new communes reuse old communes' codes. Every unit carries its
province and district ancestors so "a unit and everything under it" is one indexed equality.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from khuyencong.geo.placement import Placement


class Hierarchy(models.TextChoices):
    CURRENT = "current", _("Hiện hành (từ 01/07/2025)")
    LEGACY = "legacy", _("Trước 01/07/2025")


class Level(models.TextChoices):
    PROVINCE = "province", _("Tỉnh/thành phố")
    DISTRICT = "district", _("Quận/huyện")
    COMMUNE = "commune", _("Xã/phường")


CODE_WIDTH = {Level.PROVINCE: 2, Level.DISTRICT: 3, Level.COMMUNE: 5}


class AdminUnit(models.Model):
    hierarchy = models.CharField(_("hệ thống"), max_length=8, choices=Hierarchy.choices)
    level = models.CharField(_("cấp"), max_length=8, choices=Level.choices)
    code = models.CharField(_("mã"), max_length=5)
    name = models.CharField(_("tên"), max_length=120)
    # The name folded (core.text.fold: no diacritics, lower case), so "phu nghia" finds Xã Phú Nghĩa.
    search_name = models.CharField(max_length=120, blank=True, default="", editable=False)
    division_type = models.CharField(_("loại"), max_length=40)
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="children")
    province = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    district = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["hierarchy", "code"]
        constraints = [
            models.UniqueConstraint(fields=["hierarchy", "code"], name="geo_unit_hierarchy_code_unique"),
        ]
        indexes = [
            models.Index(fields=["hierarchy", "level", "province"], name="geo_unit_province_idx"),
            models.Index(fields=["hierarchy", "level", "district"], name="geo_unit_district_idx"),
            models.Index(fields=["hierarchy", "level", "search_name"], name="geo_unit_search_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        """Name with code and era, for places where both hierarchies are shown together."""
        era = "" if self.hierarchy == Hierarchy.CURRENT else " (cũ)"
        return f"{self.name} [{self.code}]{era}"

    @property
    def is_current(self) -> bool:
        return self.hierarchy == Hierarchy.CURRENT


class UnitSuccession(models.Model):
    """Old unit → new unit, from the 2025 reform. `partial` marks an old commune split among several."""

    old = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="successions")
    new = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="predecessions")
    partial = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["old", "new"], name="geo_succession_unique")]

    def __str__(self) -> str:
        return f"{self.old.label} → {self.new.label}"


class LocatedRecord(models.Model):
    """A record placed in a commune: the one it was recorded under, and its commune today.

    `current_commune` equals `commune` for records made under today's units, is derived for old
    communes that went whole into one new commune, and stays empty (flagged) for split ones until
    an officer chooses.
    """

    commune = models.ForeignKey(
        AdminUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("xã/phường")
    )
    current_commune = models.ForeignKey(
        AdminUnit,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("xã/phường hiện hành"),
    )

    # Placed by its own commune (geo.placement); subclasses may add a city-wide rule.
    placement = Placement()

    class Meta:
        abstract = True

    @property
    def needs_commune_choice(self) -> bool:
        return self.current_commune_id is None
