"""Sets the visitor cookie that view counting asked for (`request.kc_visitor_cookie`, see services/counting.py).

Only a response whose view called `counting.record_view` for a new visitor carries a Set-Cookie: the pages cached
whole never do.
"""

from django.conf import settings

from khuyencong.portal.services import counting


class VisitorCookieMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        visitor = getattr(request, "kc_visitor_cookie", None)
        if visitor and response.status_code < 400:
            response.set_cookie(counting.VISITOR_COOKIE, visitor, max_age=counting.VISITOR_COOKIE_AGE,
                                httponly=True, samesite="Lax", secure=settings.SESSION_COOKIE_SECURE)
        return response
