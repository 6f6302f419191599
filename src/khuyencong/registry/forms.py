"""Forms: they parse and check what was typed; the services decide and write."""

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from khuyencong.accounts.scoping import scope_units
from khuyencong.core.codes import unknown_code
from khuyencong.core.forms import add_check_errors
from khuyencong.geo.forms import UnitField
from khuyencong.geo.models import Hierarchy, Level
from khuyencong.geo.selectors import UnitNotFound, current_commune_for, unit_get
from khuyencong.registry.models import (
    CertificateKind,
    CertificateLevel,
    Craft,
    EstablishmentKind,
    Recognition,
    Sector,
)
from khuyencong.registry.permissions import EDITOR_ROLES
from khuyencong.registry.selectors import establishment_by_code, village_by_code
from khuyencong.registry.services import (
    duplicates_likely,
    establishment_check,
    image_check,
    public_phone_problem,
    village_check,
)

YES_NO = [("", _("Tất cả")), ("1", _("Có")), ("0", _("Không"))]


class UnitPickerMixin:
    """A unit typed as a code plus the hierarchy it is read in (codes are reused across the 2025 reform)."""

    unit_prefix = "commune"
    unit_level: str | None = Level.COMMUNE
    unit_required = True

    def clean(self):
        data = super().clean()
        code = (data.get(f"{self.unit_prefix}_code") or "").strip()
        hierarchy = data.get(f"{self.unit_prefix}_hierarchy") or Hierarchy.CURRENT
        data["unit"] = None
        if not code:
            if self.unit_required:
                self.add_error(f"{self.unit_prefix}_code", _("Cần nhập mã xã/phường."))
            return data
        try:
            data["unit"] = unit_get(code=code, hierarchy=hierarchy, level=self.unit_level)
        except UnitNotFound as exc:
            self.add_error(f"{self.unit_prefix}_code", str(exc))
        if "current_commune_code" in self.fields:
            data["current_commune"] = None
            chosen = (data.get("current_commune_code") or "").strip()
            if chosen:
                try:
                    data["current_commune"] = unit_get(code=chosen, hierarchy=Hierarchy.CURRENT,
                                                       level=Level.COMMUNE)
                except UnitNotFound as exc:
                    self.add_error("current_commune_code", str(exc))
        return data


def _unit_fields(prefix: str, label, required: bool):
    code = forms.CharField(label=label, max_length=5, required=required,
                           widget=forms.TextInput(attrs={
                               "list": f"{prefix}-options", "autocomplete": "off",
                               "hx-get": reverse_lazy("registry:unit_options"),
                               "hx-trigger": "keyup changed delay:300ms",
                               "hx-target": f"#{prefix}-options", "hx-include": f"[name={prefix}_hierarchy]"}))
    hierarchy = forms.ChoiceField(label=_("Hệ thống đơn vị"), choices=Hierarchy.choices, initial=Hierarchy.CURRENT,
                                  required=False)
    return code, hierarchy


class EstablishmentFilterForm(UnitPickerMixin, forms.Form):
    unit_prefix, unit_level, unit_required = "unit", None, False
    q = forms.CharField(label=_("Tìm theo tên"), required=False, max_length=100)
    unit_code, unit_hierarchy = _unit_fields("unit", _("Mã đơn vị (tỉnh, huyện cũ, xã)"), False)
    kind = forms.ChoiceField(label=_("Loại hình"), required=False,
                             choices=[("", _("Tất cả"))] + EstablishmentKind.choices)
    sector = forms.ModelChoiceField(label=_("Ngành"), required=False, queryset=Sector.objects.all(),
                                    to_field_name="code", empty_label=_("Tất cả"))
    craft = forms.ModelChoiceField(label=_("Nghề"), required=False, queryset=Craft.objects.all(),
                                   empty_label=_("Tất cả"))
    recognition = forms.ChoiceField(label=_("Công nhận (làng)"), required=False,
                                    choices=[("", _("Tất cả"))] + Recognition.choices)
    polluting = forms.ChoiceField(label=_("Gây ô nhiễm"), required=False, choices=YES_NO)
    unplaced = forms.BooleanField(label=_("Chỉ hồ sơ chưa xác định xã mới"), required=False)

    def filters(self) -> dict:
        data = self.cleaned_data
        polluting = {"1": True, "0": False}.get(data.get("polluting") or "")
        return {"q": data.get("q"), "unit": data.get("unit"), "kind": data.get("kind"),
                "sector": data["sector"].code if data.get("sector") else None,
                "craft": data["craft"].pk if data.get("craft") else None,
                "recognition": data.get("recognition"), "polluting": polluting, "unplaced": data.get("unplaced")}


class VillageFilterForm(UnitPickerMixin, forms.Form):
    unit_prefix, unit_level, unit_required = "unit", None, False
    q = forms.CharField(label=_("Tìm theo tên"), required=False, max_length=100)
    unit_code, unit_hierarchy = _unit_fields("unit", _("Mã đơn vị (tỉnh, huyện cũ, xã)"), False)
    craft = forms.ModelChoiceField(label=_("Nghề"), required=False, queryset=Craft.objects.all(),
                                   empty_label=_("Tất cả"))
    recognition = forms.ChoiceField(label=_("Công nhận"), required=False,
                                    choices=[("", _("Tất cả"))] + Recognition.choices)
    unplaced = forms.BooleanField(label=_("Chỉ hồ sơ chưa xác định xã mới"), required=False)

    def filters(self) -> dict:
        data = self.cleaned_data
        return {"q": data.get("q"), "unit": data.get("unit"), "recognition": data.get("recognition"),
                "craft": data["craft"].pk if data.get("craft") else None, "unplaced": data.get("unplaced")}


class ProductFilterForm(UnitPickerMixin, forms.Form):
    unit_prefix, unit_level, unit_required = "unit", None, False
    q = forms.CharField(label=_("Tìm theo tên"), required=False, max_length=100)
    unit_code, unit_hierarchy = _unit_fields("unit", _("Mã đơn vị (tỉnh, huyện cũ, xã)"), False)
    kind = forms.ChoiceField(label=_("Loại hình cơ sở"), required=False,
                             choices=[("", _("Tất cả"))] + EstablishmentKind.choices)
    sector = forms.ModelChoiceField(label=_("Ngành"), required=False, queryset=Sector.objects.all(),
                                    to_field_name="code", empty_label=_("Tất cả"))
    new_design = forms.ChoiceField(label=_("Mẫu mới"), required=False, choices=YES_NO)

    def filters(self) -> dict:
        data = self.cleaned_data
        return {"q": data.get("q"), "unit": data.get("unit"), "kind": data.get("kind"),
                "sector": data["sector"].code if data.get("sector") else None,
                "new_design": {"1": True, "0": False}.get(data.get("new_design") or "")}


CURRENT_COMMUNE_LABEL = _("Xã/phường hiện hành (chỉ khi xã cũ bị chia tách)")


class RecordForm(forms.Form):
    """A registry record's form: its unit pickers settle names by the user's units, and the service's checks
    run in `clean()` with the field rules, so every error shows at once."""

    def __init__(self, *args, user=None, instance=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.instance = user, instance
        areas = scope_units(user, roles=EDITOR_ROLES) if user is not None else None
        for field in self.fields.values():
            if isinstance(field, UnitField):
                field.areas = areas

    @staticmethod
    def _chosen(record):
        """Only a choice made for a split commune is shown; a derived current commune is not an input."""
        if record.current_commune_id and record.current_commune_id != record.commune_id \
                and not record.commune.is_current:
            if current_commune_for(record.commune) is None:
                return record.current_commune
        return None


class EstablishmentForm(RecordForm):
    code = forms.CharField(label=_("Mã cơ sở"), max_length=32, required=False,
                           help_text=_("Để trống khi thêm mới: hệ thống cấp mã tiếp theo (CS-000123)."))
    name = forms.CharField(label=_("Tên cơ sở"), max_length=255)
    kind = forms.ChoiceField(label=_("Loại hình"), choices=EstablishmentKind.choices)
    tax_code = forms.CharField(label=_("Mã số thuế"), max_length=14, required=False)
    commune = UnitField(label=_("Xã/phường"))
    address = forms.CharField(label=_("Địa chỉ"), max_length=300, required=False)
    current_commune = UnitField(
        label=CURRENT_COMMUNE_LABEL, hierarchy=Hierarchy.CURRENT, required=False,
        help_text=_("Xã cũ bị chia cho nhiều xã mới: chọn xã mới mà cơ sở thuộc về, theo địa chỉ."))
    sector = forms.ModelChoiceField(label=_("Ngành (NĐ 45/2012, Điều 5)"), required=False,
                                    queryset=Sector.objects.all(), empty_label="—")
    craft_village_code = forms.CharField(label=_("Mã làng nghề"), max_length=32, required=False)
    workers = forms.IntegerField(label=_("Số lao động"), required=False, min_value=0,
                                 error_messages={"min_value": _("Số lao động không được âm.")})
    revenue = forms.IntegerField(label=_("Doanh thu (đồng)"), required=False, min_value=0,
                                 error_messages={"min_value": _("Doanh thu không được âm.")})
    founded_year = forms.IntegerField(label=_("Năm thành lập"), required=False, min_value=1800, max_value=2100)
    polluting = forms.BooleanField(label=_("Gây ô nhiễm môi trường"), required=False)
    confirm_not_duplicate = forms.BooleanField(label=_("Tôi đã kiểm tra, đây không phải trùng lặp"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.duplicates = []

    def clean(self):
        data = super().clean()
        code = (data.get("craft_village_code") or "").strip()
        data["craft_village"] = None
        if code:
            kept = self.instance.craft_village if self.instance is not None else None
            # the village it already has stays, even one outside the user's scope; a new one must be in it
            data["craft_village"] = kept if kept is not None and kept.code == code else village_by_code(
                user=self.user, code=code)
            if data["craft_village"] is None:
                self.add_error("craft_village_code", unknown_code(_("làng nghề"), code))
        est = self.instance
        add_check_errors(self, lambda: establishment_check(
            actor=self.user, code=data.get("code") or "", tax_code=data.get("tax_code"), commune=data.get("commune"),
            current_commune=data.get("current_commune"), exclude_pk=est.pk if est else None))
        self._check_duplicates(data)
        return data

    def _check_duplicates(self, data) -> None:
        """Likely duplicates of a new record (or one whose name or commune changes) are shown before saving;
        saving them needs the box "not a duplicate" ticked."""
        name, commune, est = data.get("name"), data.get("commune"), self.instance
        if not name or commune is None or self.has_error("commune"):
            return
        if est is not None and (est.name, est.commune_id) == (" ".join(name.split()), commune.pk):
            return
        self.duplicates = duplicates_likely(
            name=name, commune=commune, current_commune=current_commune_for(commune) or data.get("current_commune"),
            establishment=est)
        if self.duplicates and not data.get("confirm_not_duplicate"):
            self.add_error("confirm_not_duplicate", _(
                "Có %(n)d cơ sở cùng xã/phường với tên rất giống (xem danh sách). Nếu đây là cơ sở khác, đánh dấu "
                "“Tôi đã kiểm tra, đây không phải trùng lặp” rồi lưu lại.") % {"n": len(self.duplicates)})

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {"code": d.get("code") or "", "name": d["name"], "kind": d["kind"],
                "tax_code": d.get("tax_code") or None, "commune": d["commune"], "address": d.get("address") or "",
                "sector": d.get("sector"), "craft_village": d.get("craft_village"), "workers": d.get("workers"),
                "revenue": d.get("revenue"), "founded_year": d.get("founded_year"),
                "polluting": d.get("polluting", False), "current_commune": d.get("current_commune"),
                "confirmed_not_duplicate": bool(d.get("confirm_not_duplicate") and self.duplicates)}

    @classmethod
    def initial_from(cls, est) -> dict:
        return {"code": est.code, "name": est.name, "kind": est.kind, "tax_code": est.tax_code or "",
                "commune": est.commune, "address": est.address, "sector": est.sector_id,
                "craft_village_code": est.craft_village.code if est.craft_village else "",
                "workers": est.workers, "revenue": est.revenue, "founded_year": est.founded_year,
                "polluting": est.polluting, "current_commune": cls._chosen(est)}


class VillageForm(RecordForm):
    code = forms.CharField(label=_("Mã làng"), max_length=32, required=False,
                           help_text=_("Để trống khi thêm mới: hệ thống cấp mã tiếp theo (LN-000123)."))
    name = forms.CharField(label=_("Tên làng"), max_length=200)
    commune = UnitField(label=_("Xã/phường"))
    crafts = forms.CharField(label=_("Nghề (cách nhau bằng dấu ;)"), max_length=500,
                             help_text=_("Ví dụ: mây tre đan; gốm sứ. Nghề chưa có trong danh mục sẽ được thêm."))
    current_commune = UnitField(
        label=CURRENT_COMMUNE_LABEL, hierarchy=Hierarchy.CURRENT, required=False,
        help_text=_("Xã cũ bị chia cho nhiều xã mới: chọn xã mới mà làng thuộc về, theo địa chỉ."))
    recognition = forms.ChoiceField(label=_("Công nhận"), choices=Recognition.choices)
    recognition_year = forms.IntegerField(label=_("Năm công nhận"), required=False, min_value=1900, max_value=2100)
    recognition_decision = forms.CharField(label=_("Quyết định công nhận"), max_length=120, required=False)
    latitude = forms.DecimalField(label=_("Vĩ độ"), required=False, min_value=-90, max_value=90, decimal_places=6)
    longitude = forms.DecimalField(label=_("Kinh độ"), required=False, min_value=-180, max_value=180, decimal_places=6)
    description = forms.CharField(
        label=_("Giới thiệu (hiện trên cổng thông tin nếu làng đã được công nhận)"), max_length=1500,
        required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Văn bản thường, vài câu về lịch sử và sản phẩm của làng; tối đa 1.500 ký tự."))

    def clean(self):
        data = super().clean()
        names = [n.strip() for n in (data.get("crafts") or "").split(";") if n.strip()]
        if "crafts" in data and not names:
            self.add_error("crafts", _("Cần ít nhất một nghề."))
        data["craft_names"] = names
        village = self.instance
        add_check_errors(self, lambda: village_check(
            actor=self.user, code=data.get("code") or "", commune=data.get("commune"),
            current_commune=data.get("current_commune"), recognition=data.get("recognition"),
            recognition_year=data.get("recognition_year"), exclude_pk=village.pk if village else None))
        return data

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {"code": d.get("code") or "", "name": d["name"], "commune": d["commune"], "crafts": d["craft_names"],
                "recognition": d["recognition"], "recognition_year": d.get("recognition_year"),
                "recognition_decision": d.get("recognition_decision") or "", "latitude": d.get("latitude"),
                "longitude": d.get("longitude"), "current_commune": d.get("current_commune"),
                "description": d.get("description") or ""}

    @classmethod
    def initial_from(cls, v) -> dict:
        return {"code": v.code, "name": v.name, "commune": v.commune,
                "crafts": "; ".join(c.name for c in v.crafts.all()),
                "recognition": v.recognition, "recognition_year": v.recognition_year,
                "recognition_decision": v.recognition_decision, "latitude": v.latitude, "longitude": v.longitude,
                "current_commune": cls._chosen(v), "description": v.description}


class VillageYearForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=1990, max_value=2100)
    households = forms.IntegerField(label=_("Số hộ"), required=False, min_value=0,
                                    error_messages={"min_value": _("Số hộ không được âm.")})
    craft_households = forms.IntegerField(label=_("Số hộ làm nghề"), required=False, min_value=0,
                                          error_messages={"min_value": _("Số hộ làm nghề không được âm.")})
    workers = forms.IntegerField(label=_("Số lao động"), required=False, min_value=0,
                                 error_messages={"min_value": _("Số lao động không được âm.")})
    production_value = forms.IntegerField(label=_("Giá trị sản xuất (đồng)"), required=False, min_value=0,
                                          error_messages={"min_value": _("Giá trị sản xuất không được âm.")})
    export_value = forms.IntegerField(label=_("Giá trị xuất khẩu (đồng)"), required=False, min_value=0,
                                      error_messages={"min_value": _("Giá trị xuất khẩu không được âm.")})

    def clean(self):
        data = super().clean()
        h, c = data.get("households"), data.get("craft_households")
        if h is not None and c is not None and c > h:
            self.add_error("craft_households", _("Số hộ làm nghề (%(c)s) không được lớn hơn tổng số hộ (%(h)s).")
                           % {"c": c, "h": h})
        return data


class ProductForm(forms.Form):
    code = forms.CharField(label=_("Mã sản phẩm"), max_length=32, required=False,
                           help_text=_("Để trống khi thêm mới: hệ thống cấp mã tiếp theo (SP-000123)."))
    name = forms.CharField(label=_("Tên sản phẩm"), max_length=255)
    establishment_code = forms.CharField(label=_("Mã cơ sở"), max_length=32)
    is_new_design = forms.BooleanField(label=_("Mẫu mới"), required=False)
    design_date = forms.DateField(label=_("Ngày thiết kế"), required=False,
                                  input_formats=["%d/%m/%Y", "%Y-%m-%d"],
                                  widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        data = super().clean()
        code = (data.get("establishment_code") or "").strip()
        if code:
            data["establishment"] = establishment_by_code(user=self.user, code=code)
            if data["establishment"] is None:
                self.add_error("establishment_code", unknown_code(_("cơ sở"), code))
        if data.get("design_date") and not data.get("is_new_design"):
            self.add_error("is_new_design", _("Có ngày thiết kế thì sản phẩm phải là mẫu mới."))
        return data

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {"code": d.get("code") or "", "name": d["name"], "establishment": d["establishment"],
                "is_new_design": d.get("is_new_design", False), "design_date": d.get("design_date")}

    @classmethod
    def initial_from(cls, p) -> dict:
        return {"code": p.code, "name": p.name, "establishment_code": p.establishment.code,
                "is_new_design": p.is_new_design,
                "design_date": p.design_date.strftime("%d/%m/%Y") if p.design_date else ""}


class CertificateForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=CertificateKind.choices)
    level = forms.ChoiceField(label=_("Cấp (sản phẩm tiêu biểu)"), required=False,
                              choices=[("", "—")] + CertificateLevel.choices)
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    score = forms.DecimalField(label=_("Điểm"), required=False, min_value=0, max_value=100, decimal_places=2)
    stars = forms.IntegerField(label=_("Số sao OCOP"), required=False, min_value=1, max_value=5)
    decision = forms.CharField(label=_("Quyết định"), max_length=120, required=False)


class ListingForm(forms.Form):
    """The establishment's consent to be named in the public directory, and what it agreed to publish."""

    public_listing = forms.BooleanField(label=_("Cơ sở đồng ý được nêu tên trong danh bạ công khai"),
                                        required=False)
    public_address = forms.CharField(label=_("Địa chỉ được công khai"), max_length=300, required=False)
    public_phone = forms.CharField(label=_("Điện thoại được công khai"), max_length=20, required=False)

    def clean(self):
        data = super().clean()
        if data.get("public_listing"):
            add_check_errors(self, lambda: _phone_check(data.get("public_phone") or ""))
        return data

    @classmethod
    def initial_from(cls, est) -> dict:
        return {"public_listing": est.public_listing, "public_address": est.public_address,
                "public_phone": est.public_phone}


def _phone_check(phone: str) -> None:
    problem = public_phone_problem(" ".join(phone.split()))
    if problem:
        raise ValidationError({"public_phone": problem})


class ProductPhotoForm(forms.Form):
    file = forms.FileField(label=_("Ảnh (JPEG, PNG hoặc WebP; tối đa 5 MB)"),
                           widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
    alt = forms.CharField(label=_("Mô tả ảnh (cho người không xem được ảnh)"), max_length=200)
    caption = forms.CharField(label=_("Chú thích"), max_length=300, required=False)

    def clean(self):
        data = super().clean()
        if data.get("file") is not None:
            add_check_errors(self, lambda: image_check(data["file"]))
        return data
