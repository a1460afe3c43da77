"""The one rule for text that people and programs send in, and the one for XML put out.

Every text a form or an API schema accepts passes ``clean_text``:

- Unicode NFC, so "é" typed as e + combining accent and "é" precomposed are one text;
- carriage returns become newlines (CR LF and a lone CR alike);
- every other control character is dropped: C0 (U+0000 NUL to U+001F) except tab and
  newline, DEL (U+007F) and C1 (U+0080 to U+009F); so is what no UTF-8 text or XML 1.0
  document may hold: lone surrogates (U+D800 to U+DFFF) and U+FFFE, U+FFFF.

Forms take it with ``CleanTextMixin`` (before any field sees the data), API input
schemas by extending ``TextIn`` (before any field is validated). Text stored before the
rule may still hold such characters: XML output passes ``xml_text``, which drops what
XML 1.0 cannot carry, so a feed or an Open311 answer is well-formed for any stored text.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Any

from django.http import QueryDict
from ninja import Schema
from pydantic import BeforeValidator, field_validator

# What clean_text drops (after CR became LF): C0 but tab and newline, DEL, C1, lone
# surrogates, and the two non-characters XML forbids.
_DROPPED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# What XML 1.0 cannot carry at all (its Char production): C0 but tab, LF and CR, the
# surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean_text(value: str) -> str:
    """``value`` by the input rule: NFC, CR as LF, no control character but tab and
    newline, nothing XML or UTF-8 cannot carry. No other change (no trimming)."""
    if not value:
        return value
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = _DROPPED.sub("", value)
    return unicodedata.normalize("NFC", value)


def clean_value(value: Any) -> Any:
    """``clean_text`` over a string, or every string inside lists, tuples and dicts
    (keys too); anything else unchanged."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list | tuple):
        return type(value)(clean_value(v) for v in value)
    if isinstance(value, dict):
        return {clean_value(k): clean_value(v) for k, v in value.items()}
    return value


def xml_text(value: str) -> str:
    """``value`` without the characters XML 1.0 cannot carry (for stored text put into
    XML: feeds, Open311)."""
    return _NOT_XML.sub("", value) if value else value


# --- Forms ----------------------------------------------------------------------------


def clean_data(data):
    """A form's submitted data (a QueryDict or a dict) with every text cleaned."""
    if isinstance(data, QueryDict):
        cleaned = QueryDict(mutable=True, encoding=data.encoding)
        for key, values in data.lists():
            cleaned.setlist(clean_text(key), [clean_value(v) for v in values])
        cleaned._mutable = False
        return cleaned
    return {clean_value(k): clean_value(v) for k, v in data.items()}


class CleanTextMixin:
    """Put first in a form's bases: every submitted text follows the input rule before
    any field cleans it, and a re-shown form shows the cleaned text::

        class ReplyForm(CleanTextMixin, forms.Form): ...
    """

    def full_clean(self):
        if self.is_bound and not getattr(self, "_text_cleaned", False):
            self.data = clean_data(self.data)
            self._text_cleaned = True
        super().full_clean()


# --- API schemas ----------------------------------------------------------------------

# One field that follows the rule, for a schema that cannot extend TextIn.
CleanStr = Annotated[str, BeforeValidator(clean_value)]


class TextIn(Schema):
    """The base of an API input schema (body, form or query): every text in it, nested
    ones too, follows the input rule before the field's own validation (so a length
    limit counts the cleaned text)."""

    @field_validator("*", mode="before")
    @classmethod
    def _input_rule(cls, value):
        return clean_value(value)
