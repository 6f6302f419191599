"""Template filters for Vietnamese formatting; loaded as builtins, so no {% load %} is needed."""

from django import template

from khuyencong.core import formatting
from khuyencong.core.extensions import render_sections

register = template.Library()


@register.filter
def vn_number(value, decimals=None):
    return formatting.format_number(value, None if decimals in (None, "") else int(decimals))


@register.filter
def vnd(value, unit="auto"):
    return formatting.format_vnd(value, unit)


@register.filter
def vn_date(value):
    return formatting.format_date(value)


@register.filter
def vn_datetime(value):
    return formatting.format_datetime(value)


@register.filter
def vn_percent(value, decimals=1):
    return formatting.format_percent(value, int(decimals))


@register.simple_tag(takes_context=True)
def page_sections(context, slot, obj):
    """What other apps registered for this page (core.extensions):
    `{% page_sections "registry.establishment_detail" est %}`."""
    return render_sections(slot, request=context.get("request"), obj=obj)
