from django import template

register = template.Library()


@register.inclusion_tag("portal/comments/_section.html", takes_context=True)
def comment_section(context, article):
    """Reader comments under an article: the approved ones and the form (placeholder until comments land)."""
    return {"article": article, "request": context.get("request")}
