from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme


@login_required
def home(request):
    """The dashboard placeholder: indicator tiles come with the indicators app."""
    return render(request, "core/home.html")


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: the form was sent with an expired or missing token (a page left open past a login,
    cookies cleared). Say so in Vietnamese and offer the page the user came from, never Django's English 403."""
    referer = request.META.get("HTTP_REFERER", "")
    back = referer if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()) else "/"
    return render(request, "403_csrf.html", {"back": back}, status=403)
