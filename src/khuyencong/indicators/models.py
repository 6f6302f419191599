"""Reported data (data elements and their values per unit and year), targets, and the aggregate tables.

Indicators themselves are not rows: they are the catalogue in `catalogue.py`, computed by `engine.py` from
the records and from data values. Nothing here stores a computed figure except `IndicatorFact`, the
aggregates the engine reads at national scale (rebuilt by `tasks.refresh_facts`), and `QualityFlag`, the
implausible values the data-quality scan found (`quality.py`, rules in `quality_rules.py`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from khuyencong.geo.models import AdminUnit


class ElementUnit(models.TextChoices):
    VND = "vnd", _("đồng")
    USD = "usd", _("USD")
    PERSONS = "persons", _("người")
    PERCENT = "percent", _("%")


class PeriodType(models.TextChoices):
    YEAR = "year", _("năm")


class DataElement(models.Model):
    """A figure reported per unit and period that no record yields, such as a province's industrial
    production value (from the statistics office) or its handicraft exports."""

    code = models.CharField(_("mã"), max_length=64, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=200)
    unit = models.CharField(_("đơn vị tính"), max_length=8, choices=ElementUnit.choices)
    period_type = models.CharField(_("kỳ báo cáo"), max_length=8, choices=PeriodType.choices, default=PeriodType.YEAR)
    source = models.CharField(_("nguồn số liệu"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("chỉ tiêu dữ liệu báo cáo")
        verbose_name_plural = _("chỉ tiêu dữ liệu báo cáo")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class ValueState(models.TextChoices):
    DRAFT = "draft", _("Nháp")
    SUBMITTED = "submitted", _("Đã gửi duyệt")
    APPROVED = "approved", _("Đã duyệt")


class DataValue(models.Model):
    """One reported figure: an element's value for a unit (either hierarchy, any level) and a year.

    draft → submitted → approved; an approved value is locked until an approver unlocks it (with a reason).
    """

    element = models.ForeignKey(DataElement, on_delete=models.PROTECT, related_name="values",
                                verbose_name=_("chỉ tiêu dữ liệu"))
    unit = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    year = models.PositiveSmallIntegerField(_("năm"))
    value = models.DecimalField(_("giá trị"), max_digits=24, decimal_places=4)
    comment = models.CharField(_("ghi chú"), max_length=300, blank=True)
    state = models.CharField(_("trạng thái"), max_length=10, choices=ValueState.choices, default=ValueState.DRAFT)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("người nhập"))
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("người duyệt"))
    approved_at = models.DateTimeField(_("lúc duyệt"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("số liệu báo cáo")
        verbose_name_plural = _("số liệu báo cáo")
        ordering = ["element__order", "element__code", "unit", "year"]
        constraints = [
            models.UniqueConstraint(fields=["element", "unit", "year"], name="indicators_value_unique"),
        ]
        indexes = [models.Index(fields=["unit", "year"], name="indicators_value_unit_year_idx")]

    def __str__(self) -> str:
        return f"{self.element.code} {self.unit_id} {self.year}"

    @property
    def is_locked(self) -> bool:
        return self.state == ValueState.APPROVED


class Target(models.Model):
    """What a programme (or one year) aims at for an indicator in a unit: a low and a high bound
    (jobs_created 60.000–75.000 for 2016–2020; handicraft_exports ≥ 400 million USD in 2020).

    Bounds are in the indicator's own unit: đồng, USD, persons, or percent (12 means 12%). Actual values are
    always computed by the engine; a target never holds one."""

    indicator = models.CharField(_("chỉ tiêu"), max_length=64)
    unit = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    start_year = models.PositiveSmallIntegerField(_("từ năm"))
    end_year = models.PositiveSmallIntegerField(_("đến năm"))
    low = models.DecimalField(_("mức thấp"), max_digits=24, decimal_places=4, null=True, blank=True)
    high = models.DecimalField(_("mức cao"), max_digits=24, decimal_places=4, null=True, blank=True)
    note = models.CharField(_("ghi chú, căn cứ"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("mục tiêu")
        verbose_name_plural = _("mục tiêu")
        ordering = ["start_year", "end_year", "indicator"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "unit", "start_year", "end_year"],
                                    name="indicators_target_unique"),
            models.CheckConstraint(condition=Q(end_year__gte=models.F("start_year")), name="indicators_target_years"),
            models.CheckConstraint(condition=Q(low__isnull=False) | Q(high__isnull=False),
                                   name="indicators_target_has_bound"),
            models.CheckConstraint(condition=Q(low__isnull=True) | Q(high__isnull=True) | Q(low__lte=models.F("high")),
                                   name="indicators_target_low_le_high"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.start_year}-{self.end_year}"


class IndicatorFact(models.Model):
    """A pre-aggregated part of an indicator (a count, a sum, a numerator) for one place and one period.

    The place is what the records carry — the commune recorded and the current commune — so the engine filters
    facts with the same `geo.selectors.located_in_q` as the records themselves; city-wide projects have no
    commune and keep their plan's unit code in `scope_code` (NULL when the plan names none)."""

    part = models.CharField(max_length=48)
    start_year = models.PositiveSmallIntegerField()
    end_year = models.PositiveSmallIntegerField()
    commune = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, null=True, related_name="+")
    current_commune = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, null=True, related_name="+")
    scope_code = models.CharField(max_length=5, null=True)
    value = models.DecimalField(max_digits=28, decimal_places=4)

    class Meta:
        indexes = [
            models.Index(fields=["start_year", "end_year", "current_commune"], name="indicators_fact_current_idx"),
            models.Index(fields=["start_year", "end_year", "commune"], name="indicators_fact_commune_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.part} {self.start_year}-{self.end_year}: {self.value}"


class FactsState(models.Model):
    """One row: when the aggregates were last rebuilt, for which periods, and when a source last changed."""

    changed_at = models.DateTimeField(null=True)
    refresh_started_at = models.DateTimeField(null=True)
    refreshed_at = models.DateTimeField(null=True)
    queued = models.BooleanField(default=False)
    periods = models.JSONField(default=list)
    rows = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(null=True)

    def __str__(self) -> str:
        return f"facts {self.refreshed_at}"

    @property
    def fresh(self) -> bool:
        return self.refresh_started_at is not None and self.refreshed_at is not None and (
            self.changed_at is None or self.changed_at < self.refresh_started_at)


class QualityRule(models.TextChoices):
    """The data-quality rules (`quality_rules.py`); each is checked by one or more set-based queries."""

    COST = "cost", _("Kinh phí mỗi lớp, mỗi học viên vượt xa định mức")
    SHARE = "share", _("Tỷ lệ vượt 100%")
    NEGATIVE = "negative", _("Giá trị âm")
    JUMP = "jump", _("Giá trị sản xuất của làng tăng, giảm quá 10 lần")
    OVERSIZE = "oversize", _("Lớp đông hơn kế hoạch quá một nửa")


class FlagState(models.TextChoices):
    OPEN = "open", _("Chưa kiểm tra")
    CHECKED = "checked", _("Đã kiểm tra")
    FIXED = "fixed", _("Đã sửa")


class QualityFlag(models.Model):
    """An implausible value found by the data-quality scan, about one record (a class, a project, a village's
    yearly statistics or a reported value: exactly one of the four links is set).

    The flag is placed, and so scoped, by the record it is about. `details` holds the figures found (the finding);
    a rescan keeps the state while the finding is unchanged, reopens a flag whose figures changed and marks
    "fixed" a flag whose cause is gone. An officer marks a flag checked with a comment (audited)."""

    rule = models.CharField(_("quy tắc"), max_length=12, choices=QualityRule.choices)
    # Which query of the rule found it (`quality_rules.CHECKS`); with the record, the flag's identity.
    check_code = models.CharField(_("phép kiểm tra"), max_length=32)
    key = models.CharField(max_length=64, unique=True)  # "<check_code>:<record pk>": one flag per record and check
    training_class = models.ForeignKey("training.TrainingClass", on_delete=models.CASCADE, null=True, blank=True,
                                       related_name="+", verbose_name=_("lớp đào tạo"))
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, null=True, blank=True,
                                related_name="+", verbose_name=_("đề án"))
    village_year = models.ForeignKey("registry.CraftVillageYear", on_delete=models.CASCADE, null=True, blank=True,
                                     related_name="+", verbose_name=_("số liệu năm của làng nghề"))
    data_value = models.ForeignKey(DataValue, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
                                   verbose_name=_("số liệu báo cáo"))
    details = models.JSONField(_("số liệu phát hiện"), default=dict)
    state = models.CharField(_("trạng thái"), max_length=8, choices=FlagState.choices, default=FlagState.OPEN)
    found_at = models.DateTimeField(_("phát hiện lúc"))
    fixed_at = models.DateTimeField(_("hết lỗi lúc"), null=True, blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("người kiểm tra"))
    checked_at = models.DateTimeField(_("kiểm tra lúc"), null=True, blank=True)
    comment = models.TextField(_("nhận xét khi kiểm tra"), blank=True)

    history_hidden_fields = ("key", "check_code", "details", "found_at")

    class Meta:
        verbose_name = _("cảnh báo chất lượng số liệu")
        verbose_name_plural = _("cảnh báo chất lượng số liệu")
        ordering = ["-found_at", "-pk"]
        indexes = [
            models.Index(fields=["state", "rule"], name="indicators_flag_state_idx"),
            models.Index(fields=["check_code", "state"], name="indicators_flag_check_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_rule_display()} ({self.key})"

    @property
    def message(self) -> str:
        """The explanation in words: what was found, the figure, the norm, what to check."""
        from khuyencong.indicators.quality_rules import describe

        return describe(self)
