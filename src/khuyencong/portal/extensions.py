"""What the portal registers into lower apps (imported from PortalConfig.ready())."""

from khuyencong.core.extensions import public_content_changed
from khuyencong.portal import caching


def _registry_public_changed() -> None:
    # A registry write changed what the directory shows: the cached public pages are stale.
    caching.invalidate_public_pages()


public_content_changed.register(_registry_public_changed)
