"""The public pages' cache (placeholder until the caching work lands)."""


def invalidate_public_pages() -> None:
    return None
