"""`{% portal_cache "name" var1 var2 %}…{% endportal_cache %}`: a fragment cached under the public cache's
generation (portal/caching.py), so publishing or editing an article refreshes it at once in every worker."""

from django import template

from khuyencong.portal import caching

register = template.Library()


class PortalCacheNode(template.Node):
    def __init__(self, nodelist, name, vary_on):
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on

    def render(self, context):
        name = self.name.resolve(context)
        parts = [var.resolve(context) for var in self.vary_on]
        return caching.remember(f"tpl:{name}", *parts, compute=lambda: self.nodelist.render(context),
                                request=context.get("request"))


@register.tag("portal_cache")
def do_portal_cache(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"'{bits[0]}' needs a fragment name.")
    nodelist = parser.parse(("endportal_cache",))
    parser.delete_first_token()
    return PortalCacheNode(nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(b) for b in bits[2:]])
