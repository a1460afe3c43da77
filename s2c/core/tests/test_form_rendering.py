"""Core's form partials (core/partials/field.html and form_errors.html), which every S2C
form renders through: required fields marked with a text for screen readers and the mark
explained once; a field with an error marked invalid, its message naming it and linked
with aria-describedby; a summary at the top linking every error."""

from __future__ import annotations

import pytest
from django import forms
from django.template import engines
from django.utils import translation

pytestmark = pytest.mark.django_db

PAGE = """{% include "core/partials/form_errors.html" %}
{% for field in form %}{% include "core/partials/field.html" %}{% endfor %}"""


class _Form(forms.Form):
    name = forms.CharField(label="Name", help_text="As on your ID card.")
    city = forms.CharField(label="City", required=False)
    size = forms.ChoiceField(
        label="Size", choices=[("s", "Small"), ("l", "Large")], widget=forms.RadioSelect
    )


def render(form, language="en") -> str:
    with translation.override(language):
        return engines["django"].from_string(PAGE).render({"form": form})


def test_required_fields_carry_a_mark_for_eyes_and_screen_readers():
    html = render(_Form())
    mark = (
        '<span class="required-mark"><span aria-hidden="true"> *</span>'
        '<span class="visually-hidden"> (required)</span></span>'
    )
    assert f'<label for="id_name">Name{mark}</label>' in html
    assert '<label for="id_city">City</label>' in html
    # A group of radio buttons is a fieldset whose legend carries the mark.
    assert f'<legend class="label">Size{mark}</legend>' in html
    assert html.count("Fields marked with * are required.") == 1
    assert "(wajib)" in render(_Form(), "id")
    assert "Kolom bertanda * wajib diisi." in render(_Form(), "id")


def test_a_form_without_required_fields_has_no_legend():
    class Filters(forms.Form):
        q = forms.CharField(required=False)

    assert "required" not in render(Filters())


def test_errors_are_named_linked_and_summarised():
    html = render(_Form({"name": "", "city": "Palembang"}))
    assert (
        '<input type="text" name="name" required aria-invalid="true" '
        'aria-describedby="id_name_helptext id_name_error" id="id_name">'
    ) in html
    assert (
        '<ul class="errorlist" id="id_name_error"><li><span class="visually-hidden">Name: '
        "</span>This field is required.</li></ul>"
    ) in html
    assert "aria-invalid" not in html.split('name="city"')[1].split(">")[0]
    summary = html.split("</div>")[0]
    assert '<div class="form-errors" role="alert" tabindex="-1" data-error-summary>' in summary
    assert '<li><a href="#id_name">Name: This field is required.</a></li>' in summary
    # A radio group's link goes to its first button; the fieldset is described by the error.
    assert '<li><a href="#id_size_0">Size: This field is required.</a></li>' in summary
    assert '<fieldset class="field has-error" aria-describedby="id_size_error">' in html


def test_errors_of_the_whole_form_are_in_the_summary():
    form = _Form({"name": "Budi", "size": "s"})
    form.is_valid()
    form.add_error(None, "Give an email address or a phone number.")
    html = render(form)
    assert "<li>Give an email address or a phone number.</li>" in html


def test_a_real_page_the_staff_sign_in(client):
    html = client.post(
        "/masuk/", {"username": "", "password": ""}, headers={"accept-language": "en"}
    ).content.decode()
    assert 'aria-invalid="true"' in html
    assert '<a href="#id_username">Username: This field is required.</a>' in html
    assert 'id="id_username_error"' in html
