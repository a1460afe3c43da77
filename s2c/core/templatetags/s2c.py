"""Template helpers of the shell: ``{% load s2c %}``.

{% icon "care" %}                    an icon from core/static/core/icons.svg
{% home_section section %}           render a registry.HomeSection with its context
{% query_with request.GET page=2 %}  the current query string with some values changed
{% audit_changes entry as rows %}    (field, before, after) rows of an audit entry
{{ field|is_required }}               whether a form field is marked required
{{ field|error_anchor }}              the id an error summary links to for a field
{{ form|has_required }}               whether a form has a visible required field
{{ moment|elapsed }}                 how long ago: .just_now (under a minute), .text
{{ amount|rupiah }}                  "Rp 150.000": an amount of rupiah, Indonesian style
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django import template
from django.templatetags.static import static
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import ngettext

register = template.Library()
logger = logging.getLogger(__name__)

ICONS = "core/icons.svg"


@register.simple_tag
def icon(name: str, css_class: str = "") -> str:
    """A decorative icon (hidden from screen readers: give the link or button a text)."""
    classes = f"icon {css_class}".strip()
    return format_html(
        '<svg class="{}" aria-hidden="true" focusable="false"><use href="{}#{}"></use></svg>',
        classes,
        static(ICONS),
        name or "service",
    )


@register.simple_tag(takes_context=True)
def home_section(context, section) -> str:
    """Render a service's home-page section; a failing section is logged and left out,
    so one broken service cannot take the province's home page down."""
    try:
        extra = section.context(context.get("request")) or {}
        tpl = context.template.engine.get_template(section.template)
        with context.push(**extra):
            return tpl.render(context)
    except Exception:
        logger.exception("Home section %r failed to render", getattr(section, "key", section))
        return ""


@register.simple_tag
def query_with(query, **changes) -> str:
    """``?a=1&page=3`` from a QueryDict with ``changes`` applied (None removes a key)."""
    params = query.copy()
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


def _show(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@register.simple_tag
def audit_changes(entry) -> list[tuple[str, str, str]]:
    """Rows of (field, before, after) for every field either side mentions."""
    before = entry.before if isinstance(entry.before, dict) else {}
    after = entry.after if isinstance(entry.after, dict) else {}
    rows = []
    for key in sorted(set(before) | set(after)):
        rows.append(
            (
                key,
                _show(before.get(key)) if key in before else "—",
                _show(after.get(key)) if key in after else "—",
            )
        )
    return rows


# --- Forms (core/partials/field.html and form_errors.html) ------------------------------
# A field is marked required when the form requires it, or when its widget says it is
# required in the current situation (``aria-required="true"``: e.g. a category's question
# that the service requires only for that category). A widget with
# ``data-required-for="a b"`` is required only when the form's choice is one of those
# (the page's script shows the mark; the service refuses the form without it).


@register.filter
def is_required(field) -> bool:
    attrs = field.field.widget.attrs
    return bool(field.field.required or attrs.get("aria-required") == "true")


@register.filter
def may_be_required(field) -> bool:
    return bool(field.field.widget.attrs.get("data-required-for"))


@register.filter
def error_anchor(field) -> str:
    """The id of the element to focus for a field: its input, or a group's first one."""
    return field.id_for_label or (f"{field.auto_id}_0" if field.auto_id else "")


@register.filter
def has_required(form) -> bool:
    return any(not f.is_hidden and (is_required(f) or may_be_required(f)) for f in form)


@dataclass(frozen=True)
class Elapsed:
    """How long ago a moment was, for "checked just now" / "checked 5 minutes ago": the
    sentence around it is the template's (word order differs between languages), the
    count in it is said with the language's plural forms. Never "0 minutes"."""

    seconds: int

    @property
    def just_now(self) -> bool:
        return self.seconds < 60

    @property
    def text(self) -> str:
        minutes = self.seconds // 60
        if minutes < 60:
            return ngettext("%(n)d minute ago", "%(n)d minutes ago", minutes) % {"n": minutes}
        hours = minutes // 60
        if hours < 24:
            return ngettext("%(n)d hour ago", "%(n)d hours ago", hours) % {"n": hours}
        days = hours // 24
        return ngettext("%(n)d day ago", "%(n)d days ago", days) % {"n": days}

    def __str__(self) -> str:
        return self.text


@register.filter
def elapsed(value: dt.datetime | None, now: dt.datetime | None = None) -> Elapsed | None:
    """The time since ``value`` (None stays None; a moment in the future is "just now")."""
    if value is None:
        return None
    seconds = int(((now or timezone.now()) - value).total_seconds())
    return Elapsed(max(seconds, 0))


@register.filter
def rupiah(value) -> str:
    """``150000`` → ``Rp 150.000``: whole rupiah with the Indonesian thousands separator
    (the currency's own way of writing, in either language). Not a whole number (None,
    "", 1.5, inf, nan, text): empty."""
    if value is None or isinstance(value, bool):
        return ""
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return ""
    if not number.is_finite() or number != number.to_integral_value():
        return ""
    amount = int(number)
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp {abs(amount):,}".replace(",", ".")
