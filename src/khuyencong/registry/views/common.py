"""Helpers shared by the registry views: list pages, history rows, service errors onto forms."""

import datetime

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext as _

from khuyencong.core.audit import audit_history
from khuyencong.core.formatting import format_date
from khuyencong.registry.paging import seek_page

PAGE_SIZE = 50

# Service field → form field, where the form names the input differently.
FIELD_MAP = {"commune": "commune_code", "current_commune": "current_commune_code",
             "craft_village": "craft_village_code", "establishment": "establishment_code", "product": None}


def errors_to_form(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = FIELD_MAP.get(field, field)
            target = target if target in form.fields else None
            for error in errors:
                form.add_error(target, error.messages)
    else:
        form.add_error(None, exc.messages)


def _shown(value):
    if value is True:
        return _("Có")
    if value is False:
        return _("Không")
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return format_date(datetime.date.fromisoformat(value))
        except ValueError:
            return value
    return value


def history_rows(obj, limit: int = 100) -> list[dict]:
    labels = {f.name: str(f.verbose_name) for f in [*obj._meta.fields, *obj._meta.many_to_many]}
    labels["certificate"] = _("chứng nhận")
    rows = []
    for entry in audit_history(obj)[:limit]:
        changes = []
        for name, pair in (entry.changes or {}).items():
            old, new = (pair + [None, None])[:2] if isinstance(pair, list) else (None, pair)
            label = labels.get(name, name)
            if ": " in name:  # yearly statistics: "2015: households"
                year, field = name.split(": ", 1)
                from khuyencong.registry.models import CraftVillageYear

                names = {f.name: str(f.verbose_name) for f in CraftVillageYear._meta.fields}
                label = f"{year}: {names.get(field, field)}"
            changes.append({"label": label, "old": _shown(old), "new": _shown(new)})
        rows.append({"entry": entry, "changes": changes})
    return rows


def list_page(request, *, form_class, selector, sorts: dict, template: str, extra: dict | None = None):
    """A filter form, a selector, seek pagination, sort by a whitelist; querystrings for the links."""
    form = form_class(request.GET or None)
    if form.is_bound and not form.is_valid():
        rows, page = [], None
    else:
        filters = form.filters() if form.is_bound else {}
        sort = request.GET.get("sort") if request.GET.get("sort") in sorts else next(iter(sorts))
        page = seek_page(selector(user=request.user, filters=filters), sort=sorts[sort],
                         cursor=request.GET.get("after"), before=request.GET.get("before"), page_size=PAGE_SIZE)
        rows = page.rows
    base = request.GET.copy()
    base.pop("after", None)
    base.pop("before", None)
    sort_base = base.copy()
    sort_base.pop("sort", None)
    context = {
        "form": form, "rows": rows, "page": page, "sort": request.GET.get("sort") or next(iter(sorts)),
        "query": base.urlencode(), "sort_query": sort_base.urlencode(),
        "filtered_query": request.GET.urlencode(),
    }
    return render(request, template, context | (extra or {}))
