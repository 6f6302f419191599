"""Seek (keyset) pagination: the next page starts after the last row's (sort value, pk), the previous one
ends before the first row's.

No COUNT(*) and no OFFSET, so page 10,000 of 1M rows costs what page 1 costs: an index range scan of
page_size + 1 rows (the extra row tells whether there is another page). NULLs sort last in both directions.

The order is read as two segments: the rows whose sort value is set, by (value, pk), then the rows where it
is NULL, by pk. Each query stays inside one segment, so every condition is an index range
(`v <= x AND (v < x OR pk > last)`), never an `OR … IS NULL`.
"""

import base64
import json
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import F, Q, QuerySet


@dataclass
class Page:
    rows: list
    next_cursor: str | None
    prev_cursor: str | None
    is_first: bool


def _encode(value, pk) -> str:
    raw = json.dumps([value, pk], default=str, ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str | None):
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value, pk = json.loads(raw)
        if not isinstance(pk, int) or not (value is None or isinstance(value, (str, int))):
            return None
        return value, pk
    except (ValueError, TypeError):
        return None


class _Order:
    def __init__(self, qs: QuerySet, sort: str):
        self.desc = sort.startswith("-")
        self.field = sort.lstrip("-")
        self.nullable = qs.model._meta.get_field(self.field).null
        self.qs = qs

    def _values(self, forward: bool):
        """Non-NULL segment: ordered in the page direction (forward) or against it."""
        qs = self.qs.filter(**{f"{self.field}__isnull": False}) if self.nullable else self.qs
        descending = self.desc == forward
        order = F(self.field).desc() if descending else F(self.field).asc()
        return qs.order_by(order, "-pk" if descending else "pk"), descending

    def _nulls(self, forward: bool):
        descending = self.desc == forward
        return self.qs.filter(**{f"{self.field}__isnull": True}).order_by("-pk" if descending else "pk"), descending

    def _beyond(self, qs, key, descending: bool):
        """Rows strictly past `key` in the given order, as an index range."""
        value, pk = key
        bound, strict, pk_past = ("lte", "lt", Q(pk__lt=pk)) if descending else ("gte", "gt", Q(pk__gt=pk))
        return qs.filter(Q(**{f"{self.field}__{bound}": value}) & (Q(**{f"{self.field}__{strict}": value}) | pk_past))

    def read(self, key, limit: int, forward: bool) -> list:
        """Up to `limit` rows past `key` (None: from the start), going forward or backward."""
        rows: list = []
        in_nulls = key is not None and key[0] is None
        segments = ["values", "nulls"] if forward else ["nulls", "values"]
        if key is not None:  # start in the key's own segment
            segments = segments[segments.index("nulls" if in_nulls else "values"):]
        for segment in segments:
            if segment == "nulls" and not self.nullable:
                continue
            started_here = key is not None and (segment == "nulls") == in_nulls
            if segment == "values":
                qs, descending = self._values(forward)
                if started_here:
                    qs = self._beyond(qs, key, descending)
            else:
                qs, descending = self._nulls(forward)
                if started_here:
                    qs = qs.filter(Q(pk__lt=key[1]) if descending else Q(pk__gt=key[1]))
            rows += list(qs[: limit - len(rows)])
            if len(rows) >= limit:
                break
        return rows

    def valid(self, key):
        """A cursor whose value does not fit the sort field (edited by hand) is ignored: first page."""
        if key is None or key[0] is None:
            return key if key is None or self.nullable else None
        field = self.qs.model._meta.get_field(self.field)
        try:
            value = field.to_python(key[0])
        except ValidationError:
            return None
        if isinstance(value, int) and abs(value) >= 2**63 or abs(key[1]) >= 2**63:
            return None
        return value, key[1]

    def key(self, row) -> str:
        return _encode(getattr(row, self.field), row.pk)


def seek_page(qs: QuerySet, *, sort: str, cursor: str | None = None, before: str | None = None,
              page_size: int) -> Page:
    """`sort` is a field name, with "-" for descending; ties broken by pk in the same direction.
    `cursor` asks for the page after that row, `before` for the page before it."""
    order = _Order(qs, sort)
    back = order.valid(_decode(before))
    if back is not None:
        rows = order.read(back, page_size + 1, forward=False)
        has_more_before = len(rows) > page_size
        rows = list(reversed(rows[:page_size]))
        return Page(rows=rows, next_cursor=order.key(rows[-1]) if rows else None,
                    prev_cursor=order.key(rows[0]) if rows and has_more_before else None,
                    is_first=not has_more_before)
    after = order.valid(_decode(cursor))
    rows = order.read(after, page_size + 1, forward=True)
    has_next = len(rows) > page_size
    rows = rows[:page_size]
    return Page(rows=rows, next_cursor=order.key(rows[-1]) if has_next else None,
                prev_cursor=order.key(rows[0]) if after is not None and rows else None,
                is_first=after is None)
