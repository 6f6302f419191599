"""View counting (placeholder until the counting helper lands): record_view(request, article) -> None."""


def record_view(request, article) -> None:
    return None
