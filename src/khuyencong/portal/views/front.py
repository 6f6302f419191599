from django.shortcuts import render

from khuyencong.core import views as core_views


def front_page(request):
    """`/`: signed-in users get their dashboard; everyone else the portal's front page."""
    if request.user.is_authenticated:
        return core_views.home(request)
    return render(request, "portal/front.html", {})
