"""Who sees a note: every staff action that changes a report has a public text (the
reporter and the public read it) and a separate internal note (staff only), each labelled
with who will see it. The internal note never reaches a public channel: the public page,
the track page, the reporter's page, the public API, Open311, the feeds and the mail to the
reporter."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from s2c.care import actions, services
from s2c.care.models import ComplaintEvent
from s2c.core.errors import ApplicationError

from . import factories as f

pytestmark = pytest.mark.django_db

PUBLIC = "Laporan lengkap, diteruskan ke dinas terkait."
INTERNAL = "Pelapor ini sering melapor; cek dulu ke lapangan, Pak Budi."


@pytest.fixture
def client(client):
    client.cookies.load({"s2c_language": "en"})
    return client


def public_channels(client, complaint, secret: str) -> dict[str, str]:
    """Every public place a report's history can be read, as text."""
    number = complaint.tracking_number
    pages = {
        "public page": reverse("care:public-detail", args=[number]),
        "track page": reverse("care:track") + f"?number={number}",
        "reporter's page": reverse("care:follow", args=[secret]),
        "API report": f"/api/v1/care/reports/{number}",
        "API track": f"/api/v1/care/track/{number}",
        "API follow": f"/api/v1/care/follow/{secret}",
        "Open311 request json": reverse("care:open311-request", args=[number, "json"]),
        "Open311 request xml": reverse("care:open311-request", args=[number, "xml"]),
        "Open311 list": reverse("care:open311-requests", args=["json"]),
        "new feed": reverse("care:feed-new"),
        "updated feed": reverse("care:feed-updated"),
    }
    texts = {}
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        texts[name] = response.content.decode()
    texts["mail to the reporter"] = "\n".join(
        m.subject + m.body for m in mail.outbox if complaint.reporter_email in m.to[0]
    )
    return texts


def act(client, complaint, name: str, **data):
    url = reverse("care:staff-action", args=[complaint.tracking_number, name])
    return client.post(url, data)


def test_verify_keeps_the_internal_note_from_every_public_channel(
    client, category, verifier, django_capture_on_commit_callbacks
):
    submitted = f.submit(category)
    complaint = submitted.complaint
    client.force_login(verifier)
    with django_capture_on_commit_callbacks(execute=True):
        response = act(client, complaint, "verify", note=PUBLIC, internal_note=INTERNAL)
    assert response.status_code == 302
    staff_page = client.get(reverse("care:staff-detail", args=[complaint.tracking_number]))
    assert PUBLIC in staff_page.content.decode() and INTERNAL in staff_page.content.decode()
    client.logout()
    seen = public_channels(client, complaint, submitted.secret)
    assert [name for name, text in seen.items() if INTERNAL in text] == []
    shown = [name for name, text in seen.items() if PUBLIC in text]
    assert {"public page", "track page", "reporter's page", "API report"} <= set(shown)
    assert "mail to the reporter" in shown
    internal = complaint.events.get(note=INTERNAL)
    assert (internal.kind, internal.is_public) == (ComplaintEvent.Kind.NOTE, False)
    assert complaint.events.get(note=PUBLIC).is_public is True


def test_disposition_keeps_the_internal_note_for_staff_and_the_agency(
    client, category, verifier, officer, django_capture_on_commit_callbacks
):
    submitted = f.submit(category)
    complaint = submitted.complaint
    with django_capture_on_commit_callbacks(execute=True):
        actions.run(
            "disposition",
            complaint=complaint,
            by=verifier,
            data=actions.ActionInput(
                agency=category.agency.code, note=PUBLIC, internal_note=INTERNAL
            ),
        )
    # The agency's officer reads it in the staff area.
    client.force_login(officer)
    page = client.get(reverse("care:staff-detail", args=[complaint.tracking_number]))
    assert INTERNAL in page.content.decode()
    client.logout()
    seen = public_channels(client, complaint, submitted.secret)
    assert [name for name, text in seen.items() if INTERNAL in text] == []
    assert PUBLIC in seen["public page"] and PUBLIC in seen["mail to the reporter"]


@pytest.mark.parametrize("name", ["reject", "not-authority"])
def test_closing_reasons_are_public_and_their_internal_note_is_not(
    client, category, verifier, name, django_capture_on_commit_callbacks
):
    submitted = f.submit(category)
    reason = "Bukan wewenang provinsi; hubungi Dinas PU Kota Palembang."
    with django_capture_on_commit_callbacks(execute=True):
        actions.run(
            name,
            complaint=submitted.complaint,
            by=verifier,
            data=actions.ActionInput(note=reason, internal_note=INTERNAL),
        )
    follow = client.get(reverse("care:follow", args=[submitted.secret])).content.decode()
    assert reason in follow and INTERNAL not in follow
    mails = "".join(m.body for m in mail.outbox)
    assert reason in mails and INTERNAL not in mails


def test_reply_complete_and_assign_take_an_internal_note(
    client, dispositioned, officer, django_capture_on_commit_callbacks
):
    reply = "Tim kami sudah meninjau lokasi dan menjadwalkan perbaikan."
    for name, data in [
        ("assign", actions.ActionInput(officer=officer.username, internal_note="Cek Jumat.")),
        ("reply", actions.ActionInput(note=reply, internal_note="Anggaran dari pos darurat.")),
        ("complete", actions.ActionInput(note="Lubang sudah ditambal.", internal_note="Selesai.")),
    ]:
        with django_capture_on_commit_callbacks(execute=True):
            actions.run(name, complaint=dispositioned, by=officer, data=data)
    notes = dispositioned.events.filter(kind=ComplaintEvent.Kind.NOTE)
    assert sorted(notes.values_list("note", "is_public")) == [
        ("Anggaran dari pos darurat.", False),
        ("Cek Jumat.", False),
        ("Selesai.", False),
    ]
    listed = client.get(f"/api/v1/care/reports/{dispositioned.tracking_number}").content
    assert reply.encode() in listed
    assert b"pos darurat" not in listed and b"Cek Jumat" not in listed


def test_no_internal_note_no_event(category, verifier):
    complaint = f.submit(category).complaint
    services.complaint_verify(complaint=complaint, by=verifier, note=PUBLIC, internal_note="  ")
    assert not complaint.events.filter(kind=ComplaintEvent.Kind.NOTE).exists()


def test_a_too_long_internal_note_is_refused_and_nothing_changes(category, verifier):
    complaint = f.submit(category).complaint
    with pytest.raises(ApplicationError) as exc:
        services.complaint_verify(complaint=complaint, by=verifier, internal_note="x" * 5001)
    assert exc.value.message == "Ensure this value has at most 5000 characters (it has 5001)."
    complaint.refresh_from_db()
    assert complaint.status == "received"


def test_the_staff_api_takes_an_internal_note(client, category, verifier):
    complaint = f.submit(category).complaint
    client.force_login(verifier)
    response = client.post(
        f"/api/v1/care/staff/reports/{complaint.tracking_number}/verify",
        {"note": PUBLIC, "internal_note": INTERNAL},
        content_type="application/json",
    )
    assert response.status_code == 200
    entries = {e["note"]: e for e in response.json()["timeline"]}
    assert INTERNAL in entries and PUBLIC in entries
    public = client.get(f"/api/v1/care/reports/{complaint.tracking_number}").content.decode()
    assert PUBLIC in public and INTERNAL not in public


def test_each_note_field_says_who_sees_it(client, category, verifier):
    complaint = f.submit(category).complaint
    client.force_login(verifier)
    html = client.get(reverse("care:staff-detail", args=[complaint.tracking_number]))
    html = html.content.decode()
    verify = html[html.index('id="action-verify"') : html.index("</details>")]
    assert '<label for="verify-note">Public note (optional)</label>' in verify
    assert "Public: the reporter and everyone who may read the report see this." in verify
    assert '<label for="verify-internal-note">Internal note (optional)</label>' in verify
    assert 'name="internal_note"' in verify
    assert "Only staff see this, never the reporter or the public." in verify
    # A text the action cannot go without is marked required, the mark explained once.
    reject = html[html.index('id="action-reject"') :]
    reject = reject[: reject.index("</details>")]
    assert re.search(r'<label for="reject-note">[^<]*<span class="required-mark">', reject)
    assert re.search(r'<textarea name="note" id="reject-note"[^>]* required>', reject)
    assert "required-mark" not in verify.split('for="verify-note"')[1].split("</label>")[0]
    assert html.count("Fields marked with * are required.") == 1
    assert "Note (optional)" not in html.replace("Public note (optional)", "").replace(
        "Internal note (optional)", ""
    )


def test_a_refused_action_keeps_both_notes_and_takes_the_focus(client, category, verifier):
    complaint = f.submit(category).complaint
    client.force_login(verifier)
    response = act(
        client, complaint, "disposition", agency="nope", note=PUBLIC, internal_note=INTERNAL
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "data-error-summary" in html
    assert f">{PUBLIC}</textarea>" in html and f">{INTERNAL}</textarea>" in html
