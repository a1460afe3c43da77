"""Words staff read: each action says what it did in a sentence of its own (not "Done:
Assign."), in English and Indonesian; the statistics give durations in days and hours as
words with their plural forms (not an "h" that reads as "hari" in Indonesian)."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from s2c.care import actions

from . import factories as f

pytestmark = pytest.mark.django_db


def flash(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def speaks(client, user, language):
    client.cookies.load({"s2c_language": language})
    client.force_login(user)


def post(client, complaint, name, **data):
    url = reverse("care:staff-action", args=[complaint.tracking_number, name])
    return client.post(url, data)


@pytest.mark.parametrize(
    "language, expected",
    [
        ("en", "Report {n} was assigned to Petugas Dinas A."),
        ("id", "Laporan {n} ditugaskan kepada Petugas Dinas A."),
    ],
)
def test_assign_says_to_whom(client, category, verifier, officer, agency_head, language, expected):
    officer.full_name = "Petugas Dinas A"
    officer.save()
    complaint = f.make_complaint(category, status="dispositioned", verifier=verifier)
    speaks(client, agency_head, language)
    response = post(client, complaint, "assign", officer=officer.username)
    assert flash(response) == [expected.format(n=complaint.tracking_number)]


@pytest.mark.parametrize(
    "language, expected",
    [
        ("en", "Report {n} was sent to Dinas Contoh A."),
        ("id", "Laporan {n} diteruskan ke Dinas Contoh A."),
    ],
)
def test_disposition_says_where(client, category, verifier, agency, language, expected):
    complaint = f.make_complaint(category)
    speaks(client, verifier, language)
    response = post(client, complaint, "disposition", agency=agency.code)
    assert flash(response) == [expected.format(n=complaint.tracking_number)]


def test_every_action_has_its_own_sentence_in_both_languages(category, verifier, officer):
    from django.utils import translation

    complaint = f.make_complaint(category, status="in_progress", verifier=verifier, officer=officer)
    other = f.make_complaint(category)
    complaint.merged_into = other
    for language in ("en", "id"):
        with translation.override(language):
            sentences = {name: actions.done_message(name, complaint) for name in actions.ACTIONS}
        assert len(set(sentences.values())) == len(actions.ACTIONS)
        for name, sentence in sentences.items():
            assert complaint.tracking_number in sentence, name
            assert not sentence.startswith(("Done:", "Berhasil:")), name
    with translation.override("id"):
        assert actions.done_message("verify", complaint) == (
            f"Laporan {complaint.tracking_number} telah diverifikasi."
        )


def test_bulk_actions_count_in_a_sentence(client, category, verifier, officer, agency_head):
    a = f.make_complaint(category, status="dispositioned", verifier=verifier)
    b = f.make_complaint(category, status="dispositioned", verifier=verifier)
    data = {"bulk_action": "assign", "officer": officer.username, "next": "/staf/care/"}
    for language, one, two in [
        ("en", "1 report was assigned to {o}.", "2 reports were assigned to {o}."),
        ("id", "1 laporan ditugaskan kepada {o}.", "2 laporan ditugaskan kepada {o}."),
    ]:
        speaks(client, agency_head, language)
        selected = {"selected": [a.tracking_number]}
        page = client.post(reverse("care:staff-bulk"), {**data, **selected}, follow=True)
        assert one.format(o=officer) in page.content.decode()
        selected = {"selected": [a.tracking_number, b.tracking_number]}
        page = client.post(reverse("care:staff-bulk"), {**data, **selected}, follow=True)
        assert two.format(o=officer) in page.content.decode()
