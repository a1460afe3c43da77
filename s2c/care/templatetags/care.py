"""Display filters of Sumsel Care: ``{% load care %}``.

{{ complaint|public_title }}        the public (redacted) title with personal data masked
{{ complaint|public_description }}  the same for the description
{{ text|mask_pii }}                 any text with NIK, phone numbers and emails masked
"""

from django import template

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
