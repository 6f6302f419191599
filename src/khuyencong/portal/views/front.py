from django.shortcuts import render

from khuyencong.core import views as core_views
from khuyencong.portal import selectors

FRONT_COUNT = 9


def front_page(request):
    """`/`: signed-in users get their dashboard; everyone else the portal's front page (cached whole for
    anonymous visitors: nothing on it depends on the visitor)."""
    if request.user.is_authenticated:
        return core_views.home(request)
    latest = list(selectors.public_articles()[:FRONT_COUNT])
    return render(request, "portal/front.html", {
        "top": latest[0] if latest else None, "more": latest[1:], "categories": selectors.public_categories()})
