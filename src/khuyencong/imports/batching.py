"""Whole-file look-ups for kinds' check_plans/after_write hooks: `pk__in` lists in chunks (SQLite caps bound
parameters; PostgreSQL plans short lists better)."""

from itertools import islice

CHUNK = 2000


def chunks(items, size: int = CHUNK):
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk
