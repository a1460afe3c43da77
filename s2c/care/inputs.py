"""The limits and the cleaning of what people type into Sumsel Care, in one place.

The services apply them (and only the services refuse a value); the citizen forms and the
API schemas read the same constants for the browser's ``maxlength`` and the OpenAPI
document, so a value gets the same refusal through the page and through the API.

Every text cleaned here follows the kernel's input rule first (``core.textinput``: NFC,
no control character but tab and newline), so what the page, the API and Open311 hand
the services is stored the same way whichever door it came through.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext as _

from s2c.core.errors import ApplicationError
from s2c.core.textinput import clean_text, clean_value


@dataclass(frozen=True)
class Length:
    min: int
    max: int


# A complaint as submitted.
TITLE = Length(5, 200)
DESCRIPTION = Length(10, 5000)
ADDRESS = Length(0, 300)
KECAMATAN = Length(0, 100)
NAME = Length(0, 150)
EMAIL = Length(0, 254)
PHONE = Length(0, 30)
ATTRIBUTE_TEXT = Length(0, 1000)
# Staff and reporter texts: replies, reasons, resolutions, notes; the public version.
TEXT = Length(0, 5000)
PUBLIC_TITLE = Length(0, TITLE.max)
PUBLIC_DESCRIPTION = Length(0, DESCRIPTION.max)
# The reporter's comment with a rating.
COMMENT = Length(0, 2000)
# The phone number once cleaned: digits with an optional leading +.
PHONE_RE = re.compile(r"^\+?[0-9]{8,15}$")

# The form field (and API field) each limit belongs to, for the tests and the docs.
REPORT_FIELDS = {
    "title": TITLE,
    "description": DESCRIPTION,
    "address": ADDRESS,
    "kecamatan": KECAMATAN,
    "name": NAME,
    "email": EMAIL,
    "phone": PHONE,
}


def one_line(value: str | None) -> str:
    """By the input rule; runs of white space (newlines too) become one space; ends
    trimmed."""
    return " ".join(clean_text(value or "").split())


def multi_line(value: str | None) -> str:
    """By the input rule (so line ends are plain newlines); ends trimmed."""
    return clean_text(value or "").strip()


def cleaned(data):
    """A dataclass of input (``ComplaintInput``) with every text in it, attribute
    answers too, by the input rule: the one step each door's data passes."""
    changes = {
        name: clean_value(value)
        for name, value in vars(data).items()
        if isinstance(value, str | list | dict)
    }
    return dataclasses.replace(data, **changes)


def normalize_phone(phone: str | None) -> str:
    """Digits with an optional leading +; 0812… and +62812… become the same contact."""
    cleaned = re.sub(r"[\s.\-()]", "", phone or "")
    if cleaned.startswith("+62"):
        cleaned = "0" + cleaned[3:]
    elif cleaned.startswith("62") and len(cleaned) > 9:
        cleaned = "0" + cleaned[2:]
    return cleaned


# A tracking number as issued: SC-YYYY-NNNNNN (more digits past a million a year).
TRACKING_FORMAT = "SC-{year}-{number:06d}"
# As typed: any case, any separators or none, full-width forms, the prefix forgotten;
# a year of this century.
_TYPED_TRACKING_RE = re.compile(r"^(?:SC)?(20\d\d)(\d{1,9})$")
_TRACKING_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212./_]+")


def tracking_number(typed: str | None) -> str:
    """The one reading of a tracking number wherever one is typed or looked up (the
    tracking page, the API, Open311, the staff area): ``sc2026000123``, ``SC 2026 123``
    and ``SC–2026–000123`` are all ``SC-2026-000123``. An empty string when the text
    cannot be a tracking number."""
    value = unicodedata.normalize("NFKC", str(typed or ""))[:60].upper()
    match = _TYPED_TRACKING_RE.match(_TRACKING_SEPARATORS.sub("", value))
    if match is None:
        return ""
    return TRACKING_FORMAT.format(year=int(match[1]), number=int(match[2]))


def hash_secret(secret: str) -> str:
    """What is stored of a follow-up secret (and looked up by it)."""
    return hashlib.sha256(secret.encode()).hexdigest()


def too_long(value: str, limit: Length) -> str | None:
    """Django's own "Ensure this value has at most N characters" message when ``value``
    is over the limit, else None."""
    try:
        MaxLengthValidator(limit.max)(value)
    except ValidationError as exc:
        return exc.messages[0]
    return None


def text(value: str | None, field_label, minimum: int = 3, limit: Length = TEXT) -> str:
    """A staff or reporter text of ``minimum`` to ``limit.max`` characters, cleaned."""
    value = multi_line(value)
    if len(value) < minimum:
        raise ApplicationError(
            _("Write %(what)s (at least %(n)s characters).") % {"what": field_label, "n": minimum},
            code="required",
        )
    if len(value) > limit.max:
        raise ApplicationError(
            _("%(what)s is too long: at most %(n)s characters.")
            % {"what": str(field_label).capitalize(), "n": limit.max},
            code="too_long",
        )
    return value
