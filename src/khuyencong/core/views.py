from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from khuyencong.accounts.models import Role
from khuyencong.accounts.permissions import has_role


@login_required
def home(request):
    """The dashboard placeholder: indicator tiles come with the indicators app."""
    return render(request, "core/home.html")


@never_cache
@require_GET
def healthz(request):
    """ok or error (503) for monitors; which database and what failed only for administrators and Centre
    staff, so an anonymous caller learns nothing about the stack."""
    details = has_role(request.user, Role.ADMINISTRATOR, Role.CENTRE_STAFF)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # report, don't raise: monitors read the body
        return JsonResponse({"status": "error", **({"database": exc.__class__.__name__} if details else {})},
                            status=503)
    return JsonResponse({"status": "ok", **({"database": connection.vendor} if details else {})})


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: the form was sent with an expired or missing token (a page left open past a login,
    cookies cleared). Say so in Vietnamese and offer the page the user came from, never Django's English 403."""
    referer = request.META.get("HTTP_REFERER", "")
    back = referer if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()) else "/"
    return render(request, "403_csrf.html", {"back": back}, status=403)
