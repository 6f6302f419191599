from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from khuyencong.geo.models import Hierarchy, Level
from khuyencong.geo.selectors import unit_matches, unit_path


@login_required
def unit_options(request):
    """<option>s for a unit picker's datalist (htmx): code starts with, or name contains, the typed text
    (diacritics and case ignored), each with its code and where it lies."""
    text, hierarchy = "", request.GET.get("hierarchy")
    for key, value in request.GET.items():
        if key.endswith("_code"):
            text = value
        elif key.endswith("_hierarchy"):
            hierarchy = value
    hierarchy = hierarchy if hierarchy in Hierarchy.values else Hierarchy.CURRENT
    level = request.GET.get("level") if request.GET.get("level") in Level.values else None
    units = unit_matches(text, hierarchy=hierarchy, level=level)
    typed = text.strip().lower()
    for unit in units:
        unit.path = unit_path(unit)
        # Browsers only show the options whose text contains what was typed: "phu nghia" needs the folded name.
        unit.hint = unit.search_name if typed and not typed.isdigit() and typed not in unit.name.lower() else ""
    return render(request, "geo/_unit_options.html", {"units": units})
