"""Words staff read: each action says what it did in a sentence of its own (not "Done:
Assign."), in English and Indonesian; the statistics give durations in days and hours as
words with their plural forms (not an "h" that reads as "hari" in Indonesian)."""

import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from s2c.care import actions

from . import factories as f

pytestmark = pytest.mark.django_db
NOW = timezone.now()


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


# --- Durations in the statistics ------------------------------------------------------


@pytest.mark.parametrize(
    "language, value, days, hours",
    [
        ("en", 1, "1 working day", "1 hour"),
        ("en", 2.5, "2.5 working days", "2 hours"),
        ("en", 36.6, "36.6 working days", "37 hours"),
        ("id", 1, "1 hari kerja", "1 jam"),
        ("id", 2.5, "2,5 hari kerja", "2 jam"),
        ("id", 36.6, "36,6 hari kerja", "37 jam"),
    ],
)
def test_durations_are_words_with_plurals(language, value, days, hours):
    from django.utils import translation

    from s2c.care.templatetags import care

    with translation.override(language):
        assert (care.working_days(value), care.hours(value)) == (days, hours)
    assert care.working_days(None) == care.hours(None) == ""


@pytest.mark.parametrize(
    "language, followup, completion",
    [
        (
            "en",
            '1 working day <span class="muted small">(22 hours)</span>',
            '3 working days <span class="muted small">(70 hours)</span>',
        ),
        (
            "id",
            '1 hari kerja <span class="muted small">(22 jam)</span>',
            '3 hari kerja <span class="muted small">(70 jam)</span>',
        ),
    ],
)
def test_the_statistics_page_writes_days_and_hours(
    client, category, verifier, officer, supervisor, language, followup, completion
):
    f.make_complaint(category, status="closed", verifier=verifier, officer=officer)
    f.make_complaint(category, status="closed", verifier=verifier, officer=officer, now=NOW)
    client.cookies.load({"s2c_language": language})
    client.force_login(supervisor)
    params = {"from": "2025-01", "to": "2025-03"}
    html = client.get(reverse("care:staff-stats"), params).content.decode()
    assert followup in html and completion in html
    assert " h<" not in html and " hk " not in html and " wd " not in html
    # The league table (the last months) words them the same way.
    league = client.get(reverse("care:league")).content.decode()
    day, hour = ("working day", "hour") if language == "en" else ("hari kerja", "jam")
    pattern = rf'[\d.,]+ {day}s? <span class="muted small">\(\d+ {hour}s?\)</span>'
    assert re.search(pattern, league) and " h)" not in league
