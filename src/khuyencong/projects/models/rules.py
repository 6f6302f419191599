"""Funding caps by activity content: data with a legal basis and validity dates, edited by administrators."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from khuyencong.projects.models.base import Activity


class AmountBasis(models.TextChoices):
    BENEFICIARY = "beneficiary", _("mỗi cơ sở thụ hưởng")
    MODEL = "model", _("mỗi mô hình")
    BRAND = "brand", _("mỗi thương hiệu")
    EVENT = "event", _("mỗi lần tổ chức")
    CLUSTER = "cluster", _("mỗi cụm")
    PROJECT = "project", _("mỗi đề án")


class FundingRule(models.Model):
    activity = models.CharField(_("nội dung hoạt động"), max_length=16, choices=Activity.choices)
    item = models.CharField(_("hạng mục hỗ trợ"), max_length=200)
    max_share_percent = models.DecimalField(
        _("tỷ lệ tối đa của chi phí (%)"), max_digits=5, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    max_amount = models.BigIntegerField(_("mức tối đa (đồng)"), null=True, blank=True,
                                        validators=[MinValueValidator(0)])
    amount_basis = models.CharField(_("tính theo"), max_length=12, choices=AmountBasis.choices,
                                    default=AmountBasis.PROJECT)
    priority_multiplier = models.DecimalField(
        _("hệ số ưu tiên"), max_digits=4, decimal_places=2, default=Decimal("1.5"),
        validators=[MinValueValidator(1)],
    )
    max_times_per_year = models.PositiveSmallIntegerField(
        _("số lần hỗ trợ tối đa mỗi năm cho mỗi cơ sở"), null=True, blank=True,
        help_text=_("Ví dụ: hội chợ, triển lãm ở nước ngoài tối đa 2 lần/năm/cơ sở (TT 46/2012/TT-BCT, Điều 4)."),
    )
    max_advance_percent = models.DecimalField(
        _("tạm ứng tối đa (% kinh phí được duyệt)"), max_digits=5, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Ví dụ: 70% theo TTLT 26/2014, Điều 8.2.b."),
    )
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=300)
    valid_from = models.DateField(_("hiệu lực từ"))
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    historical = models.BooleanField(_("đã hết hiệu lực (lưu để đối chiếu dữ liệu cũ)"), default=False)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("định mức hỗ trợ")
        verbose_name_plural = _("định mức hỗ trợ")
        ordering = ["activity", "-valid_from", "item"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="projects_rule_valid_dates",
            ),
        ]
        indexes = [models.Index(fields=["activity", "valid_from"], name="projects_rule_activity_idx")]

    def __str__(self) -> str:
        return f"{self.item} ({self.legal_basis})"

    def clean(self):
        if self.max_share_percent is None and self.max_amount is None and self.max_times_per_year is None:
            raise ValidationError(_("Nhập ít nhất một trong: tỷ lệ tối đa, mức tối đa hoặc số lần tối đa mỗi năm."))

    def applies_on(self, day) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)
