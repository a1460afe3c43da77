import datetime as dt

import pytest
from django.utils import timezone

from s2c.core import pagecache
from s2c.core.tests import factories as core_f

from .. import services
from ..checker import CheckResult
from ..models import Service
from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(agency, other_agency):
    region = core_f.make_region(code="1671", name="Palembang", kind="kota")
    office = f.make_office(agency, code="samsat-1", name="Samsat 1", region=region)
    stnk = f.make_service(
        agency,
        code="stnk",
        name="Perpanjangan STNK",
        office=office,
        life_events=["kendaraan-pajak"],
        is_free=False,
        cost="PKB + SWDKLLJ",
        requirements=["KTP", "STNK"],
        online_url="http://127.0.0.1:9/e-samsat",
    )
    ijazah = f.make_service(
        other_agency, code="ijazah", name="Legalisir Ijazah", life_events=["pendidikan"]
    )
    f.make_service(agency, code="draf", name="Draf", status=Service.Status.DRAFT, office=office)
    return {"stnk": stnk, "ijazah": ijazah, "office": office}


def test_service_list_filters_and_paginates(client, data):
    response = client.get("/api/v1/portal/services", {"page_size": 1})
    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["pages"], body["page"]) == (2, 2, 1)
    assert [s["code"] for s in body["results"]] == ["ijazah"]
    body = client.get("/api/v1/portal/services", {"life_event": "kendaraan-pajak"}).json()
    assert [s["code"] for s in body["results"]] == ["stnk"]
    assert body["results"][0]["agency"] == {
        "code": "dinas-a",
        "short_name": "Dinas A",
        "name": "Dinas Contoh A",
    }
    body = client.get("/api/v1/portal/services", {"region": "1671"}).json()
    assert [s["code"] for s in body["results"]] == ["stnk"]
    body = client.get("/api/v1/portal/services", {"free": "true"}).json()
    assert [s["code"] for s in body["results"]] == ["ijazah"]


def test_unknown_filter_codes_are_named(client, data):
    response = client.get(
        "/api/v1/portal/services", {"agency": "nope", "region": "0000"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert error["details"] == {
        "agency": ["There is no agency with this code."],
        "region": ["There is no region with this code."],
    }
    assert client.get("/api/v1/portal/services", {"page_size": 1000}).status_code == 422


def test_service_detail_has_the_whole_standard(client, data):
    response = client.get("/api/v1/portal/services/stnk", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    body = response.json()
    assert body["requirements"] == ["KTP", "STNK"]
    assert body["processing_time"] == {
        "value": 1,
        "unit": "working_days",
        "text": "1 working day",
        "note": "",
    }
    assert (body["is_free"], body["cost"]) == (False, "PKB + SWDKLLJ")
    assert body["offices"][0]["code"] == "samsat-1"
    assert body["offices"][0]["region"] == "1671"
    assert body["life_events"] == ["kendaraan-pajak"]
    indonesian = client.get("/api/v1/portal/services/stnk").json()
    assert indonesian["processing_time"]["text"] in ("1 hari kerja", "1 working day")
    assert client.get("/api/v1/portal/services/draf").status_code == 404
    assert client.get("/api/v1/portal/services/nope").json()["error"]["code"] == "not_found"


def test_etag_and_304(client, data):
    first = client.get("/api/v1/portal/services/stnk")
    tag = first["ETag"]
    assert tag.startswith('W/"')
    again = client.get("/api/v1/portal/services/stnk", HTTP_IF_NONE_MATCH=tag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == tag
    listing = client.get("/api/v1/portal/services")
    assert (
        client.get("/api/v1/portal/services", HTTP_IF_NONE_MATCH=listing["ETag"]).status_code == 304
    )
    # A change makes a new tag (the catalogue's writes also drop the kept answers).
    Service.objects.filter(code="stnk").update(summary="Baru")
    pagecache.bump()
    changed = client.get("/api/v1/portal/services/stnk", HTTP_IF_NONE_MATCH=tag)
    assert changed.status_code == 200
    assert changed["ETag"] != tag


def test_offices_life_events_and_agencies(client, data):
    body = client.get("/api/v1/portal/offices", {"region": "1671"}).json()
    assert [o["code"] for o in body["results"]] == ["samsat-1"]
    assert client.get("/api/v1/portal/offices/samsat-1").json()["name"] == "Samsat 1"
    events = {
        e["code"]: e["service_count"] for e in client.get("/api/v1/portal/life-events").json()
    }
    assert events["kendaraan-pajak"] == 1 and events["pendidikan"] == 1 and len(events) == 9
    agencies = client.get("/api/v1/portal/agencies").json()
    assert [(a["code"], a["service_count"]) for a in agencies["results"]] == [
        ("dinas-a", 1),
        ("dinas-b", 1),
    ]
    profile = client.get("/api/v1/portal/agencies/dinas-a").json()
    assert [s["code"] for s in profile["services"]] == ["stnk"]
    assert [o["code"] for o in profile["offices"]] == ["samsat-1"]


def test_status_endpoints(client, data):
    endpoint = f.make_endpoint(
        data["stnk"].agency,
        url="http://127.0.0.1:9/e-samsat",
        service=data["stnk"],
        name="E-Samsat",
    )
    now = timezone.now()
    services.check_record(
        endpoint_id=endpoint.pk,
        result=CheckResult(ok=True, status_code=200, response_ms=42),
        at=now - dt.timedelta(days=1),
    )
    services.check_record(
        endpoint_id=endpoint.pk, result=CheckResult(ok=False, error="Connection refused"), at=now
    )
    body = client.get("/api/v1/portal/status").json()
    row = body["results"][0]
    assert (row["name"], row["state"], row["uptime_90d"], row["service"]) == (
        "E-Samsat",
        "down",
        50.0,
        "stnk",
    )
    detail = client.get(f"/api/v1/portal/status/{endpoint.public_id}").json()
    assert len(detail["history"]) == 90
    assert [d["checks"] for d in detail["history"][-2:]] == [1, 1]
    assert detail["incidents"][0]["first_error"] == "Connection refused"
    assert client.get("/api/v1/portal/status/not-a-uuid").status_code == 422
    service = client.get("/api/v1/portal/services/stnk").json()
    assert service["online_status"][0]["state"] == "down"


def test_feedback_api(client, data):
    response = client.post(
        "/api/v1/portal/services/stnk/feedback", {"useful": True}, content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json() == {"useful": 1, "not_useful": 0}
    again = client.post(
        "/api/v1/portal/services/stnk/feedback", {"useful": True}, content_type="application/json"
    )
    assert again.status_code == 429
    assert again.json()["error"]["code"] == "rate_limited"


def test_openapi_documents_the_portal(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    paths = set(schema["paths"])
    for path in [
        "/api/v1/portal/services",
        "/api/v1/portal/services/{code}",
        "/api/v1/portal/offices",
        "/api/v1/portal/life-events",
        "/api/v1/portal/agencies/{code}",
        "/api/v1/portal/status",
        "/api/v1/portal/status/{endpoint_id}",
    ]:
        assert path in paths, path
