"""The Atom feeds as a feed reader reads them (``feedparser``): a report's text, markup
and entities included, is shown as the text it is, escaped once."""

from __future__ import annotations

import html
import re

import feedparser
import pytest
from django.urls import reverse

from s2c.care.models import Complaint

from . import factories as f

pytestmark = pytest.mark.django_db

TITLE = "Lampu <b>mati</b> & gelap &amp; sepi"
DESCRIPTION = (
    "Lampu <i>jalan</i> mati & gelap, tulisan &lt;b&gt; di tiang.\n"
    "Baris kedua <script>alert('x')</script>\n\n"
    "Paragraf baru <![CDATA[ x ]]> selesai."
)


def _shown(summary_html: str) -> str:
    """The text a reader shows for an HTML summary: tags as breaks, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "\n", summary_html))


@pytest.fixture
def entry(client, category, verifier, officer):
    f.make_complaint(
        category,
        status=Complaint.Status.COMPLETED,
        verifier=verifier,
        officer=officer,
        title=TITLE,
        description=DESCRIPTION,
    )
    parsed = feedparser.parse(client.get(reverse("care:feed-new")).content)
    assert not parsed.bozo, parsed.bozo_exception
    assert len(parsed.entries) == 1
    return parsed.entries[0]


def test_a_title_with_markup_is_shown_as_text(entry):
    assert entry.title_detail.type == "text/plain"
    assert entry.title.endswith(": " + TITLE)


def test_a_summary_with_markup_is_shown_as_text(entry):
    assert entry.summary_detail.type == "text/html"
    shown = _shown(entry.summary)
    for line in DESCRIPTION.splitlines():
        assert line in shown, line
    # Escaped once, no more: "&" shows as "&", and "&lt;" typed as such stays "&lt;".
    assert "mati & gelap" in shown
    assert "&lt;b&gt; di tiang" in shown
    assert "<script>" not in entry.summary


def test_a_summary_keeps_its_paragraphs_and_parts(entry):
    assert entry.summary.count("<p>") == 5  # two paragraphs, status, agency, resolution
    assert "Baris kedua" in entry.summary.split("<br")[1]
    assert "Status: " in _shown(entry.summary)
