from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khuyencong.registry import permissions, selectors
from khuyencong.registry.forms import VillageFilterForm, VillageForm, VillageYearForm
from khuyencong.registry.mapping import map_layout
from khuyencong.registry.models import Recognition
from khuyencong.registry.services import village_create, village_update, village_year_upsert
from khuyencong.registry.views.common import errors_to_form, history_rows, list_page

MAP_LIMIT = 5000


@login_required
def village_list(request):
    return list_page(request, form_class=VillageFilterForm, selector=selectors.village_list,
                     sorts=selectors.VILLAGE_SORTS, template="registry/village_list.html",
                     extra={"can_create": permissions.can_create_village(request.user),
                            "import_kind": "craft_villages"})


def _detail_context(request, village, year_form=None):
    years = list(village.years.order_by("year"))
    return {
        "village": village, "years": years, "chart": selectors.village_chart(years),
        "criteria": selectors.village_criteria_check(village),
        "establishments": selectors.establishment_list(user=request.user, filters={"village": village.pk})
        .order_by("name")[:100],
        "history": history_rows(village), "can_edit": permissions.can_edit_village(request.user, village),
        "year_form": year_form or VillageYearForm(),
    }


@login_required
def village_detail(request, pk: int):
    village = selectors.village_get(user=request.user, pk=pk)
    return render(request, "registry/village_detail.html", _detail_context(request, village))


@login_required
def village_card(request, pk: int):
    village = selectors.village_get(user=request.user, pk=pk)
    return render(request, "registry/_village_card.html", {"village": village,
                                                            "last_year": village.years.order_by("-year").first()})


@login_required
@require_POST
def village_year_save(request, pk: int):
    village = selectors.village_get(user=request.user, pk=pk)
    allowed, reason = permissions.can_edit_village(request.user, village)
    if not allowed:
        raise PermissionDenied(reason)
    form = VillageYearForm(request.POST)
    if form.is_valid():
        try:
            village_year_upsert(actor=request.user, village=village, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Đã lưu số liệu năm %(y)s.") % {"y": form.cleaned_data["year"]})
            return redirect("registry:village_detail", pk=village.pk)
    return render(request, "registry/village_detail.html", _detail_context(request, village, form), status=200)


def _save(request, *, village=None):
    if village is None:
        allowed, reason = permissions.can_create_village(request.user)
    else:
        allowed, reason = permissions.can_edit_village(request.user, village)
    if not allowed:
        raise PermissionDenied(reason)
    form = VillageForm(request.POST or None, initial=VillageForm.initial_from(village) if village else {},
                       user=request.user, instance=village)
    if request.method == "POST" and form.is_valid():
        try:
            if village is None:
                saved = village_create(actor=request.user, **form.service_kwargs())
            else:
                kwargs = form.service_kwargs()
                saved = village_update(actor=request.user, village=village, **kwargs)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Đã lưu làng nghề %(code)s.") % {"code": saved.code})
            return redirect("registry:village_detail", pk=saved.pk)
    return render(request, "registry/village_form.html", {"form": form, "village": village})


@login_required
def village_create_view(request):
    return _save(request)


@login_required
def village_edit(request, pk: int):
    return _save(request, village=selectors.village_get(user=request.user, pk=pk))


@login_required
def village_map(request):
    form = VillageFilterForm(request.GET or None)
    filters = form.filters() if form.is_bound and form.is_valid() else {}
    villages = list(selectors.village_list(user=request.user, filters=filters).order_by("pk")[:MAP_LIMIT])
    layout = map_layout(villages)
    colours = {Recognition.NONE: "#8a94a3", Recognition.LANG_NGHE: "#0b5394", Recognition.TRADITIONAL: "#b3261e"}
    for point in layout["points"]:
        point["colour"] = colours[point["village"].recognition]
    legend = [(colours[value], label) for value, label in Recognition.choices]
    return render(request, "registry/village_map.html", {"form": form, "layout": layout, "legend": legend,
                                                          "truncated": len(villages) >= MAP_LIMIT})
