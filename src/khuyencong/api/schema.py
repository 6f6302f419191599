"""The OpenAPI description: a write's body is the page's form described as a serializer, a list's query
parameters are its filter form's fields, and every field has a description."""

from django import forms
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter

from khuyencong.api import formbridge
from khuyencong.geo.forms import UnitField

WRITES = {"create", "partial_update", "update"}
_INPUTS: dict = {}


def input_serializer(view):
    """The described body of `view`'s writes (one class per form, reused across actions)."""
    form_class = getattr(view, "input_form", None)
    if form_class is None:
        return None
    name = f"{view.basename.replace('-', '_').title().replace('_', '')}Input"
    if name not in _INPUTS:
        _INPUTS[name] = formbridge.form_serializer(name, form_class)
    return _INPUTS[name]



def _param_type(field):
    if isinstance(field, forms.IntegerField):
        return int
    if isinstance(field, forms.BooleanField):
        return bool
    return str


class ApiSchema(AutoSchema):
    def get_request_serializer(self):
        if self.method in ("POST", "PATCH", "PUT") and getattr(self.view, "action", None) in WRITES:
            described = input_serializer(self.view)
            if described is not None:
                return described
        return super().get_request_serializer()

    def get_override_parameters(self):
        params = list(super().get_override_parameters())
        form_class = getattr(self.view, "filter_form", None)
        if form_class is None or getattr(self.view, "action", None) != "list":
            return params
        for name, field in form_class().fields.items():
            description = formbridge._describe(field)
            if isinstance(field, UnitField):
                params.append(OpenApiParameter(name, str, description=description))
                continue
            enum = None
            if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
                enum = [k for k, _v in field.choices if k != ""]
            params.append(OpenApiParameter(name, _param_type(field), description=description, enum=enum))
        return params


PATH_PARAMETERS = {
    "code": "Mã của bản ghi (ví dụ CS-000123, DA-2025-0001, LH-2025-0001; đơn vị: mã GSO)",
    "id": "Số hiệu của bản ghi",
    "name": "Tên thao tác của quy trình",
}
PAGE_FIELDS = {
    "next": "Địa chỉ trang sau (trống: trang cuối)",
    "previous": "Địa chỉ trang trước (trống: trang đầu)",
    "results": "Các bản ghi của trang",
}


def describe_paths_and_pages(result, generator, request, public):
    """Post-processing: the path parameters and the pages' own fields described like every other field."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for param in operation.get("parameters", []):
                if param.get("in") == "path" and not param.get("description"):
                    param["description"] = PATH_PARAMETERS.get(param["name"], param["name"])
    for name, component in result.get("components", {}).get("schemas", {}).items():
        if name.startswith("Paginated"):
            for field, prop in component.get("properties", {}).items():
                prop.setdefault("description", PAGE_FIELDS.get(field, field))
    return result
