"""Masking of personal data typed into a report's text: 16-digit NIK (and KK) numbers,
Indonesian phone numbers and email addresses.

The original text is stored; every public rendering goes through ``mask``."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

EMAIL_RE = re.compile(
    r"[A-Za-z0-9._%+\-]+\s*(?:@|\(at\)|\[at\])\s*[A-Za-z0-9\-]+(?:\s*(?:\.|\(dot\)|\[dot\])\s*"
    r"[A-Za-z0-9\-]+)+",
    re.IGNORECASE,
)
# 16 digits, written together or in groups separated by one space, dot or dash.
NIK_RE = re.compile(r"(?<![\d])(?:\d[ .\-]?){15}\d(?![\d])")
# Mobile numbers: 08…, +628…, 628…, 62 8…, (+62) 8…; 9 to 13 digits after the prefix.
MOBILE_RE = re.compile(
    r"(?<![\w+])(?:\(?\+62\)?[ .\-]?|62[ .\-]?|0)8\d{1,3}(?:[ .\-]?\d){5,9}(?!\d)"
)
# Landlines with an area code: (0711) 352345, 0711-352345, 0711 352 345, +62 711 352345.
LANDLINE_RE = re.compile(
    r"(?<![\w+])(?:\(0\d{2,3}\)[ .\-]?|0[1-79]\d{1,2}[ \-]|\(?\+62\)?[ .\-]?[1-79]\d{1,2}[ .\-]?)"
    r"\d{3,4}[ .\-]?\d{2,4}(?!\d)"
)


def mask(text: str | None) -> str:
    """``text`` with NIK numbers, phone numbers and email addresses replaced by a label."""
    if not text:
        return ""
    text = EMAIL_RE.sub(lambda m: _("[email hidden]"), text)
    text = NIK_RE.sub(lambda m: _("[ID number hidden]"), text)
    text = MOBILE_RE.sub(lambda m: _("[phone hidden]"), text)
    text = LANDLINE_RE.sub(lambda m: _("[phone hidden]"), text)
    return text


def contains_pii(text: str | None) -> bool:
    return bool(text) and mask(text) != text
