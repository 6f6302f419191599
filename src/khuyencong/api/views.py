"""The base of every API resource: language and size checks on each request, and a viewset that reads through
an app's selectors and writes by binding the page's form and calling the page's service."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _
from rest_framework import mixins, status, viewsets
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from khuyencong.api import formbridge
from khuyencong.api.errors import LengthRequired, PayloadTooLarge
from khuyencong.core.forms import require

LANGUAGES = ("vi", "en")
LIST_PARAMS = {"cursor", "page_size", "format"}
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def request_language(request) -> str | None:
    """The first of vi/en named by Accept-Language, if any."""
    for part in request.META.get("HTTP_ACCEPT_LANGUAGE", "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return None


class ApiViewMixin:
    """Accept-Language chooses the language of messages; a body larger than API_MAX_BODY is refused (413), and
    so is a write's body sent without Content-Length (chunked, 411): its size is not known before it is read."""

    permission_classes = [IsAuthenticated]
    max_body = None  # bytes; None: settings.API_MAX_BODY

    def initial(self, request, *args, **kwargs):
        language = request_language(request)
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        length = request.META.get("CONTENT_LENGTH") or ""
        limit = getattr(self, "max_body", None) or settings.API_MAX_BODY
        if not length and request.META.get("HTTP_TRANSFER_ENCODING") and request.method not in SAFE_METHODS:
            raise LengthRequired(_("Nội dung gửi lên phải có Content-Length (không nhận kiểu chunked), tối đa "
                                   "%(n)s KB.") % {"n": limit // 1024})
        if length.isdigit() and int(length) > limit:
            raise PayloadTooLarge(_("Nội dung gửi lên quá lớn (tối đa %(n)s KB).") % {"n": limit // 1024})
        super().initial(request, *args, **kwargs)


class ReadViewSet(ApiViewMixin, viewsets.GenericViewSet):
    """A read-only resource: `list` through `filter_form` + `selector`, `retrieve` through `get_record`."""

    lookup_field = "code"
    lookup_value_regex = "[^/]+"
    filter_form = None

    def selector(self, filters):
        raise NotImplementedError

    def get_record(self, key):
        raise NotImplementedError

    def filters(self):
        """The list page's own filter form bound to the query string; a bad filter is a 400 naming it."""
        if self.filter_form is None:
            return None
        params = self.request.query_params.copy()
        for name in LIST_PARAMS:
            params.pop(name, None)
        form = self.filter_form(params)
        if not form.is_valid():
            raise ValidationError(formbridge.form_errors(form))
        return form.filters() if hasattr(form, "filters") else form.cleaned_data

    def get_queryset(self):
        return self.selector(self.filters())

    def get_object(self):
        obj = self.get_record(self.kwargs[self.lookup_field])
        if obj is None:
            raise Http404(_("Không tìm thấy hoặc bạn không có quyền xem."))
        return obj

    def list(self, request, *args, **kwargs):
        queryset = self.get_queryset()
        page = self.paginate_queryset(queryset)
        if page is None:  # a short catalogue comes whole
            return Response(self.get_serializer(queryset, many=True).data)
        self.prepare(page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def prepare(self, rows) -> None:
        """Before a page is serialized: e.g. mark which related records the user may see, in one query."""

    def retrieve(self, request, *args, **kwargs):
        obj = self.get_object()
        self.prepare([obj])
        return Response(self.get_serializer(obj).data)


class CreateViewSet(ReadViewSet, mixins.CreateModelMixin):
    """A resource created through the page's form and service. Subclasses give `input_form` (the page's form),
    `form_kwargs(obj)`, `form_initial(obj)`, `can_create()`, `can_edit(obj)`, `save(form, obj)`."""

    input_form = None
    field_map: dict = {}

    def form_kwargs(self, obj) -> dict:
        return {"user": self.request.user}

    def form_initial(self, obj) -> dict:
        return {}

    def can_create(self):
        raise NotImplementedError

    def can_edit(self, obj):
        raise NotImplementedError

    def save(self, form, obj):
        raise NotImplementedError

    def _write(self, obj):
        initial_form = self.input_form(initial=self.form_initial(obj), **self.form_kwargs(obj))
        form = formbridge.bind(self.input_form, self.request.data, initial_form=initial_form,
                               **self.form_kwargs(obj))
        try:
            return self.save(form, obj)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):  # a service's field names, as the API (the form) names them
                raise ValidationError({self.field_map.get(k, k): v for k, v in exc.error_dict.items()}) from exc
            raise

    def create(self, request, *args, **kwargs):
        require(self.can_create())
        saved = self._write(None)
        return Response(self.get_serializer(saved).data, status=status.HTTP_201_CREATED)



class WriteViewSet(CreateViewSet):
    """Created and changed (PATCH: the fields left out keep their values) through the page's form and service."""

    def partial_update(self, request, *args, **kwargs):
        obj = self.get_object()
        require(self.can_edit(obj))
        saved = self._write(obj)
        return Response(self.get_serializer(saved).data)


class UnknownAddressView(ApiViewMixin, APIView):
    """Every address under /api/ that no route names: a JSON 404 (whatever the method), not the site's page."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = []
    schema = None

    def unknown(self, request, *args, **kwargs):
        raise Http404(_("Không có địa chỉ %(path)s trong API: xem danh sách tại /api/docs/.")
                      % {"path": request.path})

    get = post = put = patch = delete = head = options = unknown


def write_with_form(request, form_class, service, *, form_kwargs=None, field_map=None):
    """A sub-resource's write (a village's year, a product's certificate, a trainee's follow-up): bind the page's
    form to the JSON body, call the page's service with the form's cleaned data."""
    form_kwargs = form_kwargs or {}
    form = formbridge.bind(form_class, request.data, initial_form=form_class(**form_kwargs), **form_kwargs)
    try:
        return service(form)
    except ValidationError as exc:
        if hasattr(exc, "error_dict") and field_map:
            raise ValidationError({field_map.get(k, k): v for k, v in exc.error_dict.items()}) from exc
        raise
