"""Notifications: recorded, sent on commit, in the recipient's language, once, with retries,
through a real SMTP server configured by EMAIL_URL."""

from __future__ import annotations

import datetime as dt
import logging
import threading
from pathlib import Path

import environ
import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from s2c.core.errors import Conflict, PermissionDenied
from s2c.core.models import AuditEntry
from s2c.core.notifications import Recipient, channels, notify
from s2c.core.notifications.models import Notification
from s2c.core.notifications.selectors import notification_list
from s2c.core.notifications.services import (
    notification_deliver,
    notification_retry,
    notifications_requeue_stale,
    retry_delay,
)
from s2c.core.scheduler.tests.support import free_port
from s2c.core.tests import factories

TEMPLATES = Path(__file__).resolve().parents[1] / "notifications" / "tests" / "templates"
HELLO = "notifications_test/hello"
MARCH = dt.date(2025, 3, 3)


@pytest.fixture(autouse=True)
def test_templates(settings):
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [TEMPLATES]}]


class FlakyChannel(channels.Channel):
    """A gateway that fails ``failures`` times, then accepts; remembers what it sent."""

    key = "flaky"
    label = "Flaky gateway"

    def __init__(self):
        self.failures = 0
        self.sent: list[str] = []

    def address_for(self, recipient):
        return recipient.phone

    def send(self, notification):
        if self.failures:
            self.failures -= 1
            raise ConnectionError("gateway unreachable")
        self.sent.append(notification.body)


@pytest.fixture
def flaky():
    channel = FlakyChannel()
    channels.register(channel)
    yield channel
    channels._channels.pop("flaky")


def _hello(recipient, **kwargs):
    kwargs.setdefault("context", {"title": "Jalan & jembatan", "when": MARCH})
    return notify(recipient=recipient, template=HELLO, purpose="test.hello", **kwargs)


@pytest.mark.django_db
def test_a_message_is_recorded_and_sent_after_commit(django_capture_on_commit_callbacks):
    user = factories.make_user(full_name="Siti Aminah", email="siti@example.test")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            notification = _hello(user)
            assert mail.outbox == []
    assert len(callbacks) == 1
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == ("sent", 1)
    assert notification.sent_at is not None
    assert notification.recipient == user
    assert (notification.address, notification.channel) == ("siti@example.test", "email")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["Siti Aminah <siti@example.test>"]
    assert message.subject == "Ya: Jalan & jembatan"
    assert message.body == "Siti Aminah (id): Ya.\nJalan & jembatan — Maret\n"
    assert message.extra_headers["X-S2C-Notification"] == str(notification.uuid)
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert html == "<p>Siti Aminah: Ya <b>Jalan &amp; jembatan</b></p>\n"


@pytest.mark.django_db
def test_a_rolled_back_transaction_mails_nobody(django_capture_on_commit_callbacks):
    user = factories.make_user()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                _hello(user)
                raise RuntimeError("the caller's work failed")
    assert callbacks == []
    assert Notification.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_messages_are_rendered_in_the_recipients_language(django_capture_on_commit_callbacks):
    english = factories.make_user(preferred_language="en", full_name="John")
    with django_capture_on_commit_callbacks(execute=True):
        first = _hello(english)
        second = _hello(Recipient(email="warga@example.test", name="Budi"), subject="Halo")
        third = _hello(Recipient(email="x@example.test", name="X", language="fr"))
    assert (first.language, first.subject) == ("en", "Yes: Jalan & jembatan")
    assert first.body == "John (en): Yes.\nJalan & jembatan — March\n"
    assert (second.language, second.subject, second.recipient) == ("id", "Halo", None)
    assert second.body == "Budi (id): Ya.\nJalan & jembatan — Maret\n"
    assert third.language == "id"  # an unknown language falls back to the site's
    assert [m.subject for m in mail.outbox] == [
        "Yes: Jalan & jembatan",
        "Halo",
        "Ya: Jalan & jembatan",
    ]


@pytest.mark.django_db
def test_a_sent_message_is_never_sent_again(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notification = _hello(factories.make_user())
    assert notification_deliver(notification_id=notification.pk) == "skipped"
    assert notifications_requeue_stale(now=timezone.now() + dt.timedelta(hours=1)) == 0
    notification.refresh_from_db()
    assert (notification.status, notification.attempts, len(mail.outbox)) == ("sent", 1, 1)


@pytest.mark.django_db
def test_a_message_being_sent_elsewhere_is_skipped_until_its_claim_expires():
    notification = _hello(factories.make_user())  # no commit callbacks: nothing sent yet
    now = timezone.now()
    Notification.objects.filter(pk=notification.pk).update(claimed_at=now)
    assert notification_deliver(notification_id=notification.pk, now=now) == "skipped"
    later = now + dt.timedelta(minutes=11)  # that worker died mid-send
    assert notification_deliver(notification_id=notification.pk, now=later) == "sent"
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_failures_are_retried_with_backoff_then_given_up(flaky, settings):
    settings.S2C_NOTIFY_MAX_ATTEMPTS = 3
    flaky.failures = 5
    notification = _hello(Recipient(phone="0811-1111", name="Budi"), channel="flaky")
    assert notification.address == "0811-1111"
    now = timezone.now()
    assert notification_deliver(notification_id=notification.pk, now=now) == "retry"
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == ("queued", 1)
    assert notification.last_error == "ConnectionError: gateway unreachable"
    assert now + dt.timedelta(seconds=55) < notification.next_attempt_at
    assert notification.next_attempt_at < now + dt.timedelta(minutes=2)
    # Not due yet: nothing happens.
    assert notification_deliver(notification_id=notification.pk, now=now) == "skipped"
    assert (
        notification_deliver(notification_id=notification.pk, now=now + dt.timedelta(hours=1))
        == "retry"
    )
    assert (
        notification_deliver(notification_id=notification.pk, now=now + dt.timedelta(hours=2))
        == "failed"
    )
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == ("failed", 3)
    assert (
        notification_deliver(notification_id=notification.pk, now=now + dt.timedelta(hours=3))
        == "skipped"
    )
    assert flaky.sent == []
    assert [retry_delay(n) for n in (1, 2, 3, 9)] == [
        dt.timedelta(minutes=1),
        dt.timedelta(minutes=4),
        dt.timedelta(minutes=16),
        dt.timedelta(hours=6),
    ]


@pytest.mark.django_db
def test_a_failed_attempt_is_retried_by_the_sweep_then_sent(flaky):
    flaky.failures = 1
    notification = _hello(Recipient(phone="0811", name="B"), channel="flaky")
    assert notification_deliver(notification_id=notification.pk) == "retry"
    # The tests' immediate backend cannot defer a task: the periodic sweep sends it when due.
    assert notifications_requeue_stale() == 0
    ten_minutes_ago = timezone.now() - dt.timedelta(minutes=10)
    Notification.objects.filter(pk=notification.pk).update(next_attempt_at=ten_minutes_ago)
    assert notifications_requeue_stale() == 1
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == ("sent", 2)
    assert flaky.sent == [notification.body]


@pytest.mark.django_db
def test_on_the_database_backend_a_retry_is_a_deferred_task(flaky, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    flaky.failures = 1
    notification = _hello(Recipient(phone="0811", name="B"), channel="flaky")
    # The first send was queued with the message itself (the queue is in the database).
    first = DBTaskResult.objects.get()
    assert first.args_kwargs == {"args": [notification.pk], "kwargs": {}}
    assert first.run_after.year == 9999  # django-tasks-db: "as soon as possible"
    assert notification_deliver(notification_id=notification.pk) == "retry"
    notification.refresh_from_db()
    task = DBTaskResult.objects.exclude(pk=first.pk).get()
    assert task.task_path == "s2c.core.notifications.tasks.send_notification"
    assert task.args_kwargs == {"args": [notification.pk], "kwargs": {}}
    assert task.run_after == notification.next_attempt_at


@pytest.mark.django_db
def test_a_recipient_without_an_address_is_recorded_as_failed(django_capture_on_commit_callbacks):
    user = factories.make_user(email="")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notification = _hello(user)
    assert callbacks == []
    assert (notification.status, notification.last_error) == (
        "failed",
        "The recipient has no address on this channel.",
    )
    assert mail.outbox == []


@pytest.mark.django_db
def test_programming_mistakes_are_reported_clearly():
    user = factories.make_user()
    with pytest.raises(ValueError) as channel:
        _hello(user, channel="pigeon")
    assert str(channel.value) == "Unknown notification channel 'pigeon' (known: email)"
    with pytest.raises(ValueError) as purpose:
        notify(recipient=user, template=HELLO, purpose="")
    assert str(purpose.value) == (
        "notify() needs a purpose of 1 to 64 characters, e.g. 'care.received'"
    )
    assert Notification.objects.count() == 0


@pytest.mark.django_db
def test_people_see_their_own_record_and_province_admins_anyones(province_admin, officer):
    citizen = factories.make_citizen()
    mine = _hello(citizen)
    _hello(officer)
    assert list(notification_list(actor=citizen)) == [mine]
    assert list(notification_list(actor=province_admin, recipient=citizen)) == [mine]
    with pytest.raises(PermissionDenied) as someone_else:
        notification_list(actor=officer, recipient=citizen)
    assert str(someone_else.value) == "You may only see your own notifications."


@pytest.mark.django_db
def test_only_province_admins_resend_and_only_failed_messages(
    province_admin, officer, flaky, settings, django_capture_on_commit_callbacks
):
    settings.S2C_NOTIFY_MAX_ATTEMPTS = 1
    flaky.failures = 1
    notification = _hello(Recipient(phone="0811", name="B"), channel="flaky")
    assert notification_deliver(notification_id=notification.pk) == "failed"
    with pytest.raises(PermissionDenied):
        notification_retry(notification=notification, by=officer)
    with django_capture_on_commit_callbacks(execute=True):
        notification_retry(notification=notification, by=province_admin)
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == ("sent", 2)
    entry = AuditEntry.objects.get(action="notifications.notification.retry")
    assert (entry.actor, entry.object_id) == (province_admin, str(notification.pk))
    with pytest.raises(Conflict) as again:
        notification_retry(notification=notification, by=province_admin)
    assert str(again.value) == "Only a failed notification can be sent again."


@pytest.mark.django_db
def test_the_admin_lists_what_was_sent(client, django_capture_on_commit_callbacks):
    admin = factories.make_superuser()
    with django_capture_on_commit_callbacks(execute=True):
        _hello(factories.make_user(email="warga@example.test"))
    client.force_login(admin)
    response = client.get("/django-admin/notifications/notification/")
    assert response.status_code == 200
    assert b"warga@example.test" in response.content


# --- A real SMTP server ------------------------------------------------------------------------


class Inbox:
    def __init__(self):
        self.envelopes = []
        self.received = threading.Event()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.envelopes.append(envelope)
        self.received.set()
        return "250 Message accepted"


@pytest.fixture
def smtp(settings):
    """Start local SMTP servers on one port, with the settings EMAIL_URL gives for it."""
    inbox = Inbox()
    port = free_port()
    running = []
    # aiosmtpd logs from its own thread ("connection lost"), sometimes after the test's
    # captured output is closed: a "Logging error" in the test run. Its log is not ours.
    logging.getLogger("mail.log").disabled = True

    def start() -> Controller:
        controller = Controller(inbox, hostname="127.0.0.1", port=port)
        controller.start()
        running.append(controller)
        return controller

    for key, value in environ.Env.email_url_config(f"smtp://127.0.0.1:{port}").items():
        setattr(settings, key, value)
    settings.EMAIL_TIMEOUT = 5
    try:
        yield inbox, start
    finally:
        for controller in running:
            try:
                controller.stop()
            except AssertionError:  # aiosmtpd: "SMTP daemon not running" (stopped already)
                pass


@pytest.mark.django_db
def test_mail_reaches_a_real_smtp_server_and_refusals_are_retried(
    smtp, django_capture_on_commit_callbacks
):
    inbox, start = smtp
    server = start()
    user = factories.make_user(full_name="Dewi Lestari", email="dewi@example.test")
    with django_capture_on_commit_callbacks(execute=True):
        notification = _hello(user)
    assert inbox.received.wait(5)
    envelope = inbox.envelopes[0]
    assert envelope.rcpt_tos == ["dewi@example.test"]
    assert envelope.mail_from == "no-reply@localhost"
    text = envelope.content.decode()
    assert "Subject: Ya: Jalan & jembatan" in text
    assert f"X-S2C-Notification: {notification.uuid}" in text
    assert "Content-Type: multipart/alternative" in text
    notification.refresh_from_db()
    assert notification.status == "sent"

    server.stop()  # the mail server goes away
    with django_capture_on_commit_callbacks(execute=True):
        second = _hello(user)
    second.refresh_from_db()
    assert (second.status, second.attempts) == ("queued", 1)
    assert second.last_error.startswith("ConnectionRefusedError")
    start()  # and comes back
    in_two_minutes = timezone.now() + dt.timedelta(minutes=2)
    assert notification_deliver(notification_id=second.pk, now=in_two_minutes) == "sent"
    assert len(inbox.envelopes) == 2
