"""Serializer helpers: every field described in the schema, choice values with their label."""

from django.utils.translation import gettext as _
from rest_framework import serializers


class Described(serializers.Serializer):
    """Fills a field's description (help_text) from its label (the model field's verbose name) when it has none,
    so every field of the schema says what it is."""

    def get_fields(self):
        fields = super().get_fields()
        for name, field in fields.items():
            if not field.help_text:
                field.help_text = field.label or name
        return fields


class DescribedModelSerializer(Described, serializers.ModelSerializer):
    pass


def label_of(field_name: str, help_text):
    """`<field>_label`: the Vietnamese (or English) label of a choice value, as the pages show it."""
    return serializers.CharField(source=f"get_{field_name}_display", read_only=True, help_text=help_text)


def code_of(source: str, help_text):
    return serializers.CharField(source=source, read_only=True, allow_null=True, default=None, help_text=help_text)


class Strict(Described):
    """An input serializer that refuses the keys it does not know (as the forms' bridge does), every one at once."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                keys = ", ".join(sorted(self.fields))
                raise serializers.ValidationError({key: [_("Trường “%(key)s” không có. Các trường nhận: %(keys)s.")
                                                         % {"key": key, "keys": keys}] for key in unknown})
        return super().to_internal_value(data)


def strict_data(serializer_class, payload) -> dict:
    """The validated data of an input serializer, or a 400 naming every problem."""
    serializer = serializer_class(data=payload)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data
