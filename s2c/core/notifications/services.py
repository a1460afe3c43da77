"""Writes of the notifications app: ``notify`` records a message and queues it on commit;
``notification_deliver`` (the send task) delivers it once, retrying with backoff."""

from __future__ import annotations

import datetime as dt
import functools
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from s2c.core import audit, permissions
from s2c.core.errors import Conflict, PermissionDenied

from . import channels
from .models import Notification

logger = logging.getLogger("s2c.notifications")

# A claim older than this belongs to a worker that died mid-send: the message is retried.
CLAIM_TIMEOUT = dt.timedelta(minutes=10)
# Queued messages due for longer than this (their task was lost) are enqueued again.
STALE_AFTER = dt.timedelta(minutes=5)


def max_attempts() -> int:
    return int(getattr(settings, "S2C_NOTIFY_MAX_ATTEMPTS", 5))


def retry_delay(attempts: int) -> dt.timedelta:
    """1, 4, 16, 64 minutes ... at most 6 hours after the ``attempts``-th failure."""
    return min(dt.timedelta(minutes=4 ** max(attempts - 1, 0)), dt.timedelta(hours=6))


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
    """Record a message to ``recipient`` (a User or a ``Recipient``) and send it after the
    current transaction commits (a rolled-back transaction sends nothing).

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
        transaction.on_commit(functools.partial(_enqueue, notification.pk), robust=True)
    return notification


def _enqueue(notification_id: int, run_after: dt.datetime | None = None) -> None:
    from .tasks import send_notification

    task = send_notification
    if run_after is not None:
        if not task.get_backend().supports_defer:
            return  # the periodic sweep picks it up when it is due
        task = task.using(run_after=run_after)
    task.enqueue(notification_id)


def notification_deliver(*, notification_id: int, now: dt.datetime | None = None) -> str:
    """Send one queued notification; return 'sent', 'retry', 'failed' or 'skipped'.

    Idempotent: a message that is sent, failed for good, not yet due, or being sent by
    another worker is skipped. The claim is one conditional UPDATE, so two workers never
    send the same message; the network call happens outside any transaction."""
    now = now or timezone.now()
    claimed = (
        Notification.objects.filter(
            pk=notification_id, status=Notification.Status.QUEUED, next_attempt_at__lte=now
        )
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_TIMEOUT))
        .update(claimed_at=now, attempts=F("attempts") + 1)
    )
    if not claimed:
        return "skipped"
    notification = Notification.objects.get(pk=notification_id)
    try:
        channels.get_channel(notification.channel).send(notification)
    except Exception as exc:
        notification.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        notification.claimed_at = None
        if notification.attempts >= max_attempts():
            notification.status = Notification.Status.FAILED
            outcome = "failed"
        else:
            notification.next_attempt_at = timezone.now() + retry_delay(notification.attempts)
            outcome = "retry"
        notification.save(update_fields=["last_error", "claimed_at", "status", "next_attempt_at"])
        logger.warning(
            "Notification %s attempt %s: %s", notification.pk, notification.attempts, exc
        )
        if outcome == "retry":
            _enqueue(notification.pk, run_after=notification.next_attempt_at)
        return outcome
    notification.status = Notification.Status.SENT
    notification.sent_at = timezone.now()
    notification.claimed_at = None
    notification.last_error = ""
    notification.save(update_fields=["status", "sent_at", "claimed_at", "last_error"])
    return "sent"


def notifications_requeue_stale(*, now: dt.datetime | None = None) -> int:
    """Enqueue messages whose send task was lost (e.g. a crash between commit and
    enqueue) or that wait for a retry on a backend without deferred tasks."""
    now = now or timezone.now()
    due = Notification.objects.filter(
        status=Notification.Status.QUEUED, next_attempt_at__lte=now - STALE_AFTER
    ).filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_TIMEOUT))
    ids = list(due.values_list("pk", flat=True)[:500])
    # Re-arm first: if the worker is merely slow, this runs again only after STALE_AFTER.
    Notification.objects.filter(pk__in=ids).update(next_attempt_at=now)
    for pk in ids:
        _enqueue(pk)
    return len(ids)


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
        transaction.on_commit(functools.partial(_enqueue, locked.pk), robust=True)
    return locked
