"""Every error of the API as JSON {"code", "message", "fields"}: in Vietnamese, or in English when the client
sends `Accept-Language: en`. A service's ValidationError is a 400 with each field's messages; a refused permission
a 403 with its reason; a record outside the user's scope a 404, exactly like one that does not exist."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "payload_too_large"


class LengthRequired(exceptions.APIException):
    """A write whose body comes without Content-Length (chunked): Django would read it as empty, so it is refused
    before anything is read or written."""

    status_code = status.HTTP_411_LENGTH_REQUIRED
    default_code = "length_required"


def _messages(value) -> list[str]:
    if isinstance(value, dict):
        return [m for v in value.values() for m in _messages(v)]
    if isinstance(value, list | tuple):
        return [m for v in value for m in _messages(v)]
    return [str(value)]


def _fields(detail) -> dict:
    """{field: [messages]} from a DRF detail or a Django error dict; "__all__" for the non-field ones."""
    if not isinstance(detail, dict):
        return {}
    return {("__all__" if k in ("non_field_errors", None) else str(k)): _messages(v) for k, v in detail.items()}


def body(code: str, message: str, fields: dict | None = None) -> dict:
    return {"code": code, "message": message, "fields": fields or {}}


def _django_validation(exc: DjangoValidationError) -> Response:
    if getattr(exc, "code", None) == "forbidden" or (
            not hasattr(exc, "error_dict") and any(e.code == "forbidden" for e in exc.error_list)):
        return Response(body("permission_denied", " ".join(exc.messages)), status=403)
    if hasattr(exc, "error_dict"):
        fields = {("__all__" if k in ("__all__", None) else k): [m for e in v for m in e.messages]
                  for k, v in exc.error_dict.items()}
    else:
        fields = {"__all__": exc.messages} if len(exc.messages) > 1 else {}
    return Response(body("invalid", _summary(exc.messages, fields), fields), status=400)


def _summary(messages: list[str], fields: dict) -> str:
    """The one message, named by its field ("code: Trường này là bắt buộc."), or a pointer to "fields"."""
    if len(messages) != 1:
        return _("Dữ liệu chưa hợp lệ: xem từng trường trong “fields”.")
    named = [k for k in fields if k != "__all__"]
    return f"{named[0]}: {messages[0]}" if named else messages[0]


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        return _django_validation(exc)
    if isinstance(exc, Http404 | exceptions.NotFound):
        text = str(exc) if str(exc) and not isinstance(exc, exceptions.NotFound) else ""
        return Response(body("not_found", text or _("Không tìm thấy hoặc bạn không có quyền xem.")), status=404)
    if isinstance(exc, DjangoPermissionDenied):
        return Response(body("permission_denied", str(exc) or _("Bạn không có quyền làm việc này.")), status=403)
    if not isinstance(exc, exceptions.APIException):
        return None
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))
    message, fields, code = _describe(exc)
    return Response(body(code, message, fields), status=exc.status_code, headers=headers)


def _describe(exc) -> tuple[str, dict, str]:
    if isinstance(exc, exceptions.ParseError):
        return _("Nội dung gửi lên không phải JSON hợp lệ."), {}, "malformed"
    if isinstance(exc, exceptions.NotAuthenticated):
        return _("Cần đăng nhập hoặc gửi khóa API (Authorization: Bearer …)."), {}, "not_authenticated"
    if isinstance(exc, exceptions.AuthenticationFailed):
        return str(exc.detail), {}, "authentication_failed"
    if isinstance(exc, exceptions.PermissionDenied):
        text = str(exc.detail)
        if text == str(exceptions.PermissionDenied.default_detail):
            text = _("Bạn không có quyền làm việc này.")
        return text, {}, "permission_denied"
    if isinstance(exc, exceptions.Throttled):
        return _("Quá nhiều yêu cầu: hãy thử lại sau %(s)s giây.") % {"s": int(exc.wait or 1)}, {}, "throttled"
    if isinstance(exc, exceptions.MethodNotAllowed):
        return _("Phương thức này không dùng được ở địa chỉ này."), {}, "method_not_allowed"
    if isinstance(exc, exceptions.UnsupportedMediaType):
        return _("Chỉ nhận nội dung JSON (Content-Type: application/json)."), {}, "unsupported_media_type"
    if isinstance(exc, exceptions.NotAcceptable):
        return _("Chỉ trả về JSON."), {}, "not_acceptable"
    if isinstance(exc, PayloadTooLarge | LengthRequired):
        return str(exc.detail), {}, exc.default_code
    if isinstance(exc, exceptions.ValidationError):
        fields = _fields(exc.detail)
        return _summary(_messages(exc.detail), fields), fields, "invalid"
    return str(exc.detail), {}, getattr(exc, "default_code", "error")
