"""Tracking numbers are sequential, so anyone can walk them. Walking every number as an
anonymous client through every public channel shows, for a report that is not public
(not yet verified, rejected, or confidential), its status and nothing else: no category,
agency, text, place or date. More needs the reporter's sign-in or the secret link."""

from __future__ import annotations

import datetime as dt
import json
from xml.etree import ElementTree as ET

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from s2c.care import roles, services
from s2c.care.inputs import tracking_number
from s2c.care.models import Attachment, Complaint
from s2c.core.tests import factories as core

from . import factories as f

pytestmark = pytest.mark.django_db
WIB = dt.timezone(dt.timedelta(hours=7))
# The hidden reports arrive on another day than the public ones, so their dates can be
# looked for.
HIDDEN_AT = dt.datetime(2025, 3, 12, 10, 17, tzinfo=WIB)
HIDDEN_WORDS = ("siluman", "Cendana", "-3.1234", "104.5678")
HIDDEN_CATEGORY = ("Pungutan liar sekolah", "Illegal school levies", "pungli-sekolah")
HIDDEN_AGENCY = ("Inspektorat Rahasia Provinsi", "Inspektorat")


@pytest.fixture
def world(category, verifier, officer, region, django_capture_on_commit_callbacks):
    """Public and hidden reports, interleaved so their numbers alternate; every hidden
    report is in a category and at an agency of its own, with a photo and a place."""
    inspektorat = core.make_agency(
        code="inspektorat", name=HIDDEN_AGENCY[0], short_name=HIDDEN_AGENCY[1]
    )
    levies = f.make_category(
        agency=inspektorat,
        code=HIDDEN_CATEGORY[2],
        name=HIDDEN_CATEGORY[0],
        name_en=HIDDEN_CATEGORY[1],
    )
    hidden_text = {
        "title": "Kepala sekolah memungut biaya siluman",
        "description": "Biaya siluman Rp 500.000 per murid di SMA Cendana, dipungut tiap bulan.",
        "address": "Jalan Cendana 7",
        "latitude": -3.1234,
        "longitude": 104.5678,
        "region": "1671",
    }

    def hidden(status="received", **extra):
        return f.make_complaint(
            levies,
            status=status,
            verifier=verifier,
            agency=inspektorat,
            now=HIDDEN_AT,
            files=[f.jpeg()],
            **hidden_text,
            **extra,
        )

    with django_capture_on_commit_callbacks(execute=True):
        listed = f.make_complaint(
            category,
            status="dispositioned",
            verifier=verifier,
            latitude=-2.99,
            longitude=104.76,
            files=[f.jpeg()],
        )
        unverified = hidden()
        anonymous_listed = f.make_complaint(
            category, status="dispositioned", verifier=verifier, privacy="anonim"
        )
        confidential = hidden("dispositioned", privacy="rahasia")
        confidential_new = hidden(privacy="rahasia")
        anonymous_new = hidden(privacy="anonim")
        rejected = services.complaint_reject(
            complaint=hidden(),
            by=verifier,
            reason="Bukan wewenang sekolah Cendana.",
            now=HIDDEN_AT + dt.timedelta(hours=3),
        )
    public = [listed, anonymous_listed]
    secret = [unverified, confidential, confidential_new, anonymous_new, rejected]
    for c in public + secret:
        c.refresh_from_db()
    assert [c.is_listed for c in public] == [True, True]
    assert not any(c.is_listed for c in secret)
    return {"public": public, "hidden": secret, "category": levies, "agency": inspektorat}


def every_number() -> list[str]:
    """Every tracking number issued, and a few past the last one."""
    last = max(
        int(n.rsplit("-", 1)[1])
        for n in Complaint.objects.values_list("tracking_number", flat=True)
    )
    return [f"SC-2025-{k:06d}" for k in range(1, last + 4)]


def hidden_strings(c: Complaint) -> list[str]:
    """What must not show for a hidden report: its category, agency, words, place and
    every date it carries (as ISO and as the pages write them)."""
    dates = {c.created_at.astimezone(WIB).date(), c.public_updated_at.astimezone(WIB).date()}
    if c.deadline:
        dates.add(c.deadline)
    return [
        *HIDDEN_CATEGORY,
        *HIDDEN_AGENCY,
        *HIDDEN_WORDS,
        *(d.isoformat() for d in dates),
        *(f"{d.day} {d:%b} {d.year}" for d in dates),
    ]


def assert_nothing_leaks(text: str, c: Complaint, where: str) -> None:
    for value in hidden_strings(c):
        assert value not in text, f"{value!r} of {c.tracking_number} leaked in {where}"


def status_only_request(c: Complaint) -> dict:
    """The Open311 record of a request that is not public."""
    return {
        "service_request_id": c.tracking_number,
        "status": "open" if c.is_open else "closed",
        "status_notes": "",
        "service_name": "",
        "service_code": "",
        "description": "",
        "agency_responsible": "",
        "service_notice": "",
        "requested_datetime": None,
        "updated_datetime": None,
        "expected_datetime": None,
        "address": "",
        "address_id": "",
        "zipcode": "",
        "lat": None,
        "long": None,
        "media_url": "",
    }


def xml_records(body: bytes) -> dict[str, dict]:
    root = ET.fromstring(body)
    return {
        r.findtext("service_request_id"): {child.tag: child.text or "" for child in r}
        for r in root.findall("request")
    }


@pytest.fixture
def anon(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_walking_every_number_shows_a_hidden_report_s_status_only(anon, world):
    by_number = {c.tracking_number: c for c in world["public"] + world["hidden"]}
    numbers = every_number()
    assert set(by_number) < set(numbers)
    for number in numbers:
        c = by_number.get(number)
        pages = {
            "track page": anon.get(reverse("care:track"), {"number": number}),
            "track API": anon.get(f"/api/v1/care/track/{number}"),
            "API detail": anon.get(f"/api/v1/care/reports/{number}"),
            "public page": anon.get(f"/lapor/laporan/{number}/"),
            "Open311 JSON": anon.get(f"/open311/v2/requests/{number}.json"),
            "Open311 XML": anon.get(f"/open311/v2/requests/{number}.xml"),
            # A filter beside the id would tell the category and the date if it applied.
            "Open311 id with filters": anon.get(
                "/open311/v2/requests.json",
                {
                    "service_request_id": number,
                    "service_code": HIDDEN_CATEGORY[2],
                    "start_date": "2025-03-12T00:00:00+07:00",
                    "end_date": "2025-03-12T23:59:59+07:00",
                },
            ),
        }
        for where, response in pages.items():
            assert response.status_code in (200, 404), (where, number, response.status_code)
        if c is None:
            assert pages["track API"].status_code == 404
            assert pages["Open311 JSON"].status_code == 404
            assert pages["Open311 id with filters"].json() == []
            continue
        if c.is_listed:
            continue
        for where, response in pages.items():
            assert_nothing_leaks(response.content.decode(), c, f"{where} of {number}")
        assert pages["track API"].json() == {
            "tracking_number": number,
            "status": c.status,
            "status_label": str(Complaint.Status(c.status).label),
            "is_public": False,
            "deadline": None,
            "agency_name": None,
            "created_at": None,
            "url": None,
        }
        assert str(Complaint.Status(c.status).label) in pages["track page"].content.decode()
        assert pages["API detail"].status_code == pages["public page"].status_code == 404
        assert pages["Open311 JSON"].json() == [status_only_request(c)]
        assert pages["Open311 id with filters"].json() == [status_only_request(c)]
        expected_xml = {k: "" if v is None else v for k, v in status_only_request(c).items()}
        assert xml_records(pages["Open311 XML"].content) == {number: expected_xml}

    # Several ids at once: the same records as one by one.
    many = ",".join(numbers)
    records = {
        r["service_request_id"]: r
        for r in anon.get("/open311/v2/requests.json", {"service_request_id": many}).json()
    }
    assert set(records) == set(by_number)
    xml = xml_records(anon.get("/open311/v2/requests.xml", {"service_request_id": many}).content)
    for c in world["hidden"]:
        assert records[c.tracking_number] == status_only_request(c)
        assert_nothing_leaks(json.dumps(records[c.tracking_number]), c, "Open311 list by ids")
        assert_nothing_leaks(str(xml[c.tracking_number]), c, "Open311 XML list by ids")


def test_a_public_report_s_number_shows_the_public_report(anon, world):
    """The same walk finds what it looks for where it may: the check is not blind."""
    listed = world["public"][0]
    page = anon.get(reverse("care:track"), {"number": listed.tracking_number}).content.decode()
    assert "Jalan rusak" in page and "Dinas Contoh A" in page and "History" in page
    track = anon.get(f"/api/v1/care/track/{listed.tracking_number}").json()
    assert (track["is_public"], track["agency_name"], track["deadline"]) == (
        True,
        "Dinas Contoh A",
        listed.deadline.isoformat(),
    )
    record = anon.get(f"/open311/v2/requests/{listed.tracking_number}.json").json()[0]
    assert (record["service_code"], record["agency_responsible"], record["lat"]) == (
        "jalan-rusak",
        "Dinas Contoh A",
        -2.99,
    )
    assert record["media_url"].startswith("http://testserver/lapor/berkas/")


def test_no_public_list_feed_map_or_search_holds_a_hidden_report(anon, world):
    hidden = world["hidden"]
    texts = {}
    for url in (
        "/lapor/laporan/",
        "/lapor/laporan/?category=pungli-sekolah",
        "/lapor/laporan/?agency=inspektorat&status=open",
        "/api/v1/care/reports?page_size=100",
        "/api/v1/care/reports?category=pungli-sekolah",
        "/api/v1/care/reports?agency=inspektorat",
        "/open311/v2/requests.json",
        "/open311/v2/requests.json?start_date=2000-01-01T00:00:00Z",
        "/open311/v2/requests.xml?start_date=2000-01-01T00:00:00Z",
        "/open311/v2/requests.json?service_code=pungli-sekolah&start_date=2000-01-01T00:00:00Z",
        "/open311/v2/requests.json?status=closed&start_date=2000-01-01T00:00:00Z",
        reverse("care:feed-new"),
        reverse("care:feed-updated"),
        reverse("care:feed-agency-new", args=["inspektorat"]),
        reverse("care:feed-agency-updated", args=["inspektorat"]),
        reverse("care:feed-region-new", args=["1671"]),
        reverse("care:feed-region-updated", args=["1671"]),
        "/lapor/peta.geojson?bbox=-180,-90,180,90",
        "/lapor/peta.geojson?bbox=-180,-90,180,90&status=completed",
        "/lapor/peta.geojson?bbox=-180,-90,180,90&category=pungli-sekolah",
        "/lapor/serupa/?category=pungli-sekolah&latitude=-3.1234&longitude=104.5678"
        "&text=biaya+siluman+sekolah+Cendana",
        "/cari/?q=siluman",
        "/cari/hasil/?q=Cendana",
        "/api/v1/search?q=siluman",
        "/sitemap.xml",
    ):
        response = anon.get(url)
        assert response.status_code == 200, url
        texts[url] = response.content.decode()
    for url, text in texts.items():
        for c in hidden:
            assert c.tracking_number not in text, f"{c.tracking_number} listed in {url}"
        for word in HIDDEN_WORDS:
            if word.lower() not in url.lower():  # a search page repeats its question
                assert word not in text, f"{word!r} in {url}"
    listed = world["public"][0].tracking_number
    for url in ("/lapor/laporan/", "/api/v1/care/reports?page_size=100", "/sitemap.xml"):
        assert listed in texts[url], url  # the lists are not simply empty
    # Files of hidden reports are not served by number either.
    for a in Attachment.objects.select_related("complaint"):
        status = anon.get(reverse("care:attachment", args=[a.pk])).status_code
        assert status == (200 if a.complaint.is_listed else 404), a.complaint.tracking_number


def test_the_secret_link_shows_the_reporter_everything(anon, category, verifier):
    submitted = f.submit(category, privacy="rahasia", title="Pungutan di kantor camat")
    c = services.complaint_verify(complaint=submitted.complaint, by=verifier)
    html = anon.get(reverse("care:follow", args=[submitted.secret])).content.decode()
    assert "Pungutan di kantor camat" in html and "Jalan rusak" in html
    track = anon.get(f"/api/v1/care/track/{c.tracking_number}").json()
    assert track["agency_name"] is None and track["created_at"] is None


def test_signed_in_reporter_and_staff_see_more_than_the_status(client, category, verifier):
    reporter = core.make_user(username="pelapor", preferred_language="en")
    stranger = core.make_user(username="orang-lain", preferred_language="en")
    c = services.complaint_submit(
        data=f.complaint_input(category, privacy="rahasia"), user=reporter, now=f.MONDAY
    ).complaint
    url = f"/api/v1/care/track/{c.tracking_number}"
    client.force_login(stranger)
    assert client.get(url).json()["created_at"] is None
    assert (
        "Jalan rusak"
        not in client.get(reverse("care:track"), {"number": c.tracking_number}).content.decode()
    )
    for user in (reporter, verifier):
        client.force_login(user)
        track = client.get(url).json()
        assert (track["is_public"], track["deadline"]) == (False, c.deadline.isoformat())
        assert track["created_at"] is not None
        page = client.get(reverse("care:track"), {"number": c.tracking_number}).content.decode()
        assert "Jalan rusak" in page


def test_one_rule_decides_what_a_viewer_sees(category, verifier):
    c = f.make_complaint(category, privacy="rahasia", status="verified", verifier=verifier)
    anonymous = AnonymousUser()
    assert roles.sight(anonymous, c) == roles.Sight.STATUS
    assert roles.sight(anonymous, c, secret=True) == roles.Sight.REPORTER
    assert roles.sight(verifier, c) == roles.Sight.STAFF
    listed = f.make_complaint(category, status="verified", verifier=verifier)
    assert roles.sight(anonymous, listed) == roles.Sight.PUBLIC
    assert list(roles.public_reports(Complaint.objects.all())) == [listed]


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("SC-2026-000123", "SC-2026-000123"),
        ("sc2026000123", "SC-2026-000123"),
        (" sc 2026 000123 ", "SC-2026-000123"),
        ("Sc-2026-123", "SC-2026-000123"),
        ("SC–2026–000123", "SC-2026-000123"),  # en dashes, as a phone's keyboard writes
        ("ＳＣ－２０２６－０００１２３", "SC-2026-000123"),  # full-width
        ("SC.2026/000123", "SC-2026-000123"),
        ("2026-000123", "SC-2026-000123"),
        ("SC-2026-1234567", "SC-2026-1234567"),
        ("SC-2026-0001234567", ""),
        ("SC-26-000123", ""),
        ("XX-2026-000123", ""),
        ("", ""),
        ("SC-2026-", ""),
    ],
)
def test_one_normaliser_reads_a_typed_number(typed, number):
    assert tracking_number(typed) == number


def test_numbers_without_dashes_and_in_any_case_are_found_everywhere(anon, category, verifier):
    c = f.make_complaint(category, status="verified", verifier=verifier)
    typed = c.tracking_number.replace("-", "").lower()  # sc2025000001
    spaced = c.tracking_number.replace("-", " ")
    page = anon.get(reverse("care:track"), {"number": typed})
    assert page.status_code == 200 and "Jalan rusak" in page.content.decode()
    tracked = anon.get(reverse("care:track"), {"number": spaced}).context["tracked"]
    assert tracked.number == c.tracking_number
    assert anon.get(f"/api/v1/care/track/{typed}").json()["tracking_number"] == c.tracking_number
    assert anon.get(f"/api/v1/care/track/{spaced}").json()["tracking_number"] == c.tracking_number
    assert anon.get(f"/api/v1/care/reports/{typed}").status_code == 200
    assert anon.get(f"/lapor/laporan/{typed}/").status_code == 200
    one = anon.get(f"/open311/v2/requests/{typed}.json").json()
    assert one[0]["service_request_id"] == c.tracking_number
    listed = anon.get("/open311/v2/requests.json", {"service_request_id": f"{typed}, {spaced}"})
    assert [r["service_request_id"] for r in listed.json()] == [c.tracking_number]
    bad = anon.get("/api/v1/care/track/nomor-saya")
    assert (bad.status_code, bad.json()["error"]["message"]) == (
        400,
        "A tracking number looks like SC-2026-000123.",
    )


def test_the_browser_that_sent_a_report_sees_it_on_the_tracking_page(anon, category):
    submitted = f.submit(category, privacy="rahasia")
    number = submitted.complaint.tracking_number
    page = anon.get(reverse("care:track"), {"number": number}).content.decode()
    assert "Jalan rusak" not in page
    session = anon.session
    session["care_secrets"] = {number: submitted.secret}  # as the report page leaves it
    session.save()
    page = anon.get(reverse("care:track"), {"number": number}).content.decode()
    assert "Jalan rusak" in page and "This report is not public" in page
