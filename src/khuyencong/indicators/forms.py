"""Forms of the indicators pages: they parse what was typed and report every error at once, in Vietnamese."""

import re

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from khuyencong.core.formatting import NumberError, parse_number
from khuyencong.core.periods import Period, PeriodError
from khuyencong.geo.models import Hierarchy
from khuyencong.geo.selectors import UnitNotFound
from khuyencong.indicators.catalogue import CATALOGUE, UnknownIndicator, get_indicators
from khuyencong.indicators.engine import BY_CHOICES
from khuyencong.indicators.models import DataElement, FlagState, QualityRule
from khuyencong.indicators.selectors import programme_periods, unit_for


def _unit_code(label, required=True):
    return forms.CharField(label=label, max_length=7, required=required, widget=forms.TextInput(attrs={
        "list": "unit-options", "autocomplete": "off", "placeholder": "01, 277, 10030",
        "hx-get": reverse_lazy("registry:unit_options"), "hx-trigger": "keyup changed delay:300ms",
        "hx-target": "#unit-options", "hx-include": "[name$=hierarchy]"}))


def _hierarchy():
    return forms.ChoiceField(label=_("Hệ thống đơn vị"), choices=Hierarchy.choices, initial=Hierarchy.CURRENT,
                             required=False)


class UnitFormMixin:
    """A unit typed as a code plus its hierarchy → cleaned_data["unit_obj"]; a code of the other hierarchy gets
    a message naming the hierarchy to choose."""

    unit_field, hierarchy_field = "unit_code", "unit_hierarchy"

    def clean(self):
        data = super().clean()
        code = (data.get(self.unit_field) or "").strip()
        data["unit_obj"] = None
        if code:
            try:
                data["unit_obj"] = unit_for(code, data.get(self.hierarchy_field) or Hierarchy.CURRENT)
            except UnitNotFound as exc:
                self.add_error(self.unit_field, str(exc))
        return data


PERIOD_LABEL = _("Kỳ (năm, hoặc năm đầu-năm cuối)")


def _period_field(label=PERIOD_LABEL):
    return forms.CharField(label=label, max_length=20, widget=forms.TextInput(attrs={"placeholder": "2011-2015"}))


def clean_period(value) -> Period:
    try:
        return Period.parse(value)
    except PeriodError as exc:
        raise forms.ValidationError(str(exc)) from None


class ResultForm(UnitFormMixin, forms.Form):
    unit_code = _unit_code(_("Mã đơn vị (tỉnh, huyện cũ, xã)"), required=False)  # empty: the whole country
    unit_hierarchy = _hierarchy()
    period = _period_field()
    by = forms.ChoiceField(label=_("Chia theo"), required=False, choices=[
        ("", _("Không chia")), (BY_CHOICES[0], _("Đơn vị cấp dưới")), (BY_CHOICES[1], _("Từng năm"))])

    def clean_period(self):
        return clean_period(self.cleaned_data["period"])


class GridForm(UnitFormMixin, forms.Form):
    unit_code = _unit_code(_("Mã đơn vị (tỉnh, huyện cũ, xã)"))
    unit_hierarchy = _hierarchy()
    period = _period_field(_("Các năm"))

    def clean_period(self):
        period = clean_period(self.cleaned_data["period"])
        if period.length > 15:
            raise forms.ValidationError(_("Tối đa 15 năm một lần, ví dụ 2011-2025."))
        return period


class CellForm(forms.Form):
    """One cell of the data-entry grid. Text where a number is expected is refused, with what to type."""

    element = forms.ModelChoiceField(queryset=DataElement.objects.all(), to_field_name="code")
    year = forms.IntegerField(min_value=1990, max_value=2100)
    value = forms.CharField(label=_("Giá trị"), max_length=40)
    comment = forms.CharField(label=_("Ghi chú"), max_length=300, required=False)

    def clean_value(self):
        try:
            return parse_number(self.cleaned_data["value"])
        except NumberError:
            raise forms.ValidationError(_("“%(text)s” không phải là số: nhập số, ví dụ 1.350 hoặc 626,5.")
                                        % {"text": self.cleaned_data["value"]}) from None


class UnlockForm(forms.Form):
    reason = forms.CharField(label=_("Lý do mở khoá"), max_length=250)


class DataValueFilterForm(UnitFormMixin, forms.Form):
    """The reported-values export's filters (the web export and `khuyencong export data_values`)."""

    unit_code = _unit_code(_("Mã đơn vị"), required=False)
    unit_hierarchy = _hierarchy()
    element = forms.ModelChoiceField(label=_("Chỉ tiêu dữ liệu"), queryset=DataElement.objects.all(),
                                     to_field_name="code", required=False)
    year = forms.IntegerField(label=_("Năm"), min_value=1990, max_value=2100, required=False)

    def filters(self) -> dict:
        data = self.cleaned_data
        return {"unit": data.get("unit_obj"), "element": data["element"].code if data.get("element") else None,
                "year": data.get("year")}


class TargetFilterForm(DataValueFilterForm):
    element = None
    year = None
    indicator = forms.ChoiceField(label=_("Chỉ tiêu"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [("", _("Tất cả"))] + [(c, i.name) for c, i in CATALOGUE.items()]

    def filters(self) -> dict:
        return {"unit": self.cleaned_data.get("unit_obj"), "indicator": self.cleaned_data.get("indicator")}


class TargetForm(UnitFormMixin, forms.Form):
    indicator = forms.ChoiceField(label=_("Chỉ tiêu"))
    unit_code = _unit_code(_("Mã đơn vị (tỉnh, huyện cũ, xã)"))
    unit_hierarchy = _hierarchy()
    programme = forms.ChoiceField(label=_("Chương trình"), required=False,
                                  help_text=_("Chọn chương trình, hoặc để trống và ghi kỳ bên dưới."))
    period = forms.CharField(label=_("Hoặc kỳ (một năm, hoặc năm đầu-năm cuối)"), max_length=20, required=False,
                             widget=forms.TextInput(attrs={"placeholder": "2020"}))
    low = forms.CharField(label=_("Mức thấp"), max_length=40, required=False)
    high = forms.CharField(label=_("Mức cao"), max_length=40, required=False)
    note = forms.CharField(label=_("Ghi chú, căn cứ"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [(c, f"{i.name} ({i.unit_label})") for c, i in CATALOGUE.items()]
        self.fields["programme"].choices = [("", "—")] + [(str(p), f"{name} ({p.label})")
                                                          for p, name in programme_periods()]

    def _number(self, name):
        try:
            return parse_number(self.cleaned_data.get(name))
        except NumberError:
            raise forms.ValidationError(_("Nhập một số, ví dụ 60.000 hoặc 12,5.")) from None

    def clean_low(self):
        return self._number("low")

    def clean_high(self):
        return self._number("high")

    def clean(self):
        data = super().clean()
        text = data.get("programme") or data.get("period")
        data["period_obj"] = None
        if not text:
            self.add_error("period", _("Chọn một chương trình hoặc ghi kỳ, ví dụ 2016-2020 hoặc 2020."))
        else:
            try:
                data["period_obj"] = Period.parse(text)
            except PeriodError as exc:
                self.add_error("period", str(exc))
        low, high = data.get("low"), data.get("high")
        if "low" in data and "high" in data and low is None and high is None:
            self.add_error("low", _("Cần ít nhất một mức: mức thấp hoặc mức cao."))
        if low is not None and high is not None and low > high:
            self.add_error("high", _("Mức cao nhỏ hơn mức thấp."))
        return data


class QualityFilterForm(forms.Form):
    """The data-quality page's filters; an unknown rule or state is reported, not ignored."""

    rule = forms.ChoiceField(label=_("Quy tắc"), required=False)
    state = forms.ChoiceField(label=_("Trạng thái"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        every = [("", _("Tất cả"))]
        self.fields["rule"].choices = every + list(QualityRule.choices)
        self.fields["state"].choices = every + list(FlagState.choices)
        for name in ("rule", "state"):
            self.fields[name].error_messages["invalid_choice"] = _(
                "“%(value)s” không phải là lựa chọn có trong danh sách: chọn trong danh sách.")

    def filters(self) -> dict:
        return {"rule": self.cleaned_data.get("rule") or "", "state": self.cleaned_data.get("state") or ""}


class FlagCheckForm(forms.Form):
    comment = forms.CharField(
        label=_("Nhận xét khi kiểm tra"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Đã kiểm tra gì, số liệu đúng hay đã sửa ở đâu."),
        error_messages={"required": _("Ghi nhận xét: đã kiểm tra gì, số liệu đúng hay đã sửa ở đâu.")})


# --- the programme page and the pivot table -------------------------------------------------------------

class ProgrammeForm(UnitFormMixin, forms.Form):
    """`?unit_code=01&unit_hierarchy=current&period=2016-2020&indicator=jobs_created` (the indicator drawn in the
    charts and on the map), the same names as the indicators page. An empty unit is the whole country."""

    unit_code = _unit_code(_("Mã đơn vị (tỉnh, huyện cũ, xã)"), required=False)
    unit_hierarchy = _hierarchy()
    period = _period_field(_("Chương trình hoặc kỳ"))
    indicator = forms.ChoiceField(label=_("Chỉ tiêu vẽ biểu đồ và bản đồ"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [(c, i.name) for c, i in CATALOGUE.items()]
        self.fields["indicator"].error_messages["invalid_choice"] = _(
            "Chỉ tiêu “%(value)s” không có trong danh mục: chọn một chỉ tiêu trong danh sách (ví dụ jobs_created).")

    def clean_period(self):
        return clean_period(self.cleaned_data["period"])


MAX_UNITS, MAX_INDICATORS, MAX_PERIODS = 50, 20, 10
# Each unit × period is one computation: the product is bounded too, so a page answers in seconds.
MAX_UNIT_PERIODS = 200
_SPLIT = re.compile(r"[,;\s]+")
_PERIOD_SPLIT = re.compile(r"\s*[,;]\s*|\s{2,}|\n")


class IndicatorsField(forms.MultipleChoiceField):
    """Indicator codes; an unknown one is named with the list of known codes (the engine's message)."""

    def validate(self, value):
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        try:
            get_indicators(value)
        except UnknownIndicator as exc:
            raise forms.ValidationError(str(exc)) from None


class PivotForm(forms.Form):
    """`?indicator=jobs_created&indicator=…&units=01,79&legacy_units=277&periods=2015,2011-2015`: every error is
    reported at once, each naming what to write."""

    indicator = IndicatorsField(label=_("Chỉ tiêu"), widget=forms.CheckboxSelectMultiple,
                                error_messages={"required": _("Chọn ít nhất một chỉ tiêu.")})
    units = forms.CharField(
        label=_("Đơn vị hệ thống hiện hành (từ 01/07/2025)"), required=False, max_length=600,
        help_text=_("Mã tỉnh hoặc xã, cách nhau bởi dấu phẩy: 01, 10030"),
        widget=forms.TextInput(attrs={"placeholder": "01, 10030"}))
    legacy_units = forms.CharField(
        label=_("Đơn vị hệ thống trước 01/07/2025"), required=False, max_length=600,
        help_text=_("Mã tỉnh, huyện hoặc xã cũ, cách nhau bởi dấu phẩy: 277, 10033"),
        widget=forms.TextInput(attrs={"placeholder": "277, 10033"}))
    periods = forms.CharField(
        label=_("Kỳ"), max_length=300,
        help_text=_("Năm hoặc năm đầu-năm cuối, cách nhau bởi dấu phẩy: 2015, 2011-2015"),
        widget=forms.TextInput(attrs={"placeholder": "2015, 2011-2015"}),
        error_messages={"required": _("Ghi ít nhất một kỳ, ví dụ 2015 hoặc 2011-2015.")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [(c, i.name) for c, i in CATALOGUE.items()]

    def clean_indicator(self):
        codes = list(dict.fromkeys(self.cleaned_data["indicator"]))
        if len(codes) > MAX_INDICATORS:
            raise forms.ValidationError(_("Tối đa %(n)s chỉ tiêu một lần (đang chọn %(given)s).")
                                        % {"n": MAX_INDICATORS, "given": len(codes)})
        return get_indicators(codes)

    def _units(self, name, hierarchy):
        found, errors = [], []
        for code in dict.fromkeys(c for c in _SPLIT.split(self.cleaned_data.get(name) or "") if c):
            try:
                found.append(unit_for(code, hierarchy))
            except UnitNotFound as exc:
                errors.append(str(exc))
        if errors:
            raise forms.ValidationError(errors)
        return found

    def clean_units(self):
        return self._units("units", Hierarchy.CURRENT)

    def clean_legacy_units(self):
        return self._units("legacy_units", Hierarchy.LEGACY)

    def clean_periods(self):
        found, errors = [], []
        for text in dict.fromkeys(t.strip() for t in _PERIOD_SPLIT.split(self.cleaned_data["periods"]) if t.strip()):
            try:
                period = Period.parse(text)
            except PeriodError as exc:
                errors.append(str(exc))
                continue
            if period not in found:
                found.append(period)
        if errors:
            raise forms.ValidationError(errors)
        if not found:
            raise forms.ValidationError(self.fields["periods"].error_messages["required"])
        if len(found) > MAX_PERIODS:
            raise forms.ValidationError(_("Tối đa %(n)s kỳ một lần (đang ghi %(given)s).")
                                        % {"n": MAX_PERIODS, "given": len(found)})
        return found

    def clean(self):
        data = super().clean()
        if "units" in data and "legacy_units" in data:
            units = data["units"] + data["legacy_units"]
            data["unit_list"] = units
            if not units:
                self.add_error("units", _("Ghi ít nhất một mã đơn vị, ví dụ 01 (tỉnh) hoặc 277 (huyện cũ)."))
            elif len(units) > MAX_UNITS:
                self.add_error("units", _("Tối đa %(n)s đơn vị một lần (đang ghi %(given)s).")
                               % {"n": MAX_UNITS, "given": len(units)})
            elif data.get("periods") and len(units) * len(data["periods"]) > MAX_UNIT_PERIODS:
                self.add_error("periods", _(
                    "Bảng quá lớn: %(units)s đơn vị × %(periods)s kỳ = %(cells)s dòng, tối đa %(max)s dòng. "
                    "Bớt đơn vị hoặc kỳ.") % {"units": len(units), "periods": len(data["periods"]),
                                              "cells": len(units) * len(data["periods"]), "max": MAX_UNIT_PERIODS})
        return data
