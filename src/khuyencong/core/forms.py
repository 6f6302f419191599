"""Form helpers every app's views use: service errors onto a form, refusing a denied permission, and the
date field that reads and shows dd/mm/yyyy whatever the browser's locale."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

# dd/mm/yyyy as Vietnamese write it (d/m/yyyy too: %d and %m take one digit), also with - or .; ISO as well,
# for links, tests and a browser's autofill.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]


class VNDateInput(forms.DateInput):
    """A text input showing dd/mm/yyyy. Not `type=date`: that shows the browser's locale (mm/dd/yyyy in an
    English browser). No `pattern` either: the browser would stop at the first bad field, and the server
    reports every error of the form at once."""

    input_type = "text"

    def __init__(self, attrs=None):
        defaults = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off", "size": 10,
                    "maxlength": 10, "class": "vn-date"}
        super().__init__(attrs={**defaults, **(attrs or {})}, format="%d/%m/%Y")


class VNDateField(forms.DateField):
    widget = VNDateInput
    input_formats = DATE_INPUT_FORMATS
    default_error_messages = {"invalid": _("Nhập ngày theo dạng dd/mm/yyyy, ví dụ 30/11/2025.")}

    def __init__(self, **kwargs):
        kwargs.pop("input_formats", None)
        super().__init__(input_formats=DATE_INPUT_FORMATS, **kwargs)


def add_service_errors(form, exc: ValidationError, *, field_map: dict | None = None,
                       keep_field_errors: bool = False) -> None:
    """Put a service's errors on the form: on the field when the form has it (after `field_map`, which names the
    form field for a model field such as commune → commune_code), else on the form as a whole.

    With `keep_field_errors`, a field the form already refused keeps only the form's message (its value never
    reached the service, which then calls it missing), and a message the form already shows is not repeated."""
    field_map = field_map or {}
    items = exc.error_dict.items() if hasattr(exc, "error_dict") else [(None, exc.error_list)]
    for name, errors in items:
        target = field_map.get(name, name)
        target = target if target in form.fields else None
        if keep_field_errors and target is not None and target in form.errors:
            continue
        for error in errors:
            for message in error.messages:
                if keep_field_errors and message in form.errors.get(target or NON_FIELD_ERRORS, []):
                    continue
                form.add_error(target, message)


def add_check_errors(form, check, *, field_map: dict | None = None) -> None:
    """Run a service's check before saving (a callable raising ValidationError) from the form's `clean()`, so
    its errors are reported with the field errors in one pass instead of after them."""
    try:
        check()
    except ValidationError as exc:
        add_service_errors(form, exc, field_map=field_map)


def require(decision) -> None:
    """Raise 403 with the reason of a `can_<action>(user, obj) -> (allowed, reason)` decision that refuses."""
    allowed, reason = decision
    if not allowed:
        raise PermissionDenied(reason)
