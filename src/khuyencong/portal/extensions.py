"""What the portal registers into lower apps (imported from PortalConfig.ready())."""

from khuyencong.core.extensions import public_content_changed, records_changed
from khuyencong.portal import caching

# Import kinds whose rows the public directory shows (villages, their establishments and products).
DIRECTORY_IMPORTS = {"import:craft_villages", "import:establishments", "import:products"}


def _registry_public_changed() -> None:
    # A registry write changed what the directory shows: the cached public pages are stale.
    caching.invalidate_public_pages()


def _records_changed(*, source: str | None = None, **_signal) -> None:
    # Imports write in bulk, past the registry services: a directory kind empties the public page cache too.
    if source in DIRECTORY_IMPORTS:
        caching.invalidate_public_pages()


public_content_changed.register(_registry_public_changed)
records_changed.register(_records_changed)
