"""The API writes through the pages' own forms: a JSON body is bound to the form the page uses (the same field
rules, code look-ups in the user's scope, the service's checks in `clean()`), then the same service is called.

A unit field of a form (geo.forms.UnitField) is given as "<name>" (a code or a name) and, where the form asks it,
"<name>_hierarchy" (current or legacy), the names of its two inputs on the page. `form_serializer` describes a
form as a serializer, for the schema only.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from khuyencong.geo.forms import UnitField
from khuyencong.geo.models import Hierarchy

SCALARS = (str, int, float, bool)


def _unit_keys(name: str, field) -> list[str]:
    return [name] + ([f"{name}_hierarchy"] if field.hierarchy is None else [])


def accepted_keys(form) -> set[str]:
    keys = set()
    for name, field in form.fields.items():
        if isinstance(field.widget, forms.HiddenInput) and name != "version":
            continue
        keys.update(_unit_keys(name, field) if isinstance(field, UnitField) else [name])
    return keys


def check_payload(payload, form) -> None:
    """A JSON object with only the form's fields, each a plain value of the right kind; every problem at once."""
    if not isinstance(payload, dict):
        raise ValidationError(_("Dữ liệu gửi lên phải là một đối tượng JSON ({…})."))
    errors = {}
    allowed = accepted_keys(form)
    for key, value in payload.items():
        if key not in allowed:
            errors[key] = _("Trường “%(key)s” không có. Các trường nhận: %(keys)s.") % {
                "key": key, "keys": ", ".join(sorted(allowed))}
        elif value is not None and not isinstance(value, SCALARS):
            errors[key] = _("Giá trị phải là chữ, số hoặc true/false, không phải danh sách hay đối tượng.")
        elif isinstance(form.fields.get(key), forms.BooleanField) and value is not None \
                and not isinstance(value, bool):
            errors[key] = _("Giá trị phải là true hoặc false.")
    if errors:
        raise ValidationError(errors)


def bind_data(form, payload: dict) -> dict:
    """Form data from `payload`, the fields it leaves out keeping the form's initial values (a partial update)."""
    data = {}
    for name, field in form.fields.items():
        if isinstance(field, UnitField):
            code, hierarchy = field.widget.decompress(form[name].initial)
            if name in payload:
                code = payload[name]
            hierarchy = payload.get(f"{name}_hierarchy") or hierarchy
            data[f"{name}_code"], data[f"{name}_hierarchy"] = str(code or ""), str(hierarchy or "")
            continue
        value = payload[name] if name in payload else form[name].value()
        if value is None:
            continue
        # a form reads what a browser posts: text (true/false for a box)
        data[name] = bool(value) if isinstance(field, forms.BooleanField) else str(value)
    return data


def bind(form_class, payload, *, initial_form, **kwargs):
    """The bound form, or a ValidationError with its errors (every field's at once)."""
    check_payload(payload, initial_form)
    form = form_class(data=bind_data(initial_form, payload), **kwargs)
    if not form.is_valid():
        raise ValidationError(form_errors(form))
    return form


def form_errors(form) -> dict:
    """Form errors keyed by the API's field names (a unit field's inputs by the field's name)."""
    out: dict[str, list[str]] = {}
    for name, errors in form.errors.items():
        key = None if name == "__all__" else name
        out.setdefault(key or "__all__", []).extend(errors)
    return out


# --- the schema: a form described as a serializer ---------------------------------------------------------------

def _describe(field) -> str:
    parts = [str(field.label or "")]
    if field.help_text:
        parts.append(str(field.help_text))
    return ". ".join(p for p in parts if p) or "—"


def _serializer_field(field):
    common = {"required": field.required, "help_text": _describe(field)}
    if isinstance(field, UnitField):
        return serializers.CharField(**common, allow_blank=not field.required)
    if isinstance(field, forms.FileField):
        return serializers.FileField(**common)
    if isinstance(field, forms.BooleanField):
        return serializers.BooleanField(required=False, help_text=common["help_text"])
    if isinstance(field, forms.ModelChoiceField):
        return serializers.CharField(**common, allow_null=True)
    if isinstance(field, forms.ChoiceField):
        choices = [(k, str(v)) for k, v in field.choices if k != ""]
        if not choices:  # choices the form sets when made (from the catalogue or the database)
            return serializers.CharField(**common, allow_blank=not field.required)
        return serializers.ChoiceField(choices=choices, **common, allow_blank=not field.required)
    if isinstance(field, forms.IntegerField):
        return serializers.IntegerField(**common, allow_null=True, min_value=field.min_value,
                                        max_value=field.max_value)
    if isinstance(field, forms.DecimalField):
        return serializers.DecimalField(max_digits=20, decimal_places=field.decimal_places or 2,
                                        coerce_to_string=False, allow_null=True, **common)
    if isinstance(field, forms.DateField):
        return serializers.CharField(required=field.required, allow_null=True, allow_blank=True,
                                     help_text=f"{common['help_text']} (dd/mm/yyyy, yyyy-mm-dd)")
    return serializers.CharField(**common, allow_blank=not field.required, allow_null=True,
                                 max_length=getattr(field, "max_length", None))


def form_serializer(name: str, form) -> type[serializers.Serializer]:
    """A serializer class named `name` with one field per input of `form`: a form class (its declared fields, so
    no database is read to describe it) or anything with `fields`."""
    attrs = {}
    fields = form.base_fields if isinstance(form, type) else form.fields
    for field_name, field in fields.items():
        if isinstance(field.widget, forms.HiddenInput) and field_name != "version":
            continue
        attrs[field_name] = _serializer_field(field)
        if isinstance(field, UnitField) and field.hierarchy is None:
            attrs[f"{field_name}_hierarchy"] = serializers.ChoiceField(
                choices=Hierarchy.choices, required=False,
                help_text=gettext_lazy("Hệ thống đơn vị của mã: current (hiện hành) hoặc legacy (trước 01/07/2025)."))
    return type(name, (serializers.Serializer,), attrs)
