"""Staff sign-in and out, the lockout, password reset and change, staff-area access."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from s2c.core import forms
from s2c.core.tests import factories as f

pytestmark = pytest.mark.django_db

EN = {"accept-language": "en"}


def sign_in(client, username, password=f.PASSWORD, **extra):
    return client.post("/masuk/", {"username": username, "password": password}, headers=EN, **extra)


# --- Sign-in and sign-out -------------------------------------------------------------


def test_login_page_is_labelled_and_translated(client):
    indonesian = client.get("/masuk/").content.decode()
    assert '<label for="id_username">Nama pengguna<span class="required-mark">' in indonesian
    assert '<label for="id_password">Sandi<span class="required-mark">' in indonesian
    english = client.get("/masuk/", headers=EN).content.decode()
    assert '<label for="id_username">Username<span class="required-mark">' in english
    assert "<h1>Staff sign-in</h1>" in english


def test_staff_sign_in_lands_in_the_staff_area(client, officer):
    response = sign_in(client, "officer")
    assert response.status_code == 302
    assert response["Location"] == "/staf/"
    assert client.get("/staf/").status_code == 200


def test_sign_in_follows_a_safe_next_only(client, officer):
    response = client.post(
        "/masuk/?next=/staf/audit/", {"username": "officer", "password": f.PASSWORD}
    )
    assert response["Location"] == "/staf/audit/"
    client.logout()
    response = client.post(
        "/masuk/?next=https://evil.example/", {"username": "officer", "password": f.PASSWORD}
    )
    assert response["Location"] == "/staf/"


def test_a_citizen_signing_in_goes_home(client, citizen):
    response = sign_in(client, "warga")
    assert response["Location"] == "/"


def test_wrong_password_is_refused_with_a_clear_message(client, officer):
    response = sign_in(client, "officer", "salah")
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sign_out_is_post_only(client, officer):
    client.force_login(officer)
    assert client.get("/keluar/").status_code == 405
    response = client.post("/keluar/", headers=EN)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert "_auth_user_id" not in client.session
    assert "You have signed out." in client.get("/", headers=EN).content.decode()


# --- Lockout --------------------------------------------------------------------------


def test_lockout_after_repeated_failures(client, officer, settings):
    settings.S2C_LOGIN_MAX_FAILURES = 3
    settings.S2C_LOGIN_LOCKOUT_MINUTES = 15
    for _ in range(2):
        assert sign_in(client, "officer", "salah").status_code == 200
    third = sign_in(client, "officer", "salah")
    assert third.status_code == 429
    message = (
        "Too many failed sign-in attempts. For your security, signing in with this "
        "username is paused for 15 minutes."
    )
    assert message in third.content.decode()
    # Even the right password is refused while locked.
    right = sign_in(client, "officer")
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_username_and_address(client, officer, agency, settings):
    settings.S2C_LOGIN_MAX_FAILURES = 2
    f.make_officer(agency, username="colleague")
    for _ in range(2):
        sign_in(client, "officer", "salah", REMOTE_ADDR="10.0.0.1")
    assert sign_in(client, "officer", REMOTE_ADDR="10.0.0.1").status_code == 429
    # Another username from the same address, and the same username from elsewhere.
    assert sign_in(client, "colleague", REMOTE_ADDR="10.0.0.1").status_code == 302
    client.logout()
    assert sign_in(client, "officer", REMOTE_ADDR="10.0.0.2").status_code == 302


def test_a_successful_sign_in_forgets_earlier_failures(client, officer, settings):
    settings.S2C_LOGIN_MAX_FAILURES = 3
    sign_in(client, "officer", "salah")
    sign_in(client, "officer", "salah")
    assert sign_in(client, "officer").status_code == 302
    client.logout()
    sign_in(client, "officer", "salah")
    sign_in(client, "officer", "salah")
    assert sign_in(client, "officer").status_code == 302


def test_lockout_ends_when_the_cache_entry_expires(client, officer, settings):
    settings.S2C_LOGIN_MAX_FAILURES = 1
    sign_in(client, "officer", "salah")
    assert forms.is_locked_out("officer", "127.0.0.1") is True
    forms.clear_failures("officer", "127.0.0.1")  # what the expiry does
    assert sign_in(client, "officer").status_code == 302


def test_lockout_message_in_indonesian_uses_the_active_language(client, officer, settings):
    settings.S2C_LOGIN_MAX_FAILURES = 1
    response = client.post("/masuk/", {"username": "officer", "password": "salah"})
    assert response.status_code == 429
    assert '<html lang="id">' in response.content.decode()


# --- Password reset and change --------------------------------------------------------


def test_password_reset_by_email(client, officer):
    response = client.post("/lupa-sandi/", {"email": officer.email}, headers=EN)
    assert response.status_code == 302
    assert response["Location"] == "/lupa-sandi/terkirim/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [officer.email]
    assert message.subject == "Password reset for S2C Sumsel"
    link = re.search(r"http://testserver(/lupa-sandi/[^/]+/[^/]+/)", message.body).group(1)
    assert "Hello Petugas Dinas A," in message.body

    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0]
    new_password = "Ampera-Bridge-1965"
    done = client.post(set_url, {"new_password1": new_password, "new_password2": new_password})
    assert done.status_code == 302
    assert done["Location"] == "/lupa-sandi/selesai/"
    assert sign_in(client, "officer", new_password).status_code == 302


def test_password_reset_for_an_unknown_address_sends_nothing_but_says_the_same(client):
    response = client.post("/lupa-sandi/", {"email": "nobody@example.test"})
    assert response.status_code == 302
    assert response["Location"] == "/lupa-sandi/terkirim/"
    assert mail.outbox == []


def test_a_used_reset_link_no_longer_works(client, officer):
    client.post("/lupa-sandi/", {"email": officer.email})
    link = re.search(r"http://testserver(/lupa-sandi/[^/]+/[^/]+/)", mail.outbox[0].body).group(1)
    officer.set_password("Changed-elsewhere-42")
    officer.save()
    page = client.get(link, follow=True, headers=EN)
    assert "This link no longer works" in page.content.decode()


def test_password_change(client, officer):
    client.force_login(officer)
    page = client.get("/akun/sandi/", headers=EN)
    assert page.status_code == 200
    assert '<label for="id_old_password">Old password<span ' in page.content.decode()
    response = client.post(
        "/akun/sandi/",
        {
            "old_password": f.PASSWORD,
            "new_password1": "Musi-River-2026",
            "new_password2": "Musi-River-2026",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/akun/sandi/selesai/"
    officer.refresh_from_db()
    assert officer.check_password("Musi-River-2026") is True


def test_password_change_needs_a_signed_in_user(client):
    response = client.get("/akun/sandi/")
    assert response.status_code == 302
    assert response["Location"] == "/masuk/?next=/akun/sandi/"


# --- Staff-area access -----------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/staf/")
    assert response.status_code == 302
    assert response["Location"] == "/masuk/?next=/staf/"
    assert client.get("/staf/audit/")["Location"] == "/masuk/?next=/staf/audit/"


def test_citizens_get_403(client, citizen):
    client.force_login(citizen)
    assert client.get("/staf/").status_code == 403
    assert client.get("/staf/audit/").status_code == 403


def test_officer_sees_own_agencies_and_roles_only(client, officer, agency, other_agency):
    f.add_membership(officer, other_agency, "head", is_active=False)
    client.force_login(officer)
    html = client.get("/staf/", headers=EN).content.decode()
    assert "Welcome, Petugas Dinas A" in html
    assert "Dinas Contoh A" in html
    assert '<span class="badge">Officer</span>' in html
    assert "Dinas Contoh B" not in html  # an inactive membership


def test_membership_in_an_inactive_agency_is_no_staff_access(client, agency):
    agency.is_active = False
    agency.save()
    former = f.make_officer(agency)
    client.force_login(former)
    assert client.get("/staf/").status_code == 403


def test_province_admin_is_staff_without_memberships(client, province_admin):
    client.force_login(province_admin)
    html = client.get("/staf/", headers=EN).content.decode()
    assert "Province administrator" in html
    assert "You have no role in an agency." not in html
