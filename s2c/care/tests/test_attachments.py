"""Who may see a complaint's file is decided by ``roles.can_see_attachment`` (and, for
the lists of files shown with the public text, ``roles.public_attachments``): the
"someone else tries" case through each caller."""

import pytest
from django.urls import reverse

from s2c.care import roles, services

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def listed(category, verifier):
    """A verified public complaint with a public photo and a photo the verifier hid."""
    c = f.submit(category, files=[f.jpeg("a.jpg"), f.jpeg("b.jpg")]).complaint
    c = services.complaint_verify(complaint=c, by=verifier)
    shown, hidden = c.attachments.order_by("id")
    services.attachment_set_public(attachment=hidden, by=verifier, is_public=False)
    hidden.refresh_from_db()
    return c, shown, hidden


def test_the_rule(listed, officer, other_officer, verifier, category):
    c, shown, hidden = listed
    assert roles.can_see_attachment(None, shown)
    assert not roles.can_see_attachment(None, hidden)
    assert roles.can_see_attachment(verifier, hidden, via=roles.STAFF)
    assert not roles.can_see_attachment(other_officer, hidden, via=roles.STAFF)
    assert roles.can_see_attachment(None, hidden, via=roles.REPORTER)  # the reporter's own
    assert list(roles.public_attachments(c)) == [shown]
    secret = f.make_complaint(category, status="verified", verifier=verifier, privacy="rahasia")
    assert not roles.public_attachments(secret).exists()


def test_public_page_someone_else_tries(client, listed, category):
    _, shown, hidden = listed
    assert client.get(reverse("care:attachment", args=[shown.pk])).status_code == 200
    assert client.get(reverse("care:attachment", args=[hidden.pk])).status_code == 404
    unverified = f.submit(category, files=[f.jpeg()]).complaint.attachments.get()
    assert client.get(reverse("care:attachment", args=[unverified.pk])).status_code == 404


def test_staff_area_someone_else_tries(client, listed, verifier, other_officer):
    _, _, hidden = listed
    url = reverse("care:staff-file", args=[hidden.pk])
    client.force_login(other_officer)
    assert client.get(url).status_code == 404
    client.force_login(verifier)
    assert client.get(url).status_code == 200


def test_follow_link_someone_else_tries(client, category, verifier, officer):
    mine = f.submit(category)
    theirs = f.submit(category, files=[f.jpeg()])
    services.complaint_disposition(complaint=mine.complaint, by=verifier, agency=category.agency)
    note = services.complaint_add_note(
        complaint=mine.complaint, by=officer, note="Foto lokasi internal.", files=[f.jpeg()]
    )
    internal = note.attachments.get()
    other = theirs.complaint.attachments.get()
    for pk in (internal.pk, other.pk):
        assert client.get(reverse("care:follow-file", args=[mine.secret, pk])).status_code == 404
    own = client.get(reverse("care:follow-file", args=[theirs.secret, other.pk]))
    assert own.status_code == 200


def test_api_timeline_shows_only_public_files(client, listed):
    c, shown, hidden = listed
    detail = client.get(f"/api/v1/care/reports/{c.tracking_number}").json()
    files = [url for entry in detail["timeline"] for url in entry["attachments"]]
    assert files == [f"http://testserver{reverse('care:attachment', args=[shown.pk])}"]


def test_open311_media_url_skips_a_hidden_photo(client, category, verifier):
    c = f.submit(category, files=[f.jpeg()]).complaint
    services.complaint_verify(complaint=c, by=verifier)
    photo = c.attachments.get()
    url = f"/open311/v2/requests/{c.tracking_number}.json"
    assert (
        client.get(url).json()[0]["media_url"].endswith(reverse("care:attachment", args=[photo.pk]))
    )
    services.attachment_set_public(attachment=photo, by=verifier, is_public=False)
    assert client.get(url).json()[0]["media_url"] == ""
