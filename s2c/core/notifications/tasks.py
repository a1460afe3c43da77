"""Sending notifications in the background: the tasks, and the delivery they run.

A send that fails is retried later by enqueueing the same task again, so the delivery code
lives beside its task (``services`` records and enqueues; this module sends): the modules
import one way, ``services`` -> ``tasks`` -> ``channels``/``models``. Tasks take ids and are
idempotent.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import task

from s2c.core.scheduler import queue

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


@task()
def send_notification(notification_id: int) -> str:
    return notification_deliver(notification_id=notification_id)


@task()
def requeue_stale_notifications() -> int:
    return notifications_requeue_stale()


def queue_is_in_the_database() -> bool:
    """True when the task queue is a table of this database (the default)."""
    return queue.queue_is_in_the_database(send_notification)


def enqueue_with_transaction(notification_id: int) -> None:
    """Enqueue the send of a notification recorded in the current transaction (with it,
    when the queue is in the database; else once it commits). A send whose task is lost
    all the same is enqueued again by the periodic sweep."""
    if queue_is_in_the_database():
        enqueue(notification_id)
    else:
        transaction.on_commit(functools.partial(enqueue, notification_id), robust=True)


def enqueue(notification_id: int, run_after: dt.datetime | None = None) -> None:
    """Send the notification in the background (at ``run_after`` where the backend can)."""
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
            enqueue(notification.pk, run_after=notification.next_attempt_at)
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
        enqueue(pk)
    return len(ids)
