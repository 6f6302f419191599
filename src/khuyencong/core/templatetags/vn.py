"""Template filters for Vietnamese formatting; loaded as builtins, so no {% load %} is needed."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

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


@register.simple_tag
def ref(label, in_scope, url_name, *args):
    """A related record on a page: a link when the viewer may open it, else its name marked "ngoài địa bàn" and no
    link (a link would answer 404). `in_scope` comes from accounts.scoping.mark_visible; missing means no link.
    `{% ref village.name village.in_scope "registry:village_detail" village.pk %}`"""
    if in_scope is True:
        return format_html('<a href="{}">{}</a>', reverse(url_name, args=args), label)
    return format_html('{} <span class="muted out-of-scope">({})</span>', label, _("ngoài địa bàn"))
