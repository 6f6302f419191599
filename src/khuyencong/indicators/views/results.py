"""The indicators page (a unit and a period, optionally broken down) and the catalogue. Thin views: the engine
computes, the forms parse, the permissions decide."""

import tempfile

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khuyencong.core.forms import require
from khuyencong.core.spreadsheets import write_sheet
from khuyencong.geo.selectors import NoChildren
from khuyencong.indicators.catalogue import CATALOGUE, Kind
from khuyencong.indicators.engine import compute
from khuyencong.indicators.forms import ResultForm
from khuyencong.indicators.models import DataElement, Target
from khuyencong.indicators.permissions import can_view_indicators, can_view_unit
from khuyencong.indicators.selectors import default_period, default_unit, programme_periods
from khuyencong.indicators.targets import target_status

KIND_LABELS = {Kind.CUMULATIVE: gettext_lazy("Cộng dồn trong kỳ"), Kind.STOCK: gettext_lazy("Tại cuối kỳ"),
               Kind.RATE: gettext_lazy("Tỷ lệ / tăng trưởng")}


def _initial(user) -> dict:
    unit = default_unit(user)
    return {"unit_code": unit.code if unit else "", "unit_hierarchy": unit.hierarchy if unit else "current",
            "period": str(default_period())}


@login_required
def index(request):
    require(can_view_indicators(request.user))
    params = request.GET if "period" in request.GET else _initial(request.user)
    form = ResultForm(params)
    result = None
    if form.is_valid():
        unit = form.cleaned_data["unit_obj"]
        allowed, reason = can_view_unit(request.user, unit)
        if not allowed:
            form.add_error("unit_code", reason)
        else:
            try:
                result = compute(unit=unit, period=form.cleaned_data["period"], by=form.cleaned_data["by"] or None)
            except NoChildren as exc:
                form.add_error("by", str(exc))
    if result is not None and request.GET.get("format") == "xlsx":
        return _xlsx(result)
    return render(request, "indicators/index.html", {
        "form": form, "result": result, "programmes": programme_periods(), "targets": _targets(result),
        "query": request.GET.urlencode() if "period" in request.GET else "",
    }, status=200 if form.is_valid() or not form.is_bound else 400)


def _targets(result) -> dict:
    """The targets set for exactly this unit and period, by indicator code, with their status."""
    if result is None or result.unit is None:
        return {}
    found = Target.objects.filter(unit=result.unit, start_year=result.period.start, end_year=result.period.end)
    return {t.indicator: target_status(t) for t in found.select_related("unit")}


def _xlsx(result):
    """The page's table as XLSX: numbers stay numbers (percent as percent, money in đồng)."""
    json = result.as_json()
    header = [_("Mã"), _("Chỉ tiêu"), _("Đơn vị tính"), _("Tổng")]
    keys = list(result.breakdown or {})
    header += [result.breakdown_labels[k] for k in keys]
    rows = []
    for i in result.indicators:
        row = [i.code, str(i.name), i.unit_label, json["values"][i.code]]
        row += [json["breakdown"][k][i.code] for k in keys]
        rows.append(row)
    handle = tempfile.TemporaryFile()
    write_sheet(handle, title=f"{result.unit.code if result.unit else 'VN'} {result.period}", header=header,
                rows=rows)
    handle.seek(0)
    name = f"chi-tieu-{result.unit.code if result.unit else 'toan-quoc'}-{result.period}.xlsx"
    return FileResponse(handle, as_attachment=True, filename=name)


@login_required
def catalogue(request):
    require(can_view_indicators(request.user))
    return render(request, "indicators/catalogue.html", {
        "indicators": list(CATALOGUE.values()), "kinds": KIND_LABELS, "elements": DataElement.objects.all(),
    })
