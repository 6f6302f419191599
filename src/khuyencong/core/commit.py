"""Work that follows a commit, asked for once per transaction however many writes ask for it."""

from django.db import connection, transaction


def on_commit_once(callback, *, covered_by=(), robust: bool = False) -> None:
    """`transaction.on_commit(callback)` unless this transaction already holds `callback`, or one of `covered_by`
    (callbacks that do its work too): a thousand saved rows queue one refresh, not a thousand. Outside a
    transaction it runs now, as `on_commit` does."""
    if connection.in_atomic_block:
        # Django keeps the pending callbacks as (savepoints, callback, robust) tuples.
        pending = {entry[1] for entry in getattr(connection, "run_on_commit", ()) if isinstance(entry, tuple)}
        if callback in pending or pending.intersection(covered_by):
            return
    transaction.on_commit(callback, robust=robust)
