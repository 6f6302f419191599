"""Training classes, their trainees and employment follow-ups; craft transplants and their yearly checks.

A class (and its trainees) belongs to the commune where it is held; a transplant to its village's
commune (the indicators count them there). Trainees' ID numbers and birth years are personal data: see `privacy.py`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from khuyencong.geo.models import AdminUnit, LocatedRecord
from khuyencong.geo.placement import Placement

# Activities whose projects may fund a class or a transplant (Nghị định 45/2012/NĐ-CP, Điều 4: training,
# management capacity, technology).
OUTPUT_ACTIVITIES = ("training", "management", "technology")


class ClassKind(models.TextChoices):
    TRUYEN_NGHE = "truyen_nghe", _("Truyền nghề")
    CAY_NGHE = "cay_nghe", _("Nhân cấy nghề")
    NANG_CAO = "nang_cao", _("Nâng cao tay nghề")
    MANAGEMENT = "management", _("Quản lý, khởi sự doanh nghiệp")
    DESIGN = "design", _("Thiết kế mẫu")


# Kinds whose trainees' employment is followed up and counted (the `trainees` and `employment_rate` indicators):
# management and design classes train people who already run or work in an establishment.
FOLLOW_UP_KINDS = (ClassKind.TRUYEN_NGHE, ClassKind.CAY_NGHE)


class ClassStatus(models.TextChoices):
    PLANNED = "planned", _("Kế hoạch / đang học")
    COMPLETED = "completed", _("Đã kết thúc")


class Gender(models.TextChoices):
    MALE = "male", _("Nam")
    FEMALE = "female", _("Nữ")
    OTHER = "other", _("Khác")


class TrainingClass(LocatedRecord):
    code = models.CharField(_("mã lớp"), max_length=40, unique=True)
    name = models.CharField(_("tên lớp"), max_length=255, blank=True)
    kind = models.CharField(_("loại lớp"), max_length=16, choices=ClassKind.choices)
    craft = models.ForeignKey(
        "registry.Craft", on_delete=models.PROTECT, related_name="training_classes", verbose_name=_("nghề")
    )
    village = models.ForeignKey(
        "registry.CraftVillage", on_delete=models.SET_NULL, null=True, blank=True, related_name="training_classes",
        verbose_name=_("làng"),
    )
    start_date = models.DateField(_("ngày khai giảng"))
    end_date = models.DateField(_("ngày kết thúc"))
    teachers = models.CharField(_("giáo viên (nghệ nhân, thợ giỏi)"), max_length=400, blank=True)
    planned_trainees = models.PositiveIntegerField(_("số học viên kế hoạch"), null=True, blank=True)
    project = models.ForeignKey(
        "projects.Project", on_delete=models.SET_NULL, null=True, blank=True, related_name="training_classes",
        verbose_name=_("đề án"), limit_choices_to={"activity__in": OUTPUT_ACTIVITIES},
    )
    cost = models.BigIntegerField(_("kinh phí (đồng)"), null=True, blank=True)
    status = models.CharField(_("tình trạng"), max_length=12, choices=ClassStatus.choices, default=ClassStatus.PLANNED)
    completed_on = models.DateField(_("ngày xác nhận kết thúc"), null=True, blank=True)
    # end_date + 6 months, kept by the services: from this day a follow-up of each completing trainee is due.
    follow_up_due_on = models.DateField(_("hạn theo dõi việc làm"), editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )

    class Meta:
        verbose_name = _("lớp đào tạo")
        verbose_name_plural = _("lớp đào tạo")
        ordering = ["-start_date", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="training_class_dates"),
            models.CheckConstraint(condition=Q(cost__isnull=True) | Q(cost__gte=0), name="training_class_cost_nonneg"),
        ]
        indexes = [
            models.Index(fields=["end_date"], name="training_class_end_idx"),
            models.Index(fields=["follow_up_due_on"], name="training_class_due_idx"),
            models.Index(fields=["current_commune", "start_date"], name="training_class_cur_start_idx"),
            models.Index(fields=["commune", "start_date"], name="training_class_com_start_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name or self.craft}"

    @property
    def title(self) -> str:
        return self.name or f"{self.get_kind_display()} {self.craft}"


class Trainee(models.Model):
    training_class = models.ForeignKey(
        TrainingClass, on_delete=models.CASCADE, related_name="trainees", verbose_name=_("lớp")
    )
    full_name = models.CharField(_("họ và tên"), max_length=150)
    birth_year = models.PositiveSmallIntegerField(_("năm sinh"), null=True, blank=True)
    gender = models.CharField(_("giới tính"), max_length=8, choices=Gender.choices, blank=True)
    # CMND (9 digits) or CCCD (12 digits); NULL when not given, so uniqueness ignores the absent ones.
    id_number = models.CharField(_("số CMND/CCCD"), max_length=12, null=True, blank=True)
    home_commune = models.ForeignKey(
        AdminUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("xã/phường cư trú")
    )
    completed = models.BooleanField(_("hoàn thành khoá học"), default=False)
    certificate_number = models.CharField(_("số chứng chỉ"), max_length=60, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    placement = Placement(via="training_class")

    class Meta:
        verbose_name = _("học viên")
        verbose_name_plural = _("học viên")
        ordering = ["training_class", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["training_class", "id_number"], condition=Q(id_number__isnull=False),
                name="training_trainee_id_per_class",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name


class FollowUp(models.Model):
    trainee = models.ForeignKey(
        Trainee, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("học viên")
    )
    date = models.DateField(_("ngày theo dõi"))
    employed = models.BooleanField(_("có việc làm"))
    employer = models.ForeignKey(
        "registry.Establishment", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("cơ sở sử dụng lao động"),
    )
    employer_name = models.CharField(_("nơi làm việc (ghi tự do)"), max_length=255, blank=True)
    monthly_income = models.BigIntegerField(_("thu nhập tháng (đồng)"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )

    placement = Placement(via="trainee")

    class Meta:
        verbose_name = _("theo dõi việc làm")
        verbose_name_plural = _("theo dõi việc làm")
        ordering = ["trainee", "-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(monthly_income__isnull=True) | Q(monthly_income__gte=0), name="training_followup_income"
            ),
        ]
        indexes = [models.Index(fields=["trainee", "-date", "-id"], name="training_followup_latest_idx")]

    def __str__(self) -> str:
        return f"{self.trainee} {self.date:%d/%m/%Y}"

    @property
    def employer_display(self) -> str:
        return str(self.employer) if self.employer_id else self.employer_name


class CraftTransplant(models.Model):
    village = models.ForeignKey(
        "registry.CraftVillage", on_delete=models.PROTECT, related_name="transplants", verbose_name=_("làng")
    )
    craft = models.ForeignKey(
        "registry.Craft", on_delete=models.PROTECT, related_name="transplants", verbose_name=_("nghề")
    )
    year = models.PositiveSmallIntegerField(_("năm cấy nghề"))
    project = models.ForeignKey(
        "projects.Project", on_delete=models.SET_NULL, null=True, blank=True, related_name="craft_transplants",
        verbose_name=_("đề án"), limit_choices_to={"activity__in": OUTPUT_ACTIVITIES},
    )
    households_trained = models.PositiveIntegerField(_("số hộ được đào tạo"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )

    placement = Placement(via="village")

    class Meta:
        verbose_name = _("cấy nghề")
        verbose_name_plural = _("cấy nghề")
        ordering = ["-year", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["village", "craft", "year"], name="training_transplant_village_craft"),
        ]
        indexes = [models.Index(fields=["year"], name="training_transplant_year_idx")]

    def __str__(self) -> str:
        return f"{self.craft} → {self.village} ({self.year})"


class TransplantCheck(models.Model):
    transplant = models.ForeignKey(
        CraftTransplant, on_delete=models.CASCADE, related_name="checks", verbose_name=_("cấy nghề")
    )
    year = models.PositiveSmallIntegerField(_("năm kiểm tra"))
    still_practising = models.BooleanField(_("còn duy trì nghề"))
    craft_households = models.PositiveIntegerField(_("số hộ làm nghề"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    placement = Placement(via="transplant")

    class Meta:
        verbose_name = _("kiểm tra duy trì nghề")
        verbose_name_plural = _("kiểm tra duy trì nghề")
        ordering = ["transplant", "-year"]
        constraints = [models.UniqueConstraint(fields=["transplant", "year"], name="training_check_year_unique")]

    def __str__(self) -> str:
        return f"{self.transplant} — {self.year}"


class AccessPurpose(models.TextChoices):
    PAGE = "page", _("Xem trên trang")
    EXPORT = "export", _("Xuất tệp")
    API = "api", _("API")


class PersonalDataAccess(models.Model):
    """One row each time someone is shown trainees' full ID numbers (a page, an export, the API)."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("người xem")
    )
    at = models.DateTimeField(_("lúc"), auto_now_add=True)
    purpose = models.CharField(_("hình thức"), max_length=8, choices=AccessPurpose.choices)
    training_class = models.ForeignKey(
        TrainingClass, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("lớp")
    )
    trainee_ids = models.JSONField(_("học viên"), default=list)
    trainee_count = models.PositiveIntegerField(_("số học viên"))
    path = models.CharField(_("địa chỉ"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("truy cập dữ liệu cá nhân")
        verbose_name_plural = _("truy cập dữ liệu cá nhân")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.actor} {self.get_purpose_display()} {self.trainee_count}"
