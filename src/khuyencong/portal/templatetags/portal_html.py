from django import template
from django.utils.safestring import mark_safe

from khuyencong.portal.sanitize import clean_html

register = template.Library()


@register.filter
def article_html(value: str) -> str:
    """An article body shown as HTML: cleaned against the allow-list again at display (stored bodies already are)."""
    return mark_safe(clean_html(value))  # noqa: S308 (nh3 has removed everything outside the allow-list)
