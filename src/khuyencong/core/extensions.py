"""Extension points: how a higher app adds to a lower app's page or rule without the lower app importing it.

Dependencies run one way (core → geo → accounts → imports → registry → projects → training → …). When a
lower app's page must show something a higher app owns (an establishment's projects, a project's training
classes), the lower app names a slot and renders whatever was registered into it; the higher app registers
from its `AppConfig.ready()`. Nothing here knows any app.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Section:
    template: str
    # context(request, obj) -> dict, or None to show nothing for this object.
    context: Callable
    order: int = 100


_SECTIONS: dict[str, list[Section]] = {}


def register_section(slot: str, *, template: str, context: Callable, order: int = 100) -> None:
    """Add a block to every page that renders `slot` (e.g. "registry.establishment_detail")."""
    sections = _SECTIONS.setdefault(slot, [])
    if not any(s.template == template for s in sections):  # ready() may run twice under the test runner
        sections.append(Section(template, context, order))
        sections.sort(key=lambda s: s.order)


def render_sections(slot: str, *, request, obj) -> SafeString:
    parts = []
    for section in _SECTIONS.get(slot, []):
        context = section.context(request, obj)
        if context is not None:
            parts.append(render_to_string(section.template, context, request=request))
    return mark_safe("".join(parts))


class Hook:
    """A named list of callables that higher apps add to; the lower app calls them all and keeps the answers.

    Example: the acceptance form of a project asks `acceptance_initial(project)` of every receiver (the
    training app answers the completing trainees of the project's classes).
    """

    def __init__(self, name: str):
        self.name = name
        self._receivers: list[Callable] = []

    def register(self, receiver: Callable) -> Callable:
        if receiver not in self._receivers:
            self._receivers.append(receiver)
        return receiver

    def __call__(self, *args, **kwargs) -> list:
        return [receiver(*args, **kwargs) for receiver in self._receivers]


# records_changed(source=...): called after the commit of a write that changed records in bulk or moved a
# project through its workflow (source "import:<kind>", "projects.transition"). Receivers keep what they
# derive from records in step (the indicators app marks its aggregate tables stale and queues a refresh).
records_changed = Hook("core.records_changed")

# public_content_changed(): called after the commit of a write that may change what the public portal shows (a
# village's description, a listed establishment, a product's photo or certificate). The portal answers it by
# invalidating its cached public pages; apps below the portal call it without knowing the portal.
public_content_changed = Hook("core.public_content_changed")
