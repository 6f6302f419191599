"""What the portal registers into lower apps (imported from PortalConfig.ready()): the cache's answers to registry
writes, and the “Soạn bài tin” buttons."""

from khuyencong.core.extensions import public_content_changed, records_changed, register_section
from khuyencong.portal import caching
from khuyencong.portal.permissions import can_compose_from_figures

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

# The “Soạn bài tin” button on a finished report's page (slot "reports.report_detail") and on the programme page
# (slot "indicators.programme"), for editors and approvers of the unit.

BUTTON = "portal/_compose_button.html"


def _on_report(request, report):
    if request is None or report is None or report.state != "done":
        return None
    if not can_compose_from_figures(request.user, report.unit)[0]:
        return None
    return {"report": report, "unit": report.unit, "period": report.period}


def _on_programme(request, page):
    result = page.get("result") if page else None
    if request is None or result is None or result.unit is None:
        return None
    if not can_compose_from_figures(request.user, result.unit)[0]:
        return None
    return {"report": None, "unit": result.unit, "period": result.period}


register_section("reports.report_detail", template=BUTTON, context=_on_report)
register_section("indicators.programme", template=BUTTON, context=_on_programme)
