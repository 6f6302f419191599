"""Forms of the indicators pages (filled in below)."""
from django import forms


class DataValueFilterForm(forms.Form):
    def filters(self):
        return {}


class TargetFilterForm(forms.Form):
    def filters(self):
        return {}
