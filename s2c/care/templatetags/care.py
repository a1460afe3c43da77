"""Display filters of Sumsel Care: ``{% load care %}``.

{{ complaint|public_title }}        the public (redacted) title with personal data masked
{{ complaint|public_description }}  the same for the description
{{ text|mask_pii }}                 any text with NIK, phone numbers and emails masked
{{ days|working_days }}             "2.5 working days" / "2,5 hari kerja"
{{ hours|hours }}                   "36 hours" / "36 jam"
"""

from django import template
from django.template.defaultfilters import floatformat
from django.utils.translation import ngettext

from .. import pii, presenters

register = template.Library()


@register.filter
def public_title(complaint) -> str:
    return presenters.public_title(complaint)


@register.filter
def public_description(complaint) -> str:
    return presenters.public_description(complaint)


@register.filter
def mask_pii(text) -> str:
    return pii.mask(str(text or ""))


@register.filter
def stars(rating) -> str:
    try:
        n = int(rating)
    except (TypeError, ValueError):
        return ""
    return "★" * n + "☆" * (5 - n)


def _plural_count(value) -> int:
    """The count that picks the plural form: 1 only for exactly one (1.5 days is plural)."""
    return 1 if value == 1 else 2


@register.filter
def working_days(value) -> str:
    """A duration in working days, with one decimal where it has one, in words."""
    if value is None:
        return ""
    return ngettext("%(n)s working day", "%(n)s working days", _plural_count(value)) % {
        "n": floatformat(value, "-1")
    }


@register.filter
def hours(value) -> str:
    """A duration in whole hours, in words."""
    if value is None:
        return ""
    shown = round(value)
    return ngettext("%(n)s hour", "%(n)s hours", _plural_count(shown)) % {
        "n": floatformat(shown, 0)
    }
