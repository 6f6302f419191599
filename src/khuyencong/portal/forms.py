"""Forms of the public portal."""

from django import forms
from django.utils.translation import gettext_lazy as _

from khuyencong.geo.models import Hierarchy
from khuyencong.geo.selectors import UnitNotFound, unit_get
from khuyencong.registry.models import Recognition
from khuyencong.registry.selectors import PUBLIC_RECOGNITIONS, public_crafts, public_village_units

MAX_PAGE = 10_000


class DirectoryFilterForm(forms.Form):
    """The public directory's filters. A unit is chosen as "hierarchy:code" (today's communes and the old
    districts that hold recognised villages are offered), so both hierarchies filter the same list."""

    q = forms.CharField(label=_("Tìm theo tên làng"), required=False, max_length=100)
    craft = forms.ModelChoiceField(
        label=_("Nghề"), required=False, queryset=public_crafts(), empty_label=_("Tất cả"),
        error_messages={"invalid_choice": _("Nghề đã chọn không có trong danh bạ.")})
    unit = forms.CharField(label=_("Địa bàn"), required=False, max_length=20, widget=forms.Select)
    recognition = forms.ChoiceField(
        label=_("Công nhận"), required=False,
        choices=[("", _("Tất cả"))] + [(v, label) for v, label in Recognition.choices if v in PUBLIC_RECOGNITIONS],
        error_messages={"invalid_choice": _("Loại công nhận đã chọn không hợp lệ.")})
    page = forms.IntegerField(label=_("Trang"), required=False, min_value=1, max_value=MAX_PAGE,
                              widget=forms.HiddenInput,
                              error_messages={"invalid": _("Số trang không hợp lệ."),
                                              "min_value": _("Số trang không hợp lệ."),
                                              "max_value": _("Số trang không hợp lệ.")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        units = public_village_units()
        self.fields["craft"].queryset = public_crafts()
        self.fields["unit"].widget.choices = [
            ("", _("Tất cả")),
            (_("Xã/phường hiện hành"), [(f"{Hierarchy.CURRENT}:{u.code}", u.name) for u in units["current"]]),
            (_("Quận/huyện trước 01/07/2025"),
             [(f"{Hierarchy.LEGACY}:{u.code}", u.name) for u in units["legacy_districts"]]),
        ]

    def clean_unit(self):
        raw = (self.cleaned_data.get("unit") or "").strip()
        if not raw:
            return None
        hierarchy, _sep, code = raw.partition(":")
        if hierarchy not in Hierarchy.values or not code.strip().isdigit():
            raise forms.ValidationError(_("Địa bàn “%(v)s” không hợp lệ: hãy chọn trong danh sách.") % {"v": raw})
        try:
            return unit_get(code=code.strip(), hierarchy=hierarchy)
        except UnitNotFound as exc:
            raise forms.ValidationError(str(exc)) from exc

    def filters(self) -> dict:
        data = self.cleaned_data
        return {"q": data.get("q") or None, "craft": data.get("craft"), "unit": data.get("unit"),
                "recognition": data.get("recognition") or None}
