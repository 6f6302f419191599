"""Helpers shared by the registry views: list pages, history rows, service errors onto forms."""

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext as _

from khuyencong.core.audit import audit_history
from khuyencong.core.audit import history_rows as core_history_rows
from khuyencong.core.forms import add_service_errors
from khuyencong.core.pagination import bounded_count
from khuyencong.registry.models import CraftVillageYear
from khuyencong.registry.paging import seek_page

PAGE_SIZE = 50

# Service field → form field, where the form names the input differently.
FIELD_MAP = {"craft_village": "craft_village_code", "establishment": "establishment_code", "product": None}


def errors_to_form(form, exc: ValidationError) -> None:
    add_service_errors(form, exc, field_map=FIELD_MAP)


def history_rows(obj, limit: int = 100) -> list[dict]:
    """core.audit.history_rows, with labels for certificates and yearly statistics ("2015: số hộ")."""

    entries = list(audit_history(obj)[:limit])
    year_fields = {f.name: f for f in CraftVillageYear._meta.fields}
    labels, fields = {"certificate": _("chứng nhận")}, {}
    for entry in entries:
        for name in entry.changes or {}:
            if ": " in name:
                year, field = name.split(": ", 1)
                if field in year_fields:  # a yearly statistic: its label and formatter
                    fields[name] = year_fields[field]
                    labels[name] = f"{year}: {year_fields[field].verbose_name}"
    return core_history_rows(entries, model=type(obj), labels=labels, fields=fields)


def list_page(request, *, form_class, selector, sorts: dict, template: str, extra: dict | None = None):
    """A filter form, a selector, seek pagination, sort by a whitelist; querystrings for the links."""
    form = form_class(request.GET or None)
    if form.is_bound and not form.is_valid():
        rows, page, total = [], None, None
    else:
        filters = form.filters() if form.is_bound else {}
        sort = request.GET.get("sort") if request.GET.get("sort") in sorts else next(iter(sorts))
        qs = selector(user=request.user, filters=filters)
        page = seek_page(qs, sort=sorts[sort], cursor=request.GET.get("after"), before=request.GET.get("before"),
                         page_size=PAGE_SIZE)
        rows, total = page.rows, bounded_count(qs)
    base = request.GET.copy()
    base.pop("after", None)
    base.pop("before", None)
    sort_base = base.copy()
    sort_base.pop("sort", None)
    context = {
        "form": form, "rows": rows, "page": page, "total": total, "sort": request.GET.get("sort") or next(iter(sorts)),
        "query": base.urlencode(), "sort_query": sort_base.urlencode(),
        "filtered_query": request.GET.urlencode(),
    }
    return render(request, template, context | (extra or {}))
