"""The kernel's input rule (``core.textinput``): NFC, carriage returns as newlines, no
control character but tab and newline; and the XML output rule."""

from xml.dom import minidom

import pytest
from django import forms
from django.http import QueryDict
from pydantic import ValidationError

from s2c.core.textinput import CleanStr, CleanTextMixin, TextIn, clean_text, xml_text

C0 = "".join(chr(c) for c in range(0x20))
C1 = "".join(chr(c) for c in range(0x7F, 0xA0))


def test_controls_go_but_tab_and_newline():
    # Of C0 only tab, newline and the carriage return (as a newline) stay.
    assert clean_text(f"a{C0}b{C1}c") == "a\t\n\nbc"
    assert clean_text("nul\x00byte") == "nulbyte"
    assert clean_text("bell\x07 and escape\x1b[31m") == "bell and escape[31m"


def test_carriage_returns_become_newlines():
    assert clean_text("one\r\ntwo\rthree\nfour") == "one\ntwo\nthree\nfour"


def test_unicode_is_nfc():
    decomposed = "Pe\u0301nyuluhan"  # e + combining acute
    assert clean_text(decomposed) == "P\u00e9nyuluhan"
    assert len(clean_text(decomposed)) == len(decomposed) - 1


def test_what_utf8_and_xml_cannot_carry_goes():
    assert clean_text("a\ud800b\udfffc\ufffed\uffffe") == "abcde"


def test_ordinary_text_is_unchanged():
    text = "  Jalan rusak — lubang 2 m² di Jl. Sudirman, Palembang 🚧\n\tRT 03  "
    assert clean_text(text) == text
    assert clean_text("") == ""


def test_xml_text_drops_only_what_xml_cannot_carry():
    stored = "a\x00b\x0bc\x1fd\ud800e\ufffef\ufffftab\tcr\rlf\n\x85\u202e"
    cleaned = xml_text(stored)
    assert cleaned == "abcdeftab\tcr\rlf\n\x85\u202e"
    minidom.parseString(f"<a>{cleaned}</a>".encode("utf-8", "surrogatepass"))


class _Form(CleanTextMixin, forms.Form):
    title = forms.CharField(max_length=5)
    body = forms.CharField(widget=forms.Textarea)
    tags = forms.MultipleChoiceField(choices=[("a", "a"), ("b", "b")], required=False)


def test_a_form_cleans_every_text_before_its_fields():
    data = QueryDict(mutable=True)
    data["title"] = "a\x00b\x01c\x7fde"  # 8 characters sent, 5 kept: within max_length
    data["body"] = "line\r\nnext\x00"
    data.setlist("tags", ["a\x00", "b"])
    form = _Form(data)
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"title": "abcde", "body": "line\nnext", "tags": ["a", "b"]}
    # Re-shown, the form shows what was kept.
    assert "a\x00b" not in str(form["title"])


def test_a_form_takes_a_plain_dict_too():
    form = _Form({"title": "ab\x00", "body": "x\ry"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["body"] == "x\ny"


class _In(TextIn):
    name: str
    note: str | None = None
    answers: dict = {}
    words: list[str] = []


def test_an_api_schema_cleans_every_text_nested_too():
    data = _In(
        name="Bu\x00di\r",
        note="a\r\nb\x1b",
        answers={"k\x00": "v\x07", "n": 3, "list": ["x\x00"]},
        words=["\x01w"],
    )
    assert data.name == "Budi\n"
    assert data.note == "a\nb"
    assert data.answers == {"k": "v", "n": 3, "list": ["x"]}
    assert data.words == ["w"]


def test_a_length_limit_counts_the_cleaned_text():
    from ninja import Field

    class Limited(TextIn):
        title: str = Field(max_length=3)

    assert Limited(title="\x00\x00abc").title == "abc"
    with pytest.raises(ValidationError):
        Limited(title="abcd")


def test_clean_str_for_one_field():
    from ninja import Schema

    class One(Schema):
        text: CleanStr

    assert One(text="a\x00b").text == "ab"
