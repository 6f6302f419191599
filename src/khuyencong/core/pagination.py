"""Paging without COUNT(*) for lists that sort by offset (the registry's large lists use keyset paging)."""

PAGE_SIZE = 50


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
