"""The registry: establishments (cơ sở CNNT), craft villages and their yearly statistics, products.

Legal thresholds (ND 52/2018 village criteria, typical-product validity, OCOP star bands) are rows
with a legal basis and validity dates, never constants in code.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils.translation import gettext_lazy as _

from khuyencong.geo.models import LocatedRecord
from khuyencong.geo.placement import Placement

# ND 45/2012 Điều 5 lists the sectors as a, b, c, d, đ, e, g; sorting the codes would put đ last.
SECTOR_ORDER = ("a", "b", "c", "d", "đ", "e", "g")


class Sector(models.Model):
    """Eligible sectors of ND 45/2012 Điều 5, codes a–g (đ for handicrafts)."""

    code = models.CharField(_("mã"), max_length=2, unique=True)
    name = models.CharField(_("tên"), max_length=200)

    class Meta:
        verbose_name = _("ngành nghề")
        verbose_name_plural = _("ngành nghề")
        # The decree's order; a sector an administrator adds with another code comes after, by code.
        ordering = [Case(*[When(code=code, then=Value(i)) for i, code in enumerate(SECTOR_ORDER)],
                         default=Value(len(SECTOR_ORDER))), "code"]

    def __str__(self) -> str:
        return f"({self.code}) {self.name}"


class Craft(models.Model):
    """A craft named as people write it ("Mây tre đan"); `folded_name` keeps it unique across spellings."""

    name = models.CharField(_("tên nghề"), max_length=120)
    folded_name = models.CharField(max_length=120, unique=True, editable=False)

    class Meta:
        verbose_name = _("nghề")
        verbose_name_plural = _("nghề")
        ordering = ["folded_name"]

    def __str__(self) -> str:
        return self.name



class Recognition(models.TextChoices):
    NONE = "none", _("Làng có nghề (chưa công nhận)")
    LANG_NGHE = "lang_nghe", _("Làng nghề")
    TRADITIONAL = "lang_nghe_truyen_thong", _("Làng nghề truyền thống")


class TrackedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )

    class Meta:
        abstract = True


class CraftVillage(LocatedRecord, TrackedModel):
    code = models.CharField(_("mã làng"), max_length=32, unique=True)
    name = models.CharField(_("tên làng"), max_length=200)
    search_name = models.CharField(max_length=200, editable=False, db_index=True)
    crafts = models.ManyToManyField(Craft, related_name="villages", verbose_name=_("nghề"))
    recognition = models.CharField(
        _("công nhận"), max_length=24, choices=Recognition.choices, default=Recognition.NONE
    )
    recognition_year = models.PositiveSmallIntegerField(_("năm công nhận"), null=True, blank=True)
    recognition_decision = models.CharField(_("quyết định công nhận"), max_length=120, blank=True)
    latitude = models.DecimalField(_("vĩ độ"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("kinh độ"), max_digits=9, decimal_places=6, null=True, blank=True)
    # A short plain-text introduction shown in the public directory (portal) of recognised villages.
    description = models.TextField(_("giới thiệu"), max_length=1500, blank=True)

    class Meta:
        verbose_name = _("làng nghề")
        verbose_name_plural = _("làng nghề")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(recognition="none") | Q(recognition_year__isnull=False),
                name="registry_village_recognised_has_year",
            )
        ]
        indexes = [models.Index(fields=["recognition", "name"], name="registry_village_recog_idx")]

    def __str__(self) -> str:
        return self.name


class CraftVillageYear(models.Model):
    village = models.ForeignKey(CraftVillage, on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField(_("năm"))
    households = models.PositiveIntegerField(_("số hộ"), null=True, blank=True)
    craft_households = models.PositiveIntegerField(_("số hộ làm nghề"), null=True, blank=True)
    workers = models.PositiveIntegerField(_("số lao động"), null=True, blank=True)
    production_value = models.BigIntegerField(_("giá trị sản xuất (đồng)"), null=True, blank=True)
    export_value = models.BigIntegerField(_("giá trị xuất khẩu (đồng)"), null=True, blank=True)

    placement = Placement(via="village")

    class Meta:
        verbose_name = _("số liệu năm của làng nghề")
        verbose_name_plural = _("số liệu năm của làng nghề")
        ordering = ["village", "year"]
        constraints = [
            models.UniqueConstraint(fields=["village", "year"], name="registry_village_year_unique"),
            models.CheckConstraint(
                condition=Q(craft_households__isnull=True) | Q(households__isnull=True)
                | Q(craft_households__lte=models.F("households")),
                name="registry_village_year_craft_le_households",
            ),
            models.CheckConstraint(
                condition=Q(production_value__isnull=True) | Q(production_value__gte=0),
                name="registry_village_year_value_nonneg",
            ),
            models.CheckConstraint(
                condition=Q(export_value__isnull=True) | Q(export_value__gte=0),
                name="registry_village_year_export_nonneg",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.village} {self.year}"

    def clean(self):
        super().clean()
        if self.households is not None and self.craft_households is not None \
                and self.craft_households > self.households:
            raise ValidationError(
                {"craft_households": _("Số hộ làm nghề (%(c)s) không được lớn hơn tổng số hộ (%(h)s).")
                 % {"c": self.craft_households, "h": self.households}}
            )


class EstablishmentKind(models.TextChoices):
    ENTERPRISE = "DN", _("Doanh nghiệp")
    COOPERATIVE = "HTX", _("Hợp tác xã")
    COOPERATIVE_GROUP = "THT", _("Tổ hợp tác")
    HOUSEHOLD = "HKD", _("Hộ kinh doanh")


class Establishment(LocatedRecord, TrackedModel):
    code = models.CharField(_("mã cơ sở"), max_length=32, unique=True)
    name = models.CharField(_("tên cơ sở"), max_length=255)
    search_name = models.CharField(max_length=255, editable=False, db_index=True)
    # Legal-form words removed, for duplicate detection ("Công ty TNHH Mây tre X" ~ "Mây tre X").
    match_name = models.CharField(max_length=255, editable=False, db_index=True)
    kind = models.CharField(_("loại hình"), max_length=3, choices=EstablishmentKind.choices)
    tax_code = models.CharField(_("mã số thuế"), max_length=14, null=True, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    sector = models.ForeignKey(
        Sector, on_delete=models.PROTECT, null=True, blank=True, related_name="establishments",
        verbose_name=_("ngành"),
    )
    craft_village = models.ForeignKey(
        CraftVillage, on_delete=models.SET_NULL, null=True, blank=True, related_name="establishments",
        verbose_name=_("làng nghề"),
    )
    workers = models.PositiveIntegerField(_("số lao động"), null=True, blank=True)
    revenue = models.BigIntegerField(_("doanh thu (đồng)"), null=True, blank=True)
    founded_year = models.PositiveSmallIntegerField(_("năm thành lập"), null=True, blank=True)
    polluting = models.BooleanField(_("gây ô nhiễm"), default=False)
    # Consent to be named in the public directory, and what the establishment agreed to publish. Set and cleared
    # by registry.services.establishment_listing_set, which records when and by whom.
    public_listing = models.BooleanField(_("đồng ý công khai"), default=False)
    public_listing_at = models.DateTimeField(_("đồng ý công khai từ"), null=True, blank=True, editable=False)
    public_listing_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        editable=False, verbose_name=_("người ghi nhận đồng ý công khai"),
    )
    public_address = models.CharField(_("địa chỉ công khai"), max_length=300, blank=True)
    public_phone = models.CharField(_("điện thoại công khai"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("cơ sở CNNT")
        verbose_name_plural = _("cơ sở CNNT")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["tax_code"], condition=Q(tax_code__isnull=False), name="registry_establishment_tax_unique"
            ),
            models.CheckConstraint(
                condition=Q(revenue__isnull=True) | Q(revenue__gte=0), name="registry_establishment_revenue_nonneg"
            ),
        ]
        indexes = [
            models.Index(fields=["current_commune", "name"], name="registry_est_current_name_idx"),
            models.Index(fields=["commune", "name"], name="registry_est_commune_name_idx"),
            models.Index(fields=["name", "id"], name="registry_est_name_id_idx"),
            models.Index(fields=["workers", "id"], name="registry_est_workers_id_idx"),
            # The public directory reads a village's listed establishments only: a small partial index.
            models.Index(fields=["craft_village", "name"], condition=Q(public_listing=True),
                         name="registry_est_listed_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class Product(TrackedModel):
    code = models.CharField(_("mã sản phẩm"), max_length=32, unique=True)
    name = models.CharField(_("tên sản phẩm"), max_length=255)
    search_name = models.CharField(max_length=255, editable=False, db_index=True)
    establishment = models.ForeignKey(
        Establishment, on_delete=models.PROTECT, related_name="products", verbose_name=_("cơ sở")
    )
    is_new_design = models.BooleanField(_("mẫu mới"), default=False)
    design_date = models.DateField(_("ngày thiết kế"), null=True, blank=True)

    placement = Placement(via="establishment")

    class Meta:
        verbose_name = _("sản phẩm")
        verbose_name_plural = _("sản phẩm")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["name", "id"], name="registry_product_name_id_idx")]

    def __str__(self) -> str:
        return self.name


def photo_path(instance, filename: str) -> str:
    # The uploaded name is never used on disk: a random name and the type read from the content.
    return f"registry/photos/{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}.{instance.file_type or 'bin'}"


class ProductPhoto(models.Model):
    """A product's photo, under MEDIA_ROOT; served only by views that check who may see it (the back office by
    scope, the public directory only for a public product)."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="photos",
                                verbose_name=_("sản phẩm"))
    file = models.FileField(_("tệp ảnh"), upload_to=photo_path, max_length=200)
    file_type = models.CharField(_("định dạng"), max_length=8)  # jpeg, png, webp: from the content
    width = models.PositiveIntegerField(_("rộng (px)"))
    height = models.PositiveIntegerField(_("cao (px)"))
    alt = models.CharField(_("mô tả ảnh"), max_length=200)
    caption = models.CharField(_("chú thích"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("người tải lên"),
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    placement = Placement(via="product")

    class Meta:
        verbose_name = _("ảnh sản phẩm")
        verbose_name_plural = _("ảnh sản phẩm")
        ordering = ["product", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.alt


class CertificateKind(models.TextChoices):
    TYPICAL = "typical", _("Sản phẩm CNNT tiêu biểu")
    OCOP = "ocop", _("OCOP")


class CertificateLevel(models.TextChoices):
    DISTRICT = "district", _("Cấp huyện")
    PROVINCE = "province", _("Cấp tỉnh")
    REGION = "region", _("Cấp khu vực")
    NATIONAL = "national", _("Cấp quốc gia")


class ProductCertificate(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="certificates")
    kind = models.CharField(_("loại"), max_length=8, choices=CertificateKind.choices)
    level = models.CharField(_("cấp"), max_length=8, choices=CertificateLevel.choices, blank=True)
    year = models.PositiveSmallIntegerField(_("năm"))
    score = models.DecimalField(_("điểm"), max_digits=5, decimal_places=2, null=True, blank=True)
    stars = models.PositiveSmallIntegerField(_("số sao OCOP"), null=True, blank=True)
    valid_until = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    decision = models.CharField(_("quyết định"), max_length=120, blank=True)

    placement = Placement(via="product")

    class Meta:
        verbose_name = _("chứng nhận sản phẩm")
        verbose_name_plural = _("chứng nhận sản phẩm")
        constraints = [
            models.CheckConstraint(
                condition=Q(stars__isnull=True) | Q(stars__gte=1, stars__lte=5), name="registry_cert_stars_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year}"


class LegalRule(models.Model):
    """A threshold set by law, with its legal basis and validity dates."""

    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=200)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)

    class Meta:
        abstract = True


class VillageCriteria(LegalRule):
    """ND 52/2018 Điều 5: share of households in the craft and years of stable production."""

    min_craft_household_share = models.DecimalField(
        _("tỷ lệ hộ làm nghề tối thiểu (%)"), max_digits=5, decimal_places=2
    )
    min_stable_years = models.PositiveSmallIntegerField(_("số năm sản xuất ổn định liên tục"))

    class Meta:
        verbose_name = _("tiêu chí làng nghề")
        verbose_name_plural = _("tiêu chí làng nghề")

    def __str__(self) -> str:
        return f"{self.legal_basis}: ≥{self.min_craft_household_share}% hộ, {self.min_stable_years} năm"


class TypicalProductRule(LegalRule):
    """Typical rural-industry product: minimum score and validity (to 31/12 of the N-th year)."""

    min_score = models.DecimalField(_("điểm tối thiểu"), max_digits=5, decimal_places=2)
    valid_years = models.PositiveSmallIntegerField(_("số năm hiệu lực"))

    class Meta:
        verbose_name = _("quy định sản phẩm tiêu biểu")
        verbose_name_plural = _("quy định sản phẩm tiêu biểu")

    def __str__(self) -> str:
        return f"{self.legal_basis}: ≥{self.min_score} điểm, {self.valid_years} năm"


class OcopStarBand(LegalRule):
    stars = models.PositiveSmallIntegerField(_("số sao"))
    min_score = models.DecimalField(_("từ điểm"), max_digits=5, decimal_places=2)
    max_score = models.DecimalField(_("đến điểm"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("khung sao OCOP")
        verbose_name_plural = _("khung sao OCOP")
        ordering = ["stars"]

    def __str__(self) -> str:
        return f"{self.stars}★ {self.min_score}–{self.max_score}"


class DuplicateStatus(models.TextChoices):
    OPEN = "open", _("Chờ xem xét")
    NOT_DUPLICATE = "not_duplicate", _("Không trùng")


class DuplicateFlag(models.Model):
    """Two establishments that look like the same one (same or very close name in the same commune).

    Never merged silently: staff mark the pair "not a duplicate" or merge it on the review page.
    `first` always has the lower primary key, so a pair is stored once.
    """

    first = models.ForeignKey(Establishment, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Establishment, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField(_("độ giống (%)"))
    status = models.CharField(_("trạng thái"), max_length=16, choices=DuplicateStatus.choices,
                              default=DuplicateStatus.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("nghi trùng")
        verbose_name_plural = _("nghi trùng")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="registry_duplicate_pair_unique"),
            models.CheckConstraint(condition=Q(first__lt=models.F("second")), name="registry_duplicate_ordered"),
        ]
        indexes = [models.Index(fields=["status", "-created_at"], name="registry_dup_status_idx")]

    def __str__(self) -> str:
        return f"{self.first} ~ {self.second} ({self.score}%)"
