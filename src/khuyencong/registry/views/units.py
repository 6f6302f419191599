from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.db.models.functions import Length
from django.shortcuts import render

from khuyencong.core.text import fold
from khuyencong.geo.models import AdminUnit, Hierarchy


@login_required
def unit_options(request):
    """<option>s for the unit picker's datalist (htmx): units whose code starts with, or name contains, the text."""
    text = ""
    hierarchy = Hierarchy.CURRENT
    for key, value in request.GET.items():
        if key.endswith("_code"):
            text = value.strip()
        elif key.endswith("_hierarchy") and value in Hierarchy.values:
            hierarchy = value
    units = []
    if len(text) >= 2:
        units = (AdminUnit.objects.filter(Q(code__startswith=text) | Q(search_name__contains=fold(text)),
                                          hierarchy=hierarchy)
                 .select_related("parent").order_by(Length("code"), "code")[:20])  # province, district, commune
    return render(request, "registry/_unit_options.html", {"units": units})
