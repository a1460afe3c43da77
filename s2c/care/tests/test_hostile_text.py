"""Hostile text: what no door stores (the kernel's input rule, ``core.textinput``) and
what every XML output survives (text stored before the rule, or by hand).

Each Atom feed and each Open311 XML answer is parsed with strict XML parsers over a
corpus of hostile strings stored straight in the database."""

from __future__ import annotations

import json
from xml.dom import minidom
from xml.etree import ElementTree as ET
from xml.parsers.expat import ExpatError

import pytest
from django.db import DatabaseError, transaction
from django.urls import reverse

from s2c.care import services
from s2c.care.models import CategoryAttribute, Complaint, ComplaintEvent
from s2c.core.models import Agency

from . import factories as f

pytestmark = pytest.mark.django_db

C0 = "".join(chr(c) for c in range(0x20) if c not in (0x09, 0x0A, 0x0D))
C1 = "".join(chr(c) for c in range(0x7F, 0xA0))
HOSTILE = [
    f"C0 {C0} end",
    f"C1 {C1} end",
    "NUL \x00 in the middle\x00",
    "non-characters \ufffe \uffff",
    "RTL override \u202egnp.exe\u202c and isolate \u2067x\u2069",
    "<script>alert('x')</script> <b>bold</b> & &amp; &lt;",
    "CDATA end ]]> and <![CDATA[ open",
    "quotes \" ' and a form feed \x0c and escape \x1b[31m",
    "long line " + "kata " * 4000,
    "CR\r\nLF\rCR alone",
]
LONE_SURROGATES = "lone surrogates \ud800 \udfff"


def _storable(text: str) -> bool:
    """Whether the database stores ``text`` as it is (PostgreSQL refuses NUL in text,
    SQLite lone surrogates): what it refuses cannot be in the database to begin with."""
    probe = Agency.objects.first()
    try:
        with transaction.atomic():
            Agency.objects.filter(pk=probe.pk).update(name=text)
            raise _Stored
    except _Stored:
        return True
    except (DatabaseError, UnicodeError, ValueError):
        return False


def _corpus() -> list[str]:
    """The corpus as this database can hold it: PostgreSQL refuses NUL in text (so no
    stored text can have one: it is taken out here), SQLite lone surrogates (left out)."""
    corpus = [t if _storable(t) else t.replace("\x00", "") for t in HOSTILE]
    return corpus + ([LONE_SURROGATES] if _storable(LONE_SURROGATES) else [])


class _Stored(Exception):
    pass


def _strict_parse(body: bytes, url: str) -> ET.Element:
    """Both of Python's strict parsers (expat) must read the answer."""
    try:
        minidom.parseString(body)
        return ET.fromstring(body)
    except (ET.ParseError, ExpatError) as exc:
        raise AssertionError(f"{url} is not well-formed XML: {exc}") from None


@pytest.fixture
def hostile(category, verifier, officer, region):
    """A public, completed report whose every shown text, its category's, its
    attribute's and its agency's are hostile strings, stored behind the services' back."""
    corpus = _corpus()
    text = "\n".join(corpus)
    complaint = f.make_complaint(
        category, status=Complaint.Status.COMPLETED, verifier=verifier, officer=officer
    )
    attribute = f.add_attribute(category)
    Complaint.objects.filter(pk=complaint.pk).update(
        title=corpus[0][:200],
        description=text,
        public_title="",
        public_description="",
        resolution=text,
        address=corpus[1][:300],
        kecamatan=corpus[2][:100],
        region=region,
    )
    ComplaintEvent.objects.filter(complaint=complaint).exclude(note="").update(note=text)
    type(category).objects.filter(pk=category.pk).update(name=corpus[5], description=text)
    CategoryAttribute.objects.filter(pk=attribute.pk).update(
        description=corpus[6],
        values=[{"key": "k", "name": value[:200]} for value in corpus],
    )
    Agency.objects.filter(pk=category.agency_id).update(name=corpus[3], short_name=corpus[4])
    complaint.refresh_from_db()
    assert complaint.is_listed
    return complaint


def _feeds(complaint) -> list[str]:
    return [
        reverse("care:feed-new"),
        reverse("care:feed-updated"),
        reverse("care:feed-agency-new", args=[complaint.agency.code]),
        reverse("care:feed-agency-updated", args=[complaint.agency.code]),
        reverse("care:feed-region-new", args=[complaint.region.code]),
        reverse("care:feed-region-updated", args=[complaint.region.code]),
    ]


def test_every_feed_is_well_formed_for_any_stored_text(client, hostile):
    for url in _feeds(hostile):
        response = client.get(url)
        assert response.status_code == 200, url
        root = _strict_parse(response.content, url)
        entries = root.findall("{http://www.w3.org/2005/Atom}entry")
        assert len(entries) == 1, url
        # The text is still there, the illegal characters only are gone.
        summary = entries[0].findtext("{http://www.w3.org/2005/Atom}summary")
        assert "CDATA end ]]&gt; and" in summary or "CDATA end ]]> and" in summary
        assert "\u202egnp.exe" in summary
        assert "kata " * 4000 in summary


def test_every_open311_xml_answer_is_well_formed_for_any_stored_text(
    client, hostile, province_admin
):
    number, code = hostile.tracking_number, hostile.category.code
    key = services.api_key_issue(by=province_admin, name="Aplikasi").key
    base = "/open311/v2"
    answers = {
        url: client.get(url)
        for url in (
            f"{base}/discovery.xml",
            f"{base}/services.xml",
            f"{base}/services/{code}.xml",
            f"{base}/requests.xml",
            f"{base}/requests.xml?service_request_id={number}",
            f"{base}/requests/{number}.xml",
            f"{base}/tokens/{hostile.submission_token}.xml",
        )
    }
    # An error that echoes what the client sent.
    answers["POST unknown service"] = client.post(
        f"{base}/requests.xml", {"api_key": key, "service_code": "x\x01\x00y"}
    )
    for url, response in answers.items():
        assert response.status_code in (200, 404), (url, response.status_code)
        _strict_parse(response.content, url)
    detail = _strict_parse(answers[f"{base}/requests/{number}.xml"].content, "detail")
    assert "<script>" in detail.find("request").findtext("service_name")
    # JSON carries any stored text as it is.
    assert json.loads(client.get(f"{base}/requests/{number}.json").content)


# --- No door stores a control character ----------------------------------------------


DIRTY = {
    "title": "Jalan\x00 berlubang\x07 di pasar\x1b",
    "description": "Lubang\x00 besar\r\ndi depan pasar\x85 sejak dua\x7f minggu.",
    "name": "Bu\x00di",
    "address": "Jalan\x00 Pasar",
    "kecamatan": "Ilir Barat\x01 I",
}
CLEAN = {
    "title": "Jalan berlubang di pasar",
    "description": "Lubang besar\ndi depan pasar sejak dua minggu.",
    "reporter_name": "Budi",
    "address": "Jalan Pasar",
    "kecamatan": "Ilir Barat I",
}


def _stored(complaint: Complaint) -> dict:
    return {name: getattr(complaint, name) for name in CLEAN}


def _no_controls(complaint: Complaint) -> None:
    for field in Complaint._meta.get_fields():
        value = getattr(complaint, field.name, None) if field.concrete else None
        if isinstance(value, str):
            assert not any(ord(c) < 0x20 and c not in "\t\n" for c in value), field.name


def test_the_api_stores_no_nul_nor_control(client, category):
    response = client.post("/api/v1/care/reports", f.report_form(category, **DIRTY))
    assert response.status_code == 201, response.content
    complaint = Complaint.objects.get(tracking_number=response.json()["tracking_number"])
    assert _stored(complaint) == CLEAN
    _no_controls(complaint)


def test_the_page_stores_no_nul_nor_control(client, category):
    response = client.post(reverse("care:report"), f.report_form(category, **DIRTY))
    assert response.status_code == 302, response.content
    complaint = Complaint.objects.get()
    assert _stored(complaint) == CLEAN
    _no_controls(complaint)


def test_open311_stores_no_nul_nor_control(client, category, province_admin):
    key = services.api_key_issue(by=province_admin, name="Aplikasi").key
    response = client.post(
        "/open311/v2/requests.json",
        {
            "api_key": key,
            "service_code": category.code,
            "lat": "-2.99",
            "long": "104.76",
            "description": DIRTY["description"],
            "address_string": DIRTY["address"],
            "email": "app@example.test",
            "first_name": "Bu\x00di",
        },
    )
    assert response.status_code == 201, response.content
    complaint = Complaint.objects.get()
    assert complaint.description == CLEAN["description"]
    assert (complaint.address, complaint.reporter_name) == ("Jalan Pasar", "Budi")
    _no_controls(complaint)


def test_the_services_store_no_control_whatever_door(category):
    """The rule is the services' too: a caller that skips form and schema is held."""
    complaint = f.submit(category, **DIRTY).complaint
    assert _stored(complaint) == CLEAN
    _no_controls(complaint)
