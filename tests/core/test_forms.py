"""The shared date field: dd/mm/yyyy in and out, whatever the browser's locale."""

import datetime

from django import forms

from khuyencong.core.forms import VNDateField


class DatedForm(forms.Form):
    day = VNDateField(label="Ngày")


def test_reads_dd_mm_yyyy_and_iso():
    for text in ("30/11/2025", "30-11-2025", "30.11.2025", "2025-11-30", " 30/11/2025 "):
        form = DatedForm({"day": text})
        assert form.is_valid(), (text, form.errors)
        assert form.cleaned_data["day"] == datetime.date(2025, 11, 30)
    form = DatedForm({"day": "1/2/2026"})
    assert form.is_valid() and form.cleaned_data["day"] == datetime.date(2026, 2, 1)


def test_refuses_what_is_not_a_date_with_the_expected_form():
    for text in ("31/02/2026", "11/30/2025", "hôm nay"):
        form = DatedForm({"day": text})
        assert not form.is_valid()
        assert form.errors["day"] == ["Nhập ngày theo dạng dd/mm/yyyy, ví dụ 30/11/2025."]


def test_shows_dd_mm_yyyy_in_a_text_input():
    html = str(DatedForm(initial={"day": datetime.date(2025, 11, 30)})["day"])
    assert html.startswith('<input type="text" name="day" value="30/11/2025"')
    assert 'placeholder="dd/mm/yyyy"' in html and 'inputmode="numeric"' in html
