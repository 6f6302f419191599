"""Form helpers every app's views use: service errors onto a form, and refusing a denied permission."""

from django.core.exceptions import PermissionDenied, ValidationError


def add_service_errors(form, exc: ValidationError, *, field_map: dict | None = None) -> None:
    """Put a service's errors on the form: on the field when the form has it (after `field_map`, which names the
    form field for a model field such as commune → commune_code), else on the form as a whole."""
    field_map = field_map or {}
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for name, errors in exc.error_dict.items():
        target = field_map.get(name, name)
        target = target if target in form.fields else None
        for error in errors:
            form.add_error(target, error.messages)


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
