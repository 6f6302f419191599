"""Paging without COUNT(*) for lists that sort by offset (the registry's large lists use keyset paging), and the
bounded total every list shows."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from khuyencong.core.formatting import format_number

PAGE_SIZE = 50
# A list shows its exact total up to here, "hơn 10.000" beyond: counting stops at COUNT_LIMIT + 1 rows.
COUNT_LIMIT = 10_000


@dataclass(frozen=True)
class BoundedCount:
    count: int  # at most limit + 1
    limit: int

    @property
    def exact(self) -> bool:
        return self.count <= self.limit

    @property
    def shown(self) -> str:
        """1.234, or "hơn 10.000" when there are more rows than the limit."""
        if self.exact:
            return format_number(self.count)
        return _("hơn %(n)s") % {"n": format_number(self.limit)}


def bounded_count(qs, limit: int | None = None) -> BoundedCount:
    """The rows of `qs`, counted no further than limit + 1: SELECT COUNT(*) FROM (SELECT id … LIMIT 10001), which
    reads at most 10,001 index entries, where a full COUNT(*) of 1M filtered rows would read them all."""
    limit = COUNT_LIMIT if limit is None else limit
    return BoundedCount(qs.order_by().values("pk")[: limit + 1].count(), limit)


def offset_page(qs, request, page_size: int = PAGE_SIZE) -> dict:
    """Fetch one row more than the page to know whether there is a next page; `query` is the querystring
    without `page`, for the pager's links."""
    try:
        number = max(1, int(request.GET.get("page", 1)))
    except ValueError:
        number = 1
    rows = list(qs[(number - 1) * page_size: number * page_size + 1])
    params = request.GET.copy()
    params.pop("page", None)
    return {"rows": rows[:page_size], "number": number, "has_next": len(rows) > page_size,
            "has_previous": number > 1, "query": params.urlencode()}
