"""Masking of personal data typed into a report's text: 16-digit NIK (and KK) numbers,
Indonesian phone numbers and email addresses.

The original text is stored; every public rendering goes through ``mask``.

People write these in many ways, so the patterns run over a folded copy of the text, one
character for one character: full-width and other compatibility forms become their ASCII
letter (``１６７１`` → ``1671``, ``＠`` → ``@``), any script's decimal digit its ASCII digit,
and the dashes (``–``, ``—``, ``−``) a hyphen. What a pattern matches in the folded copy is
replaced in the original, so the rest of the text keeps its own characters."""

from __future__ import annotations

import re
import unicodedata

from django.utils.translation import gettext as _

_AT = r"(?:@|\(at\)|\[at\]|\{at\})"
_DOT_MARK = r"(?:\(dot\)|\[dot\]|\{dot\})"
_DOT_WORD = r"[ \t]+(?:dot|titik)[ \t]+"
EMAIL_RE = re.compile(
    # Starts only where a run of address characters starts: tried from inside a long run,
    # the match would fail only after walking the rest of it (quadratic time).
    rf"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]+\s*{_AT}\s*[A-Za-z0-9\-]+"
    rf"(?:(?:\s*(?:\.|{_DOT_MARK})\s*|{_DOT_WORD})[A-Za-z0-9\-]+)+",
    re.IGNORECASE,
)
# Spelled out: "budi at gmail dot com", "budi at gmail titik co titik id", "budi at gmail.com".
# The dots must be spelled too or written tight ("gmail.com"), so "tinggal at Jl. Sudirman"
# stays text.
EMAIL_SPELLED_RE = re.compile(
    r"(?<![\w.@])[A-Za-z0-9._%+\-]+[ \t]+at[ \t]+[A-Za-z0-9\-]+"
    rf"(?:(?:{_DOT_WORD}|\s*{_DOT_MARK}\s*|\.)[A-Za-z0-9\-]+)+(?![\w@])",
    re.IGNORECASE,
)
# 16 digits, written together or in groups separated by one space, dot or dash.
NIK_RE = re.compile(r"(?<![\d])(?:\d[ .\-]?){15}\d(?![\d])")
# Groups of digits with one separator used throughout (a slash, dot or dash, with or without
# spaces around it, or spaces): "1671/0123/4567/8901", "1671 . 0123 . 4567 . 8901",
# "1671  0123  4567  8901". A NIK when the groups hold 16 digits in all; mixed separators
# ("01/02/2024 - 05/06/2024", a date range) are not one number.
NIK_GROUPS_RE = re.compile(
    r"(?<![\d./\-])\d{1,8}(?P<sep>[ \t]*[./\-][ \t]*|[ \t]+)(?:\d{1,8}(?P=sep))*\d{1,8}(?![\d/])"
)
# Mobile numbers: 08…, +628…, 628…, 62 8…, (+62) 8…; 9 to 13 digits after the prefix.
MOBILE_RE = re.compile(
    r"(?<![\w+])(?:\(?\+62\)?[ .\-]?|62[ .\-]?|0)8\d{1,3}(?:[ .\-]?\d){5,9}(?!\d)"
)
# Landlines with an area code: (0711) 352345, 0711-352345, 0711 352 345, +62 711 352345.
LANDLINE_RE = re.compile(
    r"(?<![\w+])(?:\(0\d{2,3}\)[ .\-]?|0[1-79]\d{1,2}[ \-]|\(?\+62\)?[ .\-]?[1-79]\d{1,2}[ .\-]?)"
    r"\d{3,4}[ .\-]?\d{2,4}(?!\d)"
)

_AT_ANYWHERE_RE = re.compile(_AT, re.IGNORECASE)
_SPELLED_AT_RE = re.compile(r"[ \t]at[ \t]", re.IGNORECASE)
_DIGIT_RE = re.compile(r"\d")

_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63"), "-")


def _fold_char(char: str) -> str:
    if char.isascii():
        return char
    if char in "\u00a0\u2007\u202f":
        return " "
    digit = unicodedata.decimal(char, None)
    if digit is not None:
        return str(digit)
    folded = unicodedata.normalize("NFKC", char).translate(_DASHES)
    return folded if len(folded) == 1 and folded.isascii() else char


def _fold(text: str) -> str:
    """``text`` with each character replaced by its ASCII look-alike, where it has one."""
    if text.isascii():
        return text
    return "".join(_fold_char(char) for char in text)


def _is_nik(match: re.Match) -> bool:
    return sum(char.isdigit() for char in match.group(0)) == 16


def _hide(pattern, label, original, folded, accept=None):
    """Replace in ``original`` (and in its ``folded`` copy) what ``pattern`` finds in the
    folded copy."""
    out_original, out_folded, position = [], [], 0
    for match in pattern.finditer(folded):
        if accept is not None and not accept(match):
            continue
        out_original += [original[position : match.start()], label]
        out_folded += [folded[position : match.start()], label]
        position = match.end()
    if not position:
        return original, folded
    out_original.append(original[position:])
    out_folded.append(folded[position:])
    return "".join(out_original), "".join(out_folded)


def mask(text: str | None) -> str:
    """``text`` with NIK numbers, phone numbers and email addresses replaced by a label."""
    if not text:
        return ""
    email, nik, phone = _("[email hidden]"), _("[ID number hidden]"), _("[phone hidden]")
    folded = _fold(text)
    # Cheap tests first: most reports hold no "@", no " at " and fewer than 16 digits.
    if _AT_ANYWHERE_RE.search(folded):
        text, folded = _hide(EMAIL_RE, email, text, folded)
    if _SPELLED_AT_RE.search(folded):
        text, folded = _hide(EMAIL_SPELLED_RE, email, text, folded)
    if len(_DIGIT_RE.findall(folded)) >= 16:
        text, folded = _hide(NIK_RE, nik, text, folded)
        text, folded = _hide(NIK_GROUPS_RE, nik, text, folded, accept=_is_nik)
    text, folded = _hide(MOBILE_RE, phone, text, folded)
    text, folded = _hide(LANDLINE_RE, phone, text, folded)
    return text


def contains_pii(text: str | None) -> bool:
    return bool(text) and mask(text) != text
