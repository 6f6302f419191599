"""The form that asks for a report: kind, unit (code + hierarchy, as on the indicators pages) and period."""

from django import forms
from django.utils.translation import gettext_lazy as _

from khuyencong.indicators.forms import UnitFormMixin, _hierarchy, _unit_code, clean_period
from khuyencong.reports.models import ReportKind
from khuyencong.reports.services.reports import check_period


class ReportForm(UnitFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Loại báo cáo"), choices=ReportKind.choices, initial=ReportKind.REVIEW)
    unit_code = _unit_code(_("Mã đơn vị (tỉnh, huyện cũ, xã)"))
    unit_hierarchy = _hierarchy()
    period = forms.CharField(label=_("Giai đoạn hoặc năm"), max_length=20,
                             widget=forms.TextInput(attrs={"placeholder": "2011-2015"}))

    def clean_period(self):
        return clean_period(self.cleaned_data["period"])

    def clean(self):
        data = super().clean()
        if data.get("kind") and data.get("period"):
            try:
                check_period(data["kind"], data["period"])
            except forms.ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    for error in errors:
                        self.add_error(field, error)
        return data
