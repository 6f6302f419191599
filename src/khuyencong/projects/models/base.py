"""Programmes, yearly plans and khuyến công projects (đề án).

The workflow (states, transitions, roles, required fields) is declared as data in `workflow.py`;
`Project.state` is only ever changed by the transition services.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from khuyencong.core.audit import field_display, model_field
from khuyencong.geo.models import AdminUnit, LocatedRecord
from khuyencong.geo.placement import CityWide, Placement


class Activity(models.TextChoices):
    """The nine activity contents of ND 45/2012/NĐ-CP, Điều 4."""

    TRAINING = "training", _("Đào tạo nghề, truyền nghề")
    MANAGEMENT = "management", _("Nâng cao năng lực quản lý, khởi sự, mở rộng thị trường")
    TECHNOLOGY = "technology", _("Mô hình trình diễn, chuyển giao công nghệ, máy móc tiên tiến")
    PRODUCTS = "products", _("Sản phẩm tiêu biểu, hội chợ triển lãm, thương hiệu, xúc tiến thương mại")
    ADVICE = "advice", _("Tư vấn đầu tư, thiết kế mẫu, công nghệ, tiếp cận chính sách")
    INFORMATION = "information", _("Thông tin, tuyên truyền")
    LINKAGE = "linkage", _("Liên kết, cụm công nghiệp, di dời và xử lý ô nhiễm")
    INTERNATIONAL = "international", _("Hợp tác quốc tế")
    CAPACITY = "capacity", _("Nâng cao năng lực hệ thống khuyến công")


class FundingSource(models.TextChoices):
    NATIONAL = "national", _("Khuyến công quốc gia")
    LOCAL = "local", _("Khuyến công địa phương")


class MachineryCondition(models.TextChoices):
    """TT 46/2012/TT-BCT, Điều 4: machinery supported by khuyến công funds must be new."""
    NEW = "new", _("máy móc, thiết bị mới")
    USED = "used", _("máy móc, thiết bị đã qua sử dụng")
    NONE = "none", _("đề án không hỗ trợ máy móc, thiết bị")


class ProjectState(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    SUBMITTED = "submitted", _("Đã nộp")
    UNDER_APPRAISAL = "under_appraisal", _("Đang thẩm định")
    RETURNED = "returned", _("Trả lại để sửa")
    REJECTED = "rejected", _("Không phê duyệt")
    APPROVED = "approved", _("Đã phê duyệt")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    CHANGE_REQUESTED = "change_requested", _("Đề nghị điều chỉnh")
    ACCEPTED = "accepted", _("Đã nghiệm thu")
    SETTLED = "settled", _("Đã quyết toán")
    STOPPED = "stopped", _("Dừng thực hiện")
    CANCELLED = "cancelled", _("Đã huỷ")


class Programme(models.Model):
    name = models.CharField(_("tên chương trình"), max_length=200)
    start_year = models.PositiveSmallIntegerField(_("từ năm"))
    end_year = models.PositiveSmallIntegerField(_("đến năm"))
    scope_unit = models.ForeignKey(
        AdminUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("địa bàn")
    )

    class Meta:
        verbose_name = _("chương trình khuyến công")
        verbose_name_plural = _("chương trình khuyến công")
        ordering = ["-start_year"]
        constraints = [
            models.CheckConstraint(condition=Q(end_year__gte=models.F("start_year")), name="projects_programme_years")
        ]

    def __str__(self) -> str:
        return self.name


class AnnualPlan(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, null=True, blank=True, related_name="plans")
    year = models.PositiveSmallIntegerField(_("năm kế hoạch"))
    funding_source = models.CharField(_("nguồn kinh phí"), max_length=8, choices=FundingSource.choices)
    scope_unit = models.ForeignKey(
        AdminUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("địa bàn")
    )
    budget_ceiling = models.BigIntegerField(_("hạn mức kinh phí (đồng)"), null=True, blank=True)
    decision_number = models.CharField(_("quyết định giao kế hoạch"), max_length=120, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)

    class Meta:
        verbose_name = _("kế hoạch năm")
        verbose_name_plural = _("kế hoạch năm")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["year", "funding_source", "scope_unit"], name="projects_plan_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.year} — {self.get_funding_source_display()}"


class Project(LocatedRecord):
    # A project may be city-wide: its commune is then empty and its scope is the plan's unit.
    commune = models.ForeignKey(
        AdminUnit, on_delete=models.PROTECT, related_name="+", null=True, blank=True, verbose_name=_("xã/phường")
    )
    code = models.CharField(_("mã đề án"), max_length=40, unique=True)
    title = models.CharField(_("tên đề án"), max_length=400)
    search_title = models.CharField(max_length=400, editable=False, db_index=True)
    activity = models.CharField(_("nội dung hoạt động"), max_length=16, choices=Activity.choices)
    funding_source = models.CharField(_("nguồn kinh phí"), max_length=8, choices=FundingSource.choices)
    plan_year = models.PositiveSmallIntegerField(_("năm kế hoạch"))
    plan = models.ForeignKey(AnnualPlan, on_delete=models.PROTECT, null=True, blank=True, related_name="projects")
    implementing_unit = models.CharField(_("đơn vị thực hiện"), max_length=255, blank=True)
    beneficiaries = models.ManyToManyField(
        "registry.Establishment", related_name="projects", blank=True, verbose_name=_("đơn vị thụ hưởng")
    )
    state = models.CharField(_("trạng thái"), max_length=16, choices=ProjectState.choices, default=ProjectState.DRAFT)
    imported = models.BooleanField(_("nhập từ dữ liệu cũ"), default=False)
    # Optimistic lock: every write bumps it; a transition fired on a stale copy is refused.
    version = models.PositiveIntegerField(default=0, editable=False)

    # The beneficiary's commitment (TTLT 26/2014, Điều 7): the same cost item had no other state support.
    no_other_support = models.BooleanField(
        _("cam kết nội dung đề nghị hỗ trợ chưa được hỗ trợ từ nguồn ngân sách nhà nước khác"), default=False
    )
    # Activity `technology`: is the supported machinery new (TT 46/2012, Điều 4)? Checked at approval.
    machinery_condition = models.CharField(
        _("tình trạng máy móc được hỗ trợ"), max_length=8, choices=MachineryCondition.choices, blank=True,
        help_text=_("Nội dung ứng dụng máy móc: chỉ hỗ trợ máy móc, thiết bị mới."),
    )
    # Activity `products`: taking part in a fair abroad (at most N times a year per establishment, FundingRule).
    overseas_fair = models.BooleanField(_("hỗ trợ tham gia hội chợ, triển lãm ở nước ngoài"), default=False)
    # Priority areas and sectors: caps up to the rule's multiplier (1.5×), with the reason recorded.
    priority = models.BooleanField(_("thuộc địa bàn/ngành ưu tiên"), default=False)
    priority_reason = models.CharField(_("lý do ưu tiên"), max_length=300, blank=True)
    funding_rule = models.ForeignKey(
        "projects.FundingRule", on_delete=models.PROTECT, null=True, blank=True, related_name="projects",
        verbose_name=_("hạng mục định mức"),
    )

    estimated_cost = models.BigIntegerField(_("tổng dự toán (đồng)"), null=True, blank=True)
    requested_funds = models.BigIntegerField(_("kinh phí khuyến công đề nghị"), null=True, blank=True)
    approved_funds = models.BigIntegerField(_("kinh phí khuyến công được duyệt"), null=True, blank=True)
    settled_funds = models.BigIntegerField(_("kinh phí quyết toán"), null=True, blank=True)
    counterpart_funds = models.BigIntegerField(_("vốn đối ứng"), null=True, blank=True)
    advances_paid = models.BigIntegerField(_("đã tạm ứng"), default=0)
    refund_amount = models.BigIntegerField(_("số phải nộp lại"), null=True, blank=True)
    progress_percent = models.PositiveSmallIntegerField(
        _("tiến độ (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )

    expected_jobs = models.PositiveIntegerField(_("việc làm dự kiến"), null=True, blank=True)
    expected_trainees = models.PositiveIntegerField(_("học viên dự kiến"), null=True, blank=True)
    expected_designs = models.PositiveIntegerField(_("mẫu mới dự kiến"), null=True, blank=True)
    expected_machines = models.PositiveIntegerField(_("máy móc dự kiến"), null=True, blank=True)
    jobs_created = models.PositiveIntegerField(_("việc làm tạo ra"), null=True, blank=True)
    actual_trainees = models.PositiveIntegerField(_("học viên thực tế"), null=True, blank=True)
    actual_designs = models.PositiveIntegerField(_("mẫu mới thực tế"), null=True, blank=True)
    actual_machines = models.PositiveIntegerField(_("máy móc thực tế"), null=True, blank=True)

    submitted_on = models.DateField(_("ngày nộp"), null=True, blank=True)
    approved_on = models.DateField(_("ngày phê duyệt"), null=True, blank=True)
    approval_decision = models.CharField(_("số quyết định phê duyệt"), max_length=120, blank=True)
    accepted_on = models.DateField(_("ngày nghiệm thu"), null=True, blank=True)
    settled_on = models.DateField(_("ngày quyết toán"), null=True, blank=True)
    settlement_decision = models.CharField(_("số quyết định/biên bản quyết toán"), max_length=120, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )

    # A project without a commune is city-wide: it belongs to its plan's unit (see geo.placement.CityWide).
    placement = Placement(citywide=CityWide(unit_field="plan__scope_unit"))

    class Meta:
        verbose_name = _("đề án khuyến công")
        verbose_name_plural = _("đề án khuyến công")
        ordering = ["-plan_year", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(settled_funds__isnull=True) | Q(approved_funds__isnull=True)
                | Q(settled_funds__lte=models.F("approved_funds")),
                name="projects_settled_le_approved",
            ),
            models.CheckConstraint(
                condition=Q(accepted_on__isnull=True) | Q(approved_on__isnull=True)
                | Q(accepted_on__gte=models.F("approved_on")),
                name="projects_accepted_after_approved",
            ),
            models.CheckConstraint(
                condition=Q(approved_funds__isnull=True) | Q(approved_funds__gte=0), name="projects_approved_nonneg"
            ),
            models.CheckConstraint(
                condition=Q(settled_funds__isnull=True) | Q(settled_funds__gte=0), name="projects_settled_nonneg"
            ),
        ]
        indexes = [
            models.Index(fields=["state", "plan_year"], name="projects_state_year_idx"),
            # the list's order: the first page is read from this index, not sorted
            models.Index(fields=["-plan_year", "code"], name="projects_list_order_idx"),
            models.Index(fields=["current_commune", "state"], name="projects_current_state_idx"),
            models.Index(fields=["commune", "state"], name="projects_commune_state_idx"),
            models.Index(fields=["accepted_on"], name="projects_accepted_on_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.title}"

    def clean(self):
        errors = {}
        if self.priority and not (self.priority_reason or "").strip():
            errors["priority_reason"] = _("Ghi lý do ưu tiên (địa bàn khó khăn, ngành ưu tiên…).")
        if self.requested_funds is not None and self.requested_funds < 0:
            errors["requested_funds"] = _("Kinh phí không được âm.")
        if self.funding_rule_id and self.funding_rule.activity != self.activity:
            errors["funding_rule"] = _("Hạng mục định mức không thuộc nội dung hoạt động của đề án.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_city_wide(self) -> bool:
        return self.commune_id is None

    @property
    def remaining_payment(self) -> int | None:
        """What is still to be paid at settlement (settled − advances), never negative."""
        if self.settled_funds is None:
            return None
        return max(0, self.settled_funds - (self.advances_paid or 0))


class ProjectTransition(models.Model):
    """One state change (or progress report) of a project: who, when, from, to, comment, the data given."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="transitions")
    name = models.CharField(_("thao tác"), max_length=32)
    from_state = models.CharField(_("từ trạng thái"), max_length=16, choices=ProjectState.choices)
    to_state = models.CharField(_("sang trạng thái"), max_length=16, choices=ProjectState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("người thực hiện"),
    )
    at = models.DateTimeField(_("thời điểm"), auto_now_add=True)
    comment = models.TextField(_("ý kiến"), blank=True)
    # The values given with the transition, as text (decision number, amounts, dates, override reasons).
    data = models.JSONField(default=dict, blank=True)

    placement = Placement(via="project")

    class Meta:
        verbose_name = _("lịch sử chuyển trạng thái")
        verbose_name_plural = _("lịch sử chuyển trạng thái")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["project", "-at"], name="projects_transition_idx")]

    def __str__(self) -> str:
        return f"{self.project_id}: {self.from_state} → {self.to_state}"

    def data_display(self) -> list[tuple[str, str]]:
        """The values given with the transition, with Vietnamese labels, each through its field's formatter."""

        labels = {
            "ceiling_override_reason": _("lý do vượt hạn mức kế hoạch"), "funding_rule": _("định mức áp dụng"),
            "cap": _("mức tối đa"), "priority_cap": _("mức tối đa khi ưu tiên"), "priority_reason": _("lý do ưu tiên"),
            "cap_note": _("định mức"), "ceiling_exceeded_by": _("vượt hạn mức kế hoạch"),
        }
        money = {"cap", "priority_cap", "ceiling_exceeded_by"}  # amounts in đồng that are no field of the project
        rows = []
        for key, value in self.data.items():
            field = model_field(Project, key)
            label = labels.get(key) or (field.verbose_name if field is not None else key)
            text = field_display(field, value, f"{key}_amount" if key in money else key)
            rows.append((str(label), text if text is not None else "—"))
        return rows
