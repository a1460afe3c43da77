"""Writes of the notifications app: ``notify`` records a message and queues its send with
the caller's transaction; the send task (``tasks.notification_deliver``, re-exported here)
delivers it once, retrying with backoff."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from s2c.core import audit, permissions
from s2c.core.errors import Conflict, PermissionDenied

from . import channels
from .models import Notification
from .tasks import (
    enqueue_with_transaction,
    notification_deliver,
    notifications_requeue_stale,
    retry_delay,
)

__all__ = [
    "Recipient",
    "notification_deliver",
    "notification_retry",
    "notifications_requeue_stale",
    "notify",
    "retry_delay",
]


@dataclass(frozen=True)
class Recipient:
    """Someone without (or besides) an account: a citizen who left an address."""

    email: str = ""
    phone: str = ""
    name: str = ""
    language: str = ""  # "" means the site's default language
    user: Any = None

    @classmethod
    def from_user(cls, user) -> Recipient:
        return cls(
            email=user.email or "",
            phone=getattr(user, "phone", "") or "",
            name=str(user),
            language=getattr(user, "preferred_language", "") or "",
            user=user,
        )


def _language(code: str) -> str:
    known = {c for c, _name in settings.LANGUAGES}
    return code if code in known else settings.LANGUAGE_CODE


def _render_text(name: str, context: dict) -> str:
    """Render a plain-text template without HTML escaping (it is not HTML)."""
    template = get_template(name)
    inner = getattr(template, "template", None)  # the Django engine's own Template
    if inner is not None and hasattr(inner, "render"):
        return inner.render(Context(context, autoescape=False))
    return template.render(context)


def _one_line(text: str) -> str:
    return " ".join(text.split())[:255]


def notify(
    *,
    recipient,
    template: str,
    purpose: str,
    context: dict | None = None,
    subject: Any = None,
    channel: str = "email",
) -> Notification:
    """Record a message to ``recipient`` (a User or a ``Recipient``) and send it once the
    current transaction commits (a rolled-back transaction sends nothing). Call it inside
    the transaction of the change it reports: with the task queue in the database (the
    default) the message and its send task are committed with the change, so a crash right
    after the commit loses neither.

    ``template`` names ``<template>.txt`` (the body), optionally ``<template>.html``, and,
    when ``subject`` is not given, ``<template>.subject.txt``; all are rendered in the
    recipient's language. A recipient without an address on the channel is recorded as
    failed rather than raising, so the caller's work goes on."""
    if not purpose or len(purpose) > 64:
        raise ValueError("notify() needs a purpose of 1 to 64 characters, e.g. 'care.received'")
    try:
        chan = channels.get_channel(channel)
    except KeyError:
        known = ", ".join(channels.channel_keys())
        raise ValueError(f"Unknown notification channel {channel!r} (known: {known})") from None
    person = recipient if isinstance(recipient, Recipient) else Recipient.from_user(recipient)
    language = _language(person.language)
    ctx = {"recipient_name": person.name, "site_url": settings.SITE_URL, **(context or {})}
    with translation.override(language):
        if subject is None:
            subject = _render_text(f"{template}.subject.txt", ctx)
        subject_text = _one_line(str(subject))
        body = _render_text(f"{template}.txt", ctx)
        try:
            body_html = get_template(f"{template}.html").render(ctx)
        except TemplateDoesNotExist:
            body_html = ""
    address = chan.address_for(person)
    notification = Notification(
        recipient=person.user,
        recipient_name=person.name[:150],
        address=address[:254],
        language=language,
        channel=channel,
        purpose=purpose,
        subject=subject_text,
        body=body,
        body_html=body_html,
    )
    if not address:
        notification.status = Notification.Status.FAILED
        notification.last_error = "The recipient has no address on this channel."
    notification.save()
    if notification.status == Notification.Status.QUEUED:
        enqueue_with_transaction(notification.pk)
    return notification


def notification_retry(*, notification: Notification, by) -> Notification:
    """A province administrator sends a failed message once more."""
    if not permissions.is_province_admin(by):
        raise PermissionDenied(_("Only province administrators may resend notifications."))
    with transaction.atomic():
        locked = Notification.objects.select_for_update().get(pk=notification.pk)
        if locked.status != Notification.Status.FAILED:
            raise Conflict(_("Only a failed notification can be sent again."))
        if not locked.address:
            raise Conflict(_("This notification has no address to send to."))
        before = audit.snapshot(locked, ["status", "next_attempt_at"])
        locked.status = Notification.Status.QUEUED
        locked.next_attempt_at = timezone.now()
        locked.claimed_at = None
        locked.save(update_fields=["status", "next_attempt_at", "claimed_at"])
        audit.record(
            actor=by,
            action="notifications.notification.retry",
            obj=locked,
            before=before,
            after=audit.snapshot(locked, ["status", "next_attempt_at"]),
        )
        enqueue_with_transaction(locked.pk)
    return locked
