"""Hostile input on Care's pages and Open311 (which has no OpenAPI document for
schemathesis): huge, non-finite and negative numbers, dates off the calendar, bodies that
cannot be read, wrong methods. Each is the client's mistake: a 400, 404 or 405 in the
place's own format, never a 500."""

import json
from xml.etree import ElementTree as ET

import pytest
from django.urls import reverse

from s2c.care import services

from . import factories as f

BASE = "/open311/v2"
NUMBERS = ["inf", "-inf", "nan", "NaN", "1e999", "-1e999", "9" * 400, "-1", "0", "x", "1e-999"]
DATES = [
    "0001-01-01T00:00:00",
    "0001-01-01T00:00:00+14:00",
    "9999-12-31T23:59:59-12:00",
    "10000-01-01",
    "2026-13-45",
    "inf",
    "-1",
]
ENDPOINTS = [
    "discovery",
    "services",
    "services/jalan-rusak",
    "requests",
    "requests/SC-2026-000001",
    "tokens/nope",
]

pytestmark = pytest.mark.django_db


@pytest.fixture
def key(province_admin):
    return services.api_key_issue(by=province_admin, name="Aplikasi Warga").key


@pytest.fixture
def o311(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def spec_error(response, status: int) -> str:
    """The Open311 error answer's description, after checking its shape (JSON or XML)."""
    assert response.status_code == status, response.content[:300]
    if response["Content-Type"].startswith("text/xml"):
        xml = ET.fromstring(response.content)
        assert (xml.tag, xml.find("error/code").text) == ("errors", str(status))
        return xml.find("error/description").text
    body = json.loads(response.content)
    assert [set(e) for e in body] == [{"code", "description"}] and body[0]["code"] == status
    return body[0]["description"]


# --- /lapor/serupa/: coordinates ---------------------------------------------------------


@pytest.mark.parametrize("value", ["inf", "-inf", "nan", "1e999", "91", "-181"])
def test_similar_refuses_a_coordinate_it_cannot_use_with_400(client, category, value):
    response = client.get(
        reverse("care:similar"),
        {"category": category.code, "latitude": value, "longitude": value, "text": "x"},
        headers={"accept-language": "id"},
    )
    assert response.status_code == 400
    error = json.loads(response.content)["error"]
    assert error["code"] == "invalid_coordinate"
    assert "latitude" in error["message"] and "harus" in error["message"]


# --- Open311 ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["start_date", "end_date"])
@pytest.mark.parametrize("value", DATES)
def test_open311_dates_off_the_calendar_are_400(o311, category, name, value):
    for fmt in ("json", "xml"):
        response = o311.get(f"{BASE}/requests.{fmt}", {name: value})
        assert name in spec_error(response, 400)


@pytest.mark.parametrize("value", ["inf", "nan", "-inf", "1e999", "x"])
def test_open311_post_with_a_coordinate_that_is_no_number_is_400(o311, category, key, value):
    data = {
        "api_key": key,
        "service_code": category.code,
        "lat": value,
        "long": "104.76",
        "description": "Lampu jalan mati dan ada lubang besar di tikungan.",
        "email": "app-user@example.test",
    }
    assert spec_error(o311.post(f"{BASE}/requests.json", data), 400) == "lat must be a number."


def test_open311_post_off_the_globe_is_400(o311, category, key):
    data = {"api_key": key, "service_code": category.code, "lat": "-2.9", "long": "540"}
    assert (
        spec_error(o311.post(f"{BASE}/requests.json", data), 400)
        == "long must be from -180 to 180."
    )


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_open311_multipart_without_boundary_is_400_in_its_format(o311, category, key, fmt):
    response = o311.post(f"{BASE}/requests.{fmt}", b"api_key=x", content_type="multipart/form-data")
    assert "multipart/form-data" in spec_error(response, 400)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_open311_wrong_method_is_405_in_its_format(o311, category, endpoint, method):
    for fmt in ("json", "xml"):
        response = getattr(o311, method)(f"{BASE}/{endpoint}.{fmt}")
        assert "answers" in spec_error(response, 405)
        assert "GET" in response["Allow"]


@pytest.mark.parametrize("endpoint", [e for e in ENDPOINTS if e != "requests"])
def test_open311_post_to_a_read_only_endpoint_is_405_not_a_csrf_page(endpoint, category):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    for fmt in ("json", "xml"):
        response = strict.post(f"{BASE}/{endpoint}.{fmt}", {"a": "b"})
        spec_error(response, 405)
        assert response["Allow"] == "GET, HEAD"


def test_open311_post_needs_no_csrf_token_and_refuses_a_bad_key_in_its_format(category):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    response = strict.post(f"{BASE}/requests.xml", {"service_code": category.code})
    assert spec_error(response, 403) == "api_key is missing or not valid."


def test_open311_head_still_answers(o311, category):
    assert o311.head(f"{BASE}/services.json").status_code == 200


def test_open311_answers_hostile_parameters_without_a_500(o311, category, key, verifier):
    """Every operation, every parameter the spec names, every hostile value: an answer in
    the spec's format (200 with a list, or an error), never a 500."""
    f.make_complaint(category, status="verified", verifier=verifier)
    names = [
        "jurisdiction_id",
        "service_request_id",
        "service_code",
        "start_date",
        "end_date",
        "status",
        "lat",
        "long",
        "page",
    ]
    values = [
        *NUMBERS,
        *DATES,
        "9999-12-31",
        "0001-01-01T00:00:00Z",
        "\x00",
        "%00",
        "' OR 1=1 --",
        "<x>",
        "a" * 5000,
        ",,,,",
    ]
    for endpoint in ENDPOINTS:
        for fmt in ("json", "xml"):
            for name in names:
                for value in values:
                    response = o311.get(f"{BASE}/{endpoint}.{fmt}", {name: value})
                    assert response.status_code in (200, 400, 404), (endpoint, name, value)
                    if response.status_code != 200:
                        spec_error(response, response.status_code)
    base = {
        "api_key": key,
        "service_code": category.code,
        "lat": "-2.99",
        "long": "104.76",
        "description": "Lampu jalan mati dan ada lubang besar di tikungan.",
        "email": "app-user@example.test",
    }
    for name in ["lat", "long", "service_code", "email", "attribute[ukuran]", "media_url"]:
        for value in values:
            response = o311.post(f"{BASE}/requests.json", {**base, name: value})
            assert response.status_code in (201, 400, 404, 429), (name, value)
            if response.status_code != 201:
                spec_error(response, response.status_code)


@pytest.mark.parametrize("value", ["inf", "-inf", "nan", "1e999"])
def test_a_number_answer_that_is_not_finite_is_refused_not_a_500(o311, category, key, value):
    f.add_attribute(
        category, code="panjang", datatype="number", values=[], description="Berapa meter?"
    )
    report = {
        "description": "Lampu jalan mati dan ada lubang besar di tikungan.",
        "email": "app-user@example.test",
        "attribute[panjang]": value,
    }
    open311 = o311.post(
        f"{BASE}/requests.json",
        {**report, "api_key": key, "service_code": category.code, "lat": "-2.99", "long": "104.76"},
    )
    assert spec_error(open311, 400) == "attribute_panjang: “Berapa meter?” needs a number."
    api = o311.post(
        "/api/v1/care/reports",
        {**report, "category": category.code, "title": "Lubang besar di jalan"},
    )
    assert api.status_code in (400, 422), api.content
    assert api.json()["error"]["code"] != "server_error"
    assert "attribute_panjang" in json.dumps(api.json()["error"]["details"])


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_open311_form_in_another_charset_is_400_in_its_format(o311, category, fmt):
    response = o311.post(
        f"{BASE}/requests.{fmt}",
        "service_code=café",
        content_type="application/x-www-form-urlencoded; charset=latin-1",
    )
    assert "UTF-8" in spec_error(response, 400)
