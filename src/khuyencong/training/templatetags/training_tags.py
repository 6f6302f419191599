from django import template

register = template.Library()


@register.filter
def rate_of(rates, pk):
    return rates.get(pk)
