"""/healthz for monitors. It lives in accounts because who may read the details is a question of roles."""

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from khuyencong.accounts.models import Role
from khuyencong.accounts.permissions import has_role


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
