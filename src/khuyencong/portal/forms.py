"""Forms of the portal's back office."""

from django import forms
from django.utils.translation import gettext_lazy as _

from khuyencong.core.periods import Period, PeriodError
from khuyencong.geo.models import Hierarchy
from khuyencong.geo.selectors import UnitNotFound
from khuyencong.indicators.selectors import unit_for


# --- “Soạn bài tin” from the figures ---------------------------------------------------------------------------
class ComposeForm(forms.Form):
    """What the “Soạn bài tin” buttons post: a report (`report`), or a unit and a period (the programme page).
    Every error is reported at once, in Vietnamese."""

    report = forms.IntegerField(required=False, min_value=1, error_messages={
        "invalid": _("Mã báo cáo phải là một số."), "min_value": _("Mã báo cáo phải là một số dương.")})
    unit_code = forms.CharField(required=False, max_length=7)
    unit_hierarchy = forms.ChoiceField(required=False, choices=Hierarchy.choices, error_messages={
        "invalid_choice": _("Hệ thống đơn vị “%(value)s” không có: chọn current hoặc legacy.")})
    period = forms.CharField(required=False, max_length=20)

    def clean(self):
        data = super().clean()
        data["unit_obj"] = data["period_obj"] = None
        if data.get("report"):
            return data
        code = (data.get("unit_code") or "").strip()
        if not code:
            self.add_error("unit_code", _("Chọn một đơn vị (tỉnh, huyện cũ hoặc xã) để soạn bài tin."))
        else:
            try:
                data["unit_obj"] = unit_for(code, data.get("unit_hierarchy") or Hierarchy.CURRENT)
            except UnitNotFound as exc:
                self.add_error("unit_code", str(exc))
        try:
            data["period_obj"] = Period.parse(data.get("period") or "")
        except PeriodError as exc:
            self.add_error("period", str(exc))
        return data
