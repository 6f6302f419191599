"""View counting (placeholder until the counting helper lands): record_view(request, article) -> None."""


def record_view(request, article) -> None:
    return None


def shown_count(article) -> int:
    """The view count to print on the article's page."""
    return article.view_count
