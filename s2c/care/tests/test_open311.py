"""Open311 GeoReport v2, with Django's test client and with a plain HTTP client."""

import json
import urllib.error
import urllib.parse
import urllib.request
from xml.etree import ElementTree as ET

import pytest
from django.utils import timezone

from s2c.care import services
from s2c.care.models import ApiKey, Complaint

from . import factories as f

BASE = "/open311/v2"


@pytest.fixture
def key(province_admin):
    return services.api_key_issue(by=province_admin, name="Aplikasi Warga").key


@pytest.fixture
def o311(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def request_data(category, key, **extra):
    return {
        "api_key": key,
        "service_code": category.code,
        "lat": "-2.99",
        "long": "104.76",
        "description": "Lampu jalan mati dan ada lubang besar di tikungan.",
        "email": "app-user@example.test",
        "first_name": "Siti",
        "last_name": "Aminah",
        **extra,
    }


pytestmark = pytest.mark.django_db


def test_discovery_json_and_xml(o311):
    data = o311.get(f"{BASE}/discovery.json").json()
    assert data["endpoints"][0]["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert data["endpoints"][0]["formats"] == ["text/xml", "application/json"]
    xml = ET.fromstring(o311.get(f"{BASE}/discovery.xml").content)
    assert xml.tag == "discovery"
    assert [e.text for e in xml.findall("endpoints/endpoint/formats/format")] == [
        "text/xml",
        "application/json",
    ]


def test_services_and_definition(o311, category):
    f.add_attribute(category, required=True)
    services_ = o311.get(f"{BASE}/services.json").json()
    assert services_ == [
        {
            "service_code": "jalan-rusak",
            "service_name": "Jalan rusak",
            "description": "",
            "metadata": True,
            "type": "realtime",
            "keywords": "",
            "group": "",
        }
    ]
    xml = ET.fromstring(o311.get(f"{BASE}/services.xml").content)
    assert (xml.tag, xml.find("service/service_code").text, xml.find("service/metadata").text) == (
        "services",
        "jalan-rusak",
        "true",
    )
    definition = o311.get(f"{BASE}/services/jalan-rusak.json").json()
    assert definition["attributes"][0] == {
        "variable": True,
        "code": "ukuran",
        "datatype": "singlevaluelist",
        "required": True,
        "datatype_description": "",
        "order": 100,
        "description": "Seberapa besar?",
        "values": [{"key": "kecil", "name": "Kecil"}, {"key": "besar", "name": "Besar"}],
    }
    xml = ET.fromstring(o311.get(f"{BASE}/services/jalan-rusak.xml").content)
    assert xml.find("attributes/attribute/values/value/key").text == "kecil"
    missing = o311.get(f"{BASE}/services/nope.json")
    assert (missing.status_code, missing.json()) == (
        404,
        [{"code": 404, "description": "No service has the code nope."}],
    )


def test_post_request_with_api_key(o311, category, key):
    response = o311.post(f"{BASE}/requests.json", request_data(category, key))
    assert response.status_code == 201
    body = response.json()
    c = Complaint.objects.get()
    assert body[0]["service_request_id"] == c.tracking_number
    assert body[0]["token"] == c.submission_token
    assert (c.source, c.reporter_name, c.api_key.name) == (
        "open311",
        "Siti Aminah",
        "Aplikasi Warga",
    )
    token = o311.get(f"{BASE}/tokens/{c.submission_token}.json").json()
    assert token == [{"service_request_id": c.tracking_number, "token": c.submission_token}]


def test_post_request_attributes(o311, category, key):
    f.add_attribute(category, required=True)
    missing = o311.post(f"{BASE}/requests.json", request_data(category, key))
    assert missing.status_code == 400
    assert missing.json()[0]["description"] == "attribute_ukuran: Answer “Seberapa besar?”."
    ok = o311.post(
        f"{BASE}/requests.json", request_data(category, key, **{"attribute[ukuran]": "besar"})
    )
    assert ok.status_code == 201
    assert Complaint.objects.get().attributes == {"ukuran": "besar"}


@pytest.mark.parametrize(
    ("change", "status", "description"),
    [
        ({"api_key": ""}, 403, "api_key is missing or not valid."),
        ({"api_key": "s2c311_wrong"}, 403, "api_key is missing or not valid."),
        ({"service_code": ""}, 400, "service_code is required."),
        ({"service_code": "nope"}, 404, "No service has the code nope."),
        ({"lat": "", "long": ""}, 400, "Give lat and long, or address_string."),
        ({"lat": "abc"}, 400, "lat must be a number."),
        (
            {"email": "", "phone": ""},
            400,
            "contact: Give an email address or a phone number so "
            "the agency can reach you, or choose an anonymous report.",
        ),
    ],
)
def test_post_request_errors(o311, category, key, change, status, description):
    response = o311.post(f"{BASE}/requests.json", request_data(category, key, **change))
    assert (response.status_code, response.json()) == (
        status,
        [{"code": status, "description": description}],
    )


def test_errors_in_xml(o311, category):
    response = o311.post(f"{BASE}/requests.xml", {"service_code": category.code})
    assert response.status_code == 403
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    xml = ET.fromstring(response.content)
    assert (xml.tag, xml.find("error/code").text, xml.find("error/description").text) == (
        "errors",
        "403",
        "api_key is missing or not valid.",
    )


def test_revoked_key_is_refused(o311, category, key, province_admin):
    services.api_key_revoke(by=province_admin, api_key=ApiKey.objects.get())
    assert o311.post(f"{BASE}/requests.json", request_data(category, key)).status_code == 403


def test_get_requests_with_filters(o311, category, verifier, officer, agency):
    now = timezone.now()
    open_ = f.make_complaint(category, status="dispositioned", verifier=verifier, now=now)
    closed = f.make_complaint(
        category, status="closed", verifier=verifier, officer=officer, now=now
    )
    f.make_complaint(category, status="verified", verifier=verifier, privacy="rahasia", now=now)
    f.make_complaint(category, now=now)  # not verified: not listed
    data = o311.get(f"{BASE}/requests.json").json()
    assert {r["service_request_id"] for r in data} == {
        open_.tracking_number,
        closed.tracking_number,
    }
    one = {r["service_request_id"]: r for r in data}[open_.tracking_number]
    assert (one["status"], one["agency_responsible"], one["lat"], one["service_code"]) == (
        "open",
        "Dinas Contoh A",
        None,
        "jalan-rusak",
    )
    assert one["requested_datetime"].endswith("+07:00")
    only_closed = o311.get(f"{BASE}/requests.json", {"status": "closed"}).json()
    assert [r["service_request_id"] for r in only_closed] == [closed.tracking_number]
    assert [r["status_notes"] for r in only_closed] == ["Lubang sudah ditambal hari ini."]
    by_id = o311.get(
        f"{BASE}/requests.json",
        {"service_request_id": f"{open_.tracking_number},{closed.tracking_number}"},
    )
    assert len(by_id.json()) == 2
    future = o311.get(f"{BASE}/requests.json", {"start_date": "2099-01-01T00:00:00Z"}).json()
    assert future == []
    assert o311.get(f"{BASE}/requests.json", {"service_code": "other"}).json() == []
    bad = o311.get(f"{BASE}/requests.json", {"status": "pending"})
    assert (bad.status_code, bad.json()[0]["description"]) == (
        400,
        "status must be open, closed or both.",
    )
    bad = o311.get(f"{BASE}/requests.json", {"start_date": "yesterday"})
    assert bad.status_code == 400


def test_get_one_request_xml(o311, category, verifier):
    c = f.make_complaint(
        category, status="verified", verifier=verifier, latitude=-2.99, longitude=104.76
    )
    xml = ET.fromstring(o311.get(f"{BASE}/requests/{c.tracking_number}.xml").content)
    assert xml.tag == "service_requests"
    assert xml.find("request/service_request_id").text == c.tracking_number
    assert (xml.find("request/status").text, xml.find("request/lat").text) == ("open", "-2.99")
    missing = o311.get(f"{BASE}/requests/SC-2025-999999.json")
    assert missing.status_code == 404


def test_confidential_request_shows_status_only(o311, category, verifier):
    c = f.make_complaint(
        category,
        status="verified",
        verifier=verifier,
        privacy="rahasia",
        latitude=-2.99,
        longitude=104.76,
    )
    data = o311.get(f"{BASE}/requests/{c.tracking_number}.json").json()[0]
    assert (data["status"], data["description"], data["lat"], data["address"]) == (
        "open",
        "",
        None,
        "",
    )


def test_unknown_format_and_jurisdiction(o311):
    assert o311.get(f"{BASE}/services.html").status_code == 404
    wrong = o311.get(f"{BASE}/services.json", {"jurisdiction_id": "jakarta.go.id"})
    assert wrong.status_code == 404
    assert (
        o311.get(f"{BASE}/services.json", {"jurisdiction_id": "sumselprov.go.id"}).status_code
        == 200
    )


@pytest.mark.django_db(transaction=True)
def test_plain_http_client_against_a_live_server(live_server, agency, province_admin):
    """The same as an app would: urllib, form-encoded POST, then GET it back."""
    category = f.make_category(agency=agency, code="jalan-rusak", name="Jalan rusak")
    key = services.api_key_issue(by=province_admin, name="Klien HTTP").key
    body = urllib.parse.urlencode(request_data(category, key)).encode()
    request = urllib.request.Request(
        f"{live_server.url}{BASE}/requests.json", data=body, headers={"Accept-Language": "en"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 201
        created = json.loads(response.read())
    number = created[0]["service_request_id"]
    with urllib.request.urlopen(
        f"{live_server.url}{BASE}/requests/{number}.json", timeout=30
    ) as response:
        found = json.loads(response.read())
    assert (found[0]["service_request_id"], found[0]["status"]) == (number, "open")
    with pytest.raises(urllib.error.HTTPError) as exc:
        urllib.request.urlopen(
            urllib.request.Request(
                f"{live_server.url}{BASE}/requests.xml", data=b"service_code=jalan-rusak"
            ),
            timeout=30,
        )
    assert exc.value.code == 403
    assert ET.fromstring(exc.value.read()).find("error/code").text == "403"
