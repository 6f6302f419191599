"""Machines authenticate with `Authorization: Bearer kc_…` (a token made on the profile page or by
`khuyencong users token`); browsers with their session (and its CSRF token, for writes)."""

from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from khuyencong.accounts.services.tokens import TokenInvalid, token_authenticate

KEYWORDS = (b"bearer", b"token")


class ApiTokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() not in KEYWORDS:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Tiêu đề Authorization phải có dạng “Bearer <khóa API>”."))
        try:
            token = token_authenticate(header[1].decode("latin-1"))
        except TokenInvalid as exc:
            raise exceptions.AuthenticationFailed(str(exc)) from None
        return token.user, token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = ApiTokenAuthentication
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "bearerFormat": "kc_<prefix>_<secret>",
                "description": "Khóa API tạo ở trang Tài khoản hoặc bằng `khuyencong users token USERNAME`."}
