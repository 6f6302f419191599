"""The public directory of recognised craft villages, their products and the establishments that agreed to be
listed. Every page is the same for every visitor (cached whole): no CSRF token, no user."""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from khuyencong.core.files import stored_file_response
from khuyencong.core.pagination import bounded_count, offset_page
from khuyencong.portal.forms import DirectoryFilterForm
from khuyencong.registry import selectors
from khuyencong.registry.mapping import map_layout
from khuyencong.registry.models import Recognition
from khuyencong.registry.services.photos import CONTENT_TYPES

PAGE_SIZE = 30
MAP_LIMIT = 5000
COLOURS = {Recognition.LANG_NGHE: "#0b5394", Recognition.TRADITIONAL: "#b3261e"}


def _filtered(request):
    """The bound filter form and the villages it selects; invalid filters select nothing (status 400)."""
    form = DirectoryFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return form, None
    return form, selectors.public_villages(**(form.filters() if form.is_bound else {}))


@require_safe
def directory(request):
    form, villages = _filtered(request)
    context = {"form": form, "query": ""}
    if villages is not None:
        page = offset_page(villages, request, page_size=PAGE_SIZE)
        context |= {"page": page, "total": bounded_count(villages), "query": page["query"]}
    return render(request, "portal/directory/list.html", context, status=200 if villages is not None else 400)


@require_safe
def village(request, code: str):
    village = selectors.public_village(code)
    return render(request, "portal/directory/village.html", {
        "village": village, "products": selectors.public_products_of(village),
        "establishments": selectors.listed_establishments_of(village),
        "product_limit": selectors.PUBLIC_PRODUCTS_PER_VILLAGE, "listed_limit": selectors.LISTED_PER_VILLAGE,
    })


@require_safe
def village_map(request):
    form, villages = _filtered(request)
    context = {"form": form, "legend": [(COLOURS[value], label) for value, label in Recognition.choices
                                        if value in COLOURS]}
    if villages is not None:
        shown = list(villages.prefetch_related(None)[:MAP_LIMIT])
        layout = map_layout(shown)
        for point in layout["points"]:
            point["colour"] = COLOURS[point["village"].recognition]
        context |= {"layout": layout, "truncated": len(shown) >= MAP_LIMIT}
    return render(request, "portal/directory/map.html", context, status=200 if villages is not None else 400)


@require_safe
@cache_control(public=True, max_age=3600)
def photo(request, pk: int):
    """A product photo, only while its product is public (registry.selectors.public_photo); else 404."""
    photo = selectors.public_photo(pk)
    return stored_file_response(photo.file, missing=_("Không tìm thấy ảnh."),
                                content_type=CONTENT_TYPES.get(photo.file_type, "application/octet-stream"))
