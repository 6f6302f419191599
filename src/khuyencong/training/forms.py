"""Forms: they parse what a user typed (codes → records, in their scope) and leave the rules to the services."""

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from khuyencong.accounts.scoping import scope_units
from khuyencong.core.catalogues import find_by_name
from khuyencong.core.codes import unknown_code
from khuyencong.core.forms import add_service_errors
from khuyencong.geo.forms import UnitField
from khuyencong.geo.models import Hierarchy
from khuyencong.geo.selectors import UnitNotFound, unit_get
from khuyencong.projects.selectors import project_by_code
from khuyencong.registry.models import Craft
from khuyencong.registry.selectors import establishment_by_code, village_by_code
from khuyencong.training.models import ClassKind, Gender
from khuyencong.training.permissions import EDITOR_ROLES
from khuyencong.training.roster import parse_id_number
from khuyencong.training.services.classes import MAX_CLASS_SIZE, class_problems
from khuyencong.training.services.transplants import transplant_problems

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
# Lazy: the label is translated when a page renders it, not once in the language active at import.
CONFIRM_LABEL = lazy(lambda: gettext("Xác nhận lớp trên %(max)d học viên") % {"max": MAX_CLASS_SIZE}, str)()


def _unit(code, hierarchy, *, level=None):
    try:
        return unit_get(code=code, hierarchy=hierarchy or Hierarchy.CURRENT, level=level)
    except UnitNotFound as exc:
        raise forms.ValidationError(str(exc)) from None


# Service field → form field, where the form names the input differently.
FIELD_MAP = {"village": "village_code", "project": "project_code"}


def _areas(user):
    """The units where `user` records training: a commune name found in several provinces is read there."""
    return scope_units(user, roles=EDITOR_ROLES) if user is not None else None


def _linked(code, *, kept, lookup, what):
    """The record a code names, as the user may see it (core.codes.unknown_code otherwise). The record a class
    already has (`kept`) stays even when it lies outside the user's scope; a new one must be in it."""
    code = (code or "").strip()
    if not code:
        return None
    found = kept if kept is not None and kept.code == code else lookup(code)
    if found is None:
        raise forms.ValidationError(unknown_code(what, code))
    return found


def _craft_choices():
    return Craft.objects.order_by("name").values_list("name", flat=True)


class ClassFilterForm(forms.Form):
    q = forms.CharField(label=_("Mã hoặc tên lớp"), required=False)
    kind = forms.ChoiceField(label=_("Loại lớp"), required=False, choices=[("", _("Tất cả"))] + ClassKind.choices)
    craft = forms.ModelChoiceField(label=_("Nghề"), required=False, queryset=Craft.objects.order_by("name"),
                                   empty_label=_("Tất cả"))
    year = forms.IntegerField(label=_("Năm kết thúc"), required=False, min_value=1990, max_value=2100)
    unit = forms.CharField(label=_("Mã đơn vị"), required=False, max_length=5)
    hierarchy = forms.ChoiceField(label=_("Hệ thống đơn vị"), required=False, choices=Hierarchy.choices)

    def clean(self):
        data = super().clean()
        data["unit"] = _unit(data["unit"], data.get("hierarchy")) if data.get("unit") else None
        return data


class TransplantFilterForm(forms.Form):
    craft = forms.ModelChoiceField(label=_("Nghề"), required=False, queryset=Craft.objects.order_by("name"),
                                   empty_label=_("Tất cả"))
    year = forms.IntegerField(label=_("Năm cấy nghề"), required=False, min_value=1990, max_value=2100)
    sustained = forms.ChoiceField(label=_("Lần kiểm tra gần nhất"), required=False, choices=[
        ("", _("Tất cả")), ("yes", _("Còn duy trì")), ("no", _("Không duy trì")), ("unchecked", _("Chưa kiểm tra"))])
    unit = forms.CharField(label=_("Mã đơn vị"), required=False, max_length=5)
    hierarchy = forms.ChoiceField(label=_("Hệ thống đơn vị"), required=False, choices=Hierarchy.choices)

    def clean(self):
        data = super().clean()
        data["unit"] = _unit(data["unit"], data.get("hierarchy")) if data.get("unit") else None
        return data


class ClassForm(forms.Form):
    code = forms.CharField(label=_("Mã lớp"), max_length=40, required=False,
                           help_text=_("Để trống khi thêm mới: hệ thống cấp mã tiếp theo (LH-<năm khai giảng>-0001)."))
    name = forms.CharField(label=_("Tên lớp"), max_length=255, required=False)
    kind = forms.ChoiceField(label=_("Loại lớp"), choices=ClassKind.choices)
    craft = forms.CharField(label=_("Nghề"), max_length=120, widget=forms.TextInput(attrs={"list": "crafts"}),
                            help_text=_("Tên nghề như thường viết, ví dụ “mây tre đan”; nghề mới được thêm vào "
                                        "danh mục."))
    commune = UnitField(label=_("Xã/phường nơi mở lớp"))
    village_code = forms.CharField(label=_("Mã làng (nếu có)"), max_length=32, required=False)
    start_date = forms.DateField(label=_("Ngày khai giảng"), widget=DATE, input_formats=DATE_FORMATS)
    end_date = forms.DateField(label=_("Ngày kết thúc"), widget=DATE, input_formats=DATE_FORMATS)
    teachers = forms.CharField(label=_("Giáo viên (nghệ nhân, thợ giỏi)"), max_length=400, required=False)
    planned_trainees = forms.IntegerField(label=_("Số học viên kế hoạch"), required=False, min_value=1)
    project_code = forms.CharField(label=_("Mã đề án (đào tạo, quản lý hoặc công nghệ)"), max_length=40,
                                   required=False)
    cost = forms.IntegerField(label=_("Kinh phí (đồng)"), required=False, min_value=0)
    confirm_large = forms.BooleanField(label=CONFIRM_LABEL, required=False)

    def __init__(self, *args, user=None, instance=None, **kwargs):
        self.user, self.instance = user, instance
        super().__init__(*args, **kwargs)
        self.fields["commune"].areas = _areas(user)

    def _link(self, data, name, *, lookup, what):
        kept = getattr(self.instance, name, None) if self.instance is not None else None
        data[name] = None
        try:
            data[name] = _linked(data.get(f"{name}_code"), kept=kept, what=what,
                                 lookup=lambda code: lookup(user=self.user, code=code))
        except forms.ValidationError as exc:
            self.add_error(f"{name}_code", exc)

    def clean(self):
        data = super().clean()
        self._link(data, "village", lookup=village_by_code, what=_("làng"))
        self._link(data, "project", lookup=project_by_code, what=_("đề án"))
        # The service's rules, with the field errors in one pass.
        problems = class_problems(
            actor=self.user, code=data.get("code") or "", commune=data.get("commune"), village=data.get("village"),
            start_date=data.get("start_date"), end_date=data.get("end_date"), project=data.get("project"),
            planned_trainees=data.get("planned_trainees"), confirm_large=data.get("confirm_large", False),
            exclude_pk=self.instance.pk if self.instance else None)
        if problems:
            add_service_errors(self, forms.ValidationError(problems), field_map=FIELD_MAP)
        return data


class TraineeForm(forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    birth_year = forms.IntegerField(label=_("Năm sinh"), required=False, min_value=1900, max_value=2100)
    gender = forms.ChoiceField(label=_("Giới tính"), required=False, choices=[("", "—")] + Gender.choices)
    id_number = forms.CharField(label=_("Số CMND/CCCD"), max_length=20, required=False)
    home_commune = UnitField(label=_("Xã/phường cư trú (hiện hành)"), hierarchy=Hierarchy.CURRENT, required=False)
    completed = forms.BooleanField(label=_("Hoàn thành khoá học"), required=False)
    certificate_number = forms.CharField(label=_("Số chứng chỉ"), max_length=60, required=False)
    confirm_large = forms.BooleanField(label=CONFIRM_LABEL, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["home_commune"].areas = _areas(user)

    def clean_id_number(self):
        try:
            return parse_id_number(self.cleaned_data["id_number"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc)[:1].upper() + str(exc)[1:] + ".") from None



class PasteForm(forms.Form):
    text = forms.CharField(
        label=_("Dán danh sách: mỗi dòng “Họ tên; năm sinh; giới tính; CCCD”"),
        widget=forms.Textarea(attrs={"rows": 8, "placeholder": "Nguyễn Văn An; 1990; Nam; 001090001234"}),
    )
    confirm_large = forms.BooleanField(label=CONFIRM_LABEL, required=False)


class FollowUpForm(forms.Form):
    trainee = forms.ModelChoiceField(label=_("Học viên"), queryset=None, empty_label=None)
    date = forms.DateField(label=_("Ngày theo dõi"), widget=DATE, input_formats=DATE_FORMATS)
    employed = forms.TypedChoiceField(label=_("Tình trạng việc làm"), coerce=lambda v: v == "yes",
                                      choices=[("yes", _("Có việc làm")), ("no", _("Chưa có việc làm"))])
    employer_code = forms.CharField(label=_("Mã cơ sở sử dụng lao động"), max_length=32, required=False)
    employer_name = forms.CharField(label=_("hoặc nơi làm việc (ghi tự do)"), max_length=255, required=False)
    monthly_income = forms.IntegerField(label=_("Thu nhập tháng (đồng)"), required=False, min_value=0)
    note = forms.CharField(label=_("Ghi chú"), max_length=300, required=False)

    def __init__(self, *args, training_class=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["trainee"].queryset = training_class.trainees.filter(completed=True).order_by("pk")

    def clean(self):
        data = super().clean()
        data["employer"] = None
        if data.get("employer_code"):
            employer = establishment_by_code(user=self.user, code=data["employer_code"])
            if employer is None:
                self.add_error("employer_code", unknown_code(_("cơ sở"), data["employer_code"].strip()))
            data["employer"] = employer
        return data


class TransplantForm(forms.Form):
    village_code = forms.CharField(label=_("Mã làng"), max_length=32)
    craft = forms.CharField(label=_("Nghề được cấy"), max_length=120, widget=forms.TextInput(attrs={"list": "crafts"}))
    year = forms.IntegerField(label=_("Năm cấy nghề"), min_value=1990, max_value=2100)
    project_code = forms.CharField(label=_("Mã đề án (đào tạo, quản lý hoặc công nghệ)"), max_length=40,
                                   required=False)
    households_trained = forms.IntegerField(label=_("Số hộ được đào tạo"), required=False, min_value=0)
    note = forms.CharField(label=_("Ghi chú"), max_length=300, required=False)

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        for name, lookup, what in (("village", village_by_code, _("làng")), ("project", project_by_code, _("đề án"))):
            data[name] = None
            try:
                data[name] = _linked(data.get(f"{name}_code"), kept=None, what=what,
                                     lookup=lambda code, lookup=lookup: lookup(user=self.user, code=code))
            except forms.ValidationError as exc:
                self.add_error(f"{name}_code", exc)
        if data.get("village") is not None:  # the service's rules, with the field errors in one pass
            problems = transplant_problems(
                actor=self.user, village=data["village"], craft=find_by_name(Craft, data.get("craft")),
                year=data.get("year"), project=data.get("project"))
            if problems:
                add_service_errors(self, forms.ValidationError(problems), field_map=FIELD_MAP)
        return data


class CheckForm(forms.Form):
    year = forms.IntegerField(label=_("Năm kiểm tra"), min_value=1990, max_value=2100)
    still_practising = forms.TypedChoiceField(label=_("Kết quả"), coerce=lambda v: v == "yes",
                                              choices=[("yes", _("Còn duy trì nghề")), ("no", _("Không duy trì"))])
    craft_households = forms.IntegerField(label=_("Số hộ làm nghề"), required=False, min_value=0)
    note = forms.CharField(label=_("Ghi chú"), max_length=300, required=False)


def craft_names():
    return list(_craft_choices())
