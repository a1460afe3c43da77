"""One sign-in protection for every way in (the staff sign-in and django-admin's), and a
password reset that is rate-limited and mailed by the background worker."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django_tasks_db.models import DBTaskResult

from s2c.core.scheduler.worker import run_worker
from s2c.core.tests import factories as f

EN = {"accept-language": "en"}
LOCKED = "Too many failed sign-in attempts."
ADMIN_LOGIN = "/django-admin/login/"


def admin_sign_in(client, username, password=f.PASSWORD, **extra):
    return client.post(
        f"{ADMIN_LOGIN}?next=/django-admin/",
        {"username": username, "password": password},
        headers=EN,
        **extra,
    )


def staff_sign_in(client, username, password=f.PASSWORD, **extra):
    return client.post("/masuk/", {"username": username, "password": password}, headers=EN, **extra)


# --- Sign-in lockout on every door ------------------------------------------------------


@pytest.mark.django_db
def test_django_admin_sign_in_locks_out_after_repeated_failures(client, settings):
    settings.S2C_LOGIN_MAX_FAILURES = 3
    f.make_superuser(username="root")
    for _ in range(2):
        page = admin_sign_in(client, "root", "salah")
        assert page.status_code == 200 and LOCKED not in page.content.decode()
    locked = admin_sign_in(client, "root", "salah")
    assert locked.status_code == 429 and LOCKED in locked.content.decode()
    # Even the right password is refused while locked.
    right = admin_sign_in(client, "root")
    assert right.status_code == 429 and LOCKED in right.content.decode()
    assert "_auth_user_id" not in client.session
    # Another address is not locked out.
    assert admin_sign_in(client, "root", REMOTE_ADDR="10.0.0.2").status_code == 302


@pytest.mark.django_db
def test_the_two_doors_share_one_count(client, settings, officer):
    settings.S2C_LOGIN_MAX_FAILURES = 3
    staff_sign_in(client, "officer", "salah")
    admin_sign_in(client, "officer", "salah")
    assert staff_sign_in(client, "officer", "salah").status_code == 429
    assert LOCKED in admin_sign_in(client, "officer").content.decode()
    assert staff_sign_in(client, "officer").status_code == 429


# --- Password reset -----------------------------------------------------------------------


def ask_reset(client, email, **extra):
    return client.post("/lupa-sandi/", {"email": email}, headers=EN, **extra)


@pytest.mark.django_db
def test_password_reset_is_limited_per_address(client, settings, officer):
    settings.S2C_PASSWORD_RESET_PER_ADDRESS = 2
    for ip in ("10.0.0.1", "10.0.0.2"):
        assert ask_reset(client, officer.email, REMOTE_ADDR=ip).status_code == 302
    refused = ask_reset(client, officer.email.upper(), REMOTE_ADDR="10.0.0.3")
    assert refused.status_code == 429
    assert "Too many password reset requests in a short time." in refused.content.decode()
    assert len(mail.outbox) == 2
    # An address with no account is counted alike, so the answer does not tell.
    for _ in range(2):
        assert ask_reset(client, "nobody@example.test").status_code == 302
    assert ask_reset(client, "nobody@example.test").status_code == 429


@pytest.mark.django_db
def test_password_reset_is_limited_per_client(client, settings, agency):
    settings.S2C_PASSWORD_RESET_PER_CLIENT = 3
    people = [f.make_officer(agency) for _ in range(4)]
    answers = [ask_reset(client, person.email).status_code for person in people]
    assert answers == [302, 302, 302, 429]
    assert ask_reset(client, people[3].email, REMOTE_ADDR="10.0.0.7").status_code == 302


@pytest.mark.django_db(transaction=True)
def test_the_reset_mail_is_sent_by_the_worker_not_the_request(client, settings, officer):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert ask_reset(client, officer.email).status_code == 302
    assert mail.outbox == []
    task = DBTaskResult.objects.get()
    assert task.task_path == "s2c.core.services.passwords.send_password_reset"
    assert task.args_kwargs["args"] == [officer.pk, officer.email]  # no link, no token

    run_worker(
        queue_names=["default"], interval=0, tick_seconds=3600, batch=True, run_scheduler=False
    )

    assert [m.to for m in mail.outbox] == [[officer.email]]
    assert mail.outbox[0].subject == "Password reset for S2C Sumsel"
    link = re.search(r"http://testserver(/lupa-sandi/[^/]+/[^/]+/)", mail.outbox[0].body)
    page = client.get(link.group(1), follow=True, headers=EN)
    assert page.status_code == 200
    assert "This link no longer works" not in page.content.decode()


def test_every_sign_in_page_has_the_lockout():
    """Every URL that signs in with a password (Django's LoginView, django-admin's login)
    uses a form with the one lockout."""
    from django.contrib import admin
    from django.contrib.auth.views import LoginView
    from django.urls import URLPattern, URLResolver, get_resolver

    from s2c.core.forms import LockoutMixin

    def views(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from views(pattern.url_patterns)
            elif isinstance(pattern, URLPattern):
                yield pattern.callback

    login_views = [
        view.view_class
        for view in views(get_resolver().url_patterns)
        if issubclass(getattr(view, "view_class", object), LoginView)
    ]
    assert login_views  # the staff sign-in at least
    assert all(issubclass(v.authentication_form, LockoutMixin) for v in login_views)
    assert issubclass(admin.site.login_form, LockoutMixin)
