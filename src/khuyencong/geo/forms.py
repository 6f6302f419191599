"""A form field for a unit typed as a code or a name, with suggestions as one types.

`UnitField` renders a text box (`<name>_code`) and, unless the hierarchy is fixed, a hierarchy select
(`<name>_hierarchy`); htmx fills a datalist from `geo:unit_options` with the matching units, their codes
and where they lie. Its cleaned value is the `AdminUnit` (or None when left empty and not required).
"""

import json

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from khuyencong.geo.models import AdminUnit, Hierarchy, Level
from khuyencong.geo.selectors import UnitNotFound, unit_resolve


class UnitWidget(forms.MultiWidget):
    template_name = "geo/widgets/unit.html"

    def __init__(self, *, level: str | None = Level.COMMUNE, hierarchy: str | None = None, attrs=None):
        self.level, self.hierarchy = level, hierarchy
        widgets = {"code": forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"})}
        if hierarchy is None:
            widgets["hierarchy"] = forms.Select(choices=Hierarchy.choices)
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if isinstance(value, AdminUnit):
            return [value.code, value.hierarchy]
        return [value or "", self.hierarchy or Hierarchy.CURRENT]

    def id_for_label(self, id_):
        return f"{id_}_code" if id_ else id_

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        base_id = context["widget"]["attrs"].get("id") or f"id_{name}"
        # Sub-inputs keep the ids of their names (id_commune_code, id_commune_hierarchy), not _0 and _1.
        for sub, suffix in zip(context["widget"]["subwidgets"], self.widgets_names, strict=True):
            sub["attrs"]["id"] = f"{base_id}{suffix}"
        code = context["widget"]["subwidgets"][0]
        options = f"{base_id}_options"
        params = {"level": self.level or ""}
        if self.hierarchy:
            params["hierarchy"] = self.hierarchy
        code["attrs"].update({
            "list": options, "hx-get": reverse("geo:unit_options"), "hx-trigger": "input changed delay:300ms",
            "hx-target": f"#{options}", "hx-vals": json.dumps(params),
        })
        if self.hierarchy is None:
            code["attrs"]["hx-include"] = f"[name='{name}_hierarchy']"
        context["widget"]["options_id"] = options
        return context


class UnitField(forms.MultiValueField):
    """A unit of `level`, typed as a code or a name (see `geo.selectors.unit_resolve`).

    A form sets `areas` (the units the user works in, e.g. from `accounts.scoping.scope_units`) so that a
    name found in several provinces is settled by where the user works.
    """

    def __init__(self, *, level: str | None = Level.COMMUNE, hierarchy: str | None = None, required: bool = True,
                 **kwargs):
        self.level, self.hierarchy, self.areas = level, hierarchy, None
        fields = [forms.CharField(max_length=200, required=False)]
        if hierarchy is None:
            fields.append(forms.ChoiceField(choices=Hierarchy.choices, required=False))
        kwargs.setdefault("help_text", _("Nhập mã hoặc tên, ví dụ “phu nghia”; chọn trong danh sách gợi ý."))
        kwargs.setdefault("error_messages", {"required": _("Cần nhập mã hoặc tên xã/phường.")})
        super().__init__(fields, require_all_fields=False, required=required,
                         widget=UnitWidget(level=level, hierarchy=hierarchy), **kwargs)

    def compress(self, data_list):
        text = (data_list[0] if data_list else "") or ""
        if not text.strip():
            return None
        hierarchy = self.hierarchy or (data_list[1] if len(data_list) > 1 else "") or Hierarchy.CURRENT
        try:
            return unit_resolve(text, hierarchy=hierarchy, level=self.level, areas=self.areas)
        except UnitNotFound as exc:
            raise ValidationError(str(exc), code="unit") from None

    def validate(self, value):
        # MultiValueField skips this: the hierarchy select always has a value, so only the unit tells emptiness.
        if value is None and self.required:
            raise ValidationError(self.error_messages["required"], code="required")

    def has_changed(self, initial, data):
        return self.widget.decompress(initial)[0] != (data or [""])[0]
