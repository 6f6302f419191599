"""The programme page ("Chương trình") and the pivot table ("Bảng tổng hợp"). Thin views: the forms parse and
report bad input in Vietnamese, `dashboards` / `pivot` build from the engine, the permissions decide; a unit
outside the user's area is a 404, like any record outside their scope."""

import tempfile

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from khuyencong.core.forms import require
from khuyencong.indicators import pivot
from khuyencong.indicators.dashboards import programme_page
from khuyencong.indicators.forms import (
    MAX_INDICATORS,
    MAX_PERIODS,
    MAX_UNIT_PERIODS,
    MAX_UNITS,
    PivotForm,
    ProgrammeForm,
)
from khuyencong.indicators.permissions import can_view_indicators, can_view_unit
from khuyencong.indicators.selectors import HOME_TILES, default_period, default_unit, programme_periods


def _require_unit(user, unit) -> None:
    if not can_view_unit(user, unit)[0]:
        raise Http404(_("Không tìm thấy hoặc bạn không có quyền xem."))


@login_required
def programme(request):
    require(can_view_indicators(request.user))
    params = request.GET.copy()
    if "period" not in params:  # opens on the user's own unit and the programme under way
        unit = default_unit(request.user)
        params.update({"unit_code": unit.code if unit else "", "unit_hierarchy": unit.hierarchy if unit else "current",
                       "period": str(default_period())})
    form = ProgrammeForm(params)
    page = None
    if form.is_valid():
        _require_unit(request.user, form.cleaned_data["unit_obj"])
        page = programme_page(unit=form.cleaned_data["unit_obj"], period=form.cleaned_data["period"],
                              chart_code=form.cleaned_data["indicator"])
        params["indicator"] = page["chart_indicator"].code  # the list shows the indicator drawn
    return render(request, "indicators/programme.html", {
        "form": form, "page": page, "programmes": programme_periods(),
        "unit_code": form.data.get("unit_code", ""), "unit_hierarchy": form.data.get("unit_hierarchy", "current"),
    }, status=200 if page is not None else 400)


@login_required
def pivot_table(request):
    require(can_view_indicators(request.user))
    bound = "periods" in request.GET
    form = PivotForm(request.GET if bound else None, initial=_pivot_initial(request.user))
    rows = freshness = None
    if bound and form.is_valid():
        for unit in form.cleaned_data["unit_list"]:
            _require_unit(request.user, unit)
        table = pivot.pivot_table(indicators=form.cleaned_data["indicator"], units=form.cleaned_data["unit_list"],
                                  periods=form.cleaned_data["periods"])
        rows, freshness = table.rows, table.result
        if request.GET.get("format") == "xlsx":
            handle = tempfile.TemporaryFile()
            pivot.write_xlsx(handle, indicators=form.cleaned_data["indicator"], rows=rows)
            handle.seek(0)
            return FileResponse(handle, as_attachment=True, filename="bang-tong-hop-chi-tieu.xlsx")
    return render(request, "indicators/pivot.html", {
        "form": form, "rows": rows, "result": freshness,
        "indicators": form.cleaned_data["indicator"] if rows is not None else [],
        "query": request.GET.urlencode() if rows is not None else "",
        "limits": {"units": MAX_UNITS, "indicators": MAX_INDICATORS, "periods": MAX_PERIODS,
                   "rows": MAX_UNIT_PERIODS},
    }, status=400 if bound and rows is None else 200)


def _pivot_initial(user) -> dict:
    unit = default_unit(user)
    initial = {"indicator": list(HOME_TILES), "periods": str(default_period())}
    if unit is not None:
        initial["units" if unit.hierarchy == "current" else "legacy_units"] = unit.code
    return initial
