"""Serializer helpers: every field described in the schema, choice values with their label."""

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
