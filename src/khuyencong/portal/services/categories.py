"""The categories of the portal's small catalogue, created when first needed."""

from django.db import transaction

from khuyencong.portal.catalogues import CATEGORIES
from khuyencong.portal.models import Category


@transaction.atomic
def category_ensure(slug: str) -> Category:
    """The catalogue's category with this slug, created (with its name and order) if missing."""
    name, order = next((name, order) for s, name, order in CATEGORIES if s == slug)
    category, _created = Category.objects.get_or_create(slug=slug, defaults={"name": name, "order": order})
    return category


def categories_ensure() -> list[Category]:
    return [category_ensure(slug) for slug, _name, _order in CATEGORIES]
