import datetime as dt

import pytest
from django.utils import timezone

from s2c.care import services
from s2c.care.models import Complaint

from . import factories as f

pytestmark = pytest.mark.django_db
API = "/api/v1/care"
NOW = timezone.now()


@pytest.fixture
def api(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def post_report(api, category, files=None, **extra):
    data = {
        "category": category.code,
        "title": "Jalan berlubang di Sudirman",
        "description": "Lubang besar, motor sering jatuh di malam hari.",
        "email": "warga@example.test",
        "latitude": "-2.99",
        "longitude": "104.76",
        **extra,
    }
    if files:
        data["files"] = files
    return api.post(f"{API}/reports", data)


def test_categories(api, category):
    f.add_attribute(category, required=True)
    data = api.get(f"{API}/categories").json()
    assert [c["code"] for c in data] == ["jalan-rusak"]
    assert data[0]["agency"] == "dinas-a"
    assert data[0]["attributes"][0]["code"] == "ukuran"
    assert (data[0]["verify_days"], data[0]["followup_days"], data[0]["reopen_days"]) == (3, 5, 10)


def test_submit_form_encoded_and_with_photos(api, category):
    response = post_report(api, category)
    assert response.status_code == 201
    body = response.json()
    assert body["tracking_number"] == f"SC-{timezone.localdate().year}-000001"
    assert body["follow_url"].endswith(f"/lapor/ikuti/{body['follow_secret']}/")
    c = Complaint.objects.get()
    assert (c.source, c.status) == ("api", "received")
    response = post_report(api, category, files=[f.jpeg("a.jpg"), f.jpeg("b.jpg")])
    assert response.status_code == 201
    assert (
        Complaint.objects.get(
            tracking_number=response.json()["tracking_number"]
        ).attachments.count()
        == 2
    )


def test_submit_with_answers_to_the_questions(api, category):
    f.add_attribute(category, required=True)
    refused = post_report(api, category)
    assert refused.json()["error"]["details"]["fields"] == {
        "attribute_ukuran": "Answer “Seberapa besar?”."
    }
    assert post_report(api, category, **{"attribute[ukuran]": "kecil"}).status_code == 201
    assert Complaint.objects.get().attributes == {"ukuran": "kecil"}


def test_submit_errors_use_the_error_shape(api, category):
    response = post_report(api, category, email="", description="pendek")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid_report"
    assert error["details"]["fields"]["description"] == (
        "Describe the problem in 10 to 5000 characters."
    )
    missing = api.post(f"{API}/reports", {"title": "x"})
    assert missing.status_code == 422
    assert missing.json()["error"]["code"] == "validation_error"


def test_public_list_detail_and_track(api, category, verifier):
    listed = f.make_complaint(
        category,
        status="dispositioned",
        verifier=verifier,
        description="Telepon saya 081234567890 kalau perlu.",
    )
    hidden = f.make_complaint(category, status="verified", verifier=verifier, privacy="rahasia")
    data = api.get(f"{API}/reports").json()
    assert (data["count"], [r["tracking_number"] for r in data["results"]]) == (
        1,
        [listed.tracking_number],
    )
    detail = api.get(f"{API}/reports/{listed.tracking_number}").json()
    assert detail["description"] == "Telepon saya [phone hidden] kalau perlu."
    assert [t["kind"] for t in detail["timeline"]] == ["submitted", "verified", "dispositioned"]
    assert "reporter" not in detail and "Budi" not in str(detail)
    assert api.get(f"{API}/reports/{hidden.tracking_number}").status_code == 404
    track = api.get(f"{API}/track/{hidden.tracking_number}").json()
    assert (track["status"], track["is_public"], track["url"]) == ("verified", False, None)
    assert api.get(f"{API}/reports", {"status": "weird"}).json()["error"]["code"] == (
        "invalid_filter"
    )


def test_support(api, category, verifier):
    c = f.make_complaint(category, status="verified", verifier=verifier)
    first = api.post(f"{API}/reports/{c.tracking_number}/support").json()
    second = api.post(f"{API}/reports/{c.tracking_number}/support").json()
    assert (first, second) == (
        {"counted": True, "supporters": 1},
        {"counted": False, "supporters": 1},
    )


def test_follow_reply_rate_and_reopen_by_secret(api, category, verifier, officer):
    body = post_report(api, category).json()
    secret = body["follow_secret"]
    own = api.get(f"{API}/follow/{secret}").json()
    assert (own["tracking_number"], own["can_reply"], own["can_rate"]) == (
        body["tracking_number"],
        True,
        False,
    )
    reply = api.post(f"{API}/follow/{secret}/replies", {"message": "Tambahan: makin parah."})
    assert reply.status_code == 201
    c = Complaint.objects.get()

    services.complaint_disposition(complaint=c, by=verifier, agency=category.agency)
    services.complaint_complete(complaint=c, by=officer, resolution="Sudah diperbaiki.")
    reopened = api.post(
        f"{API}/follow/{secret}/reopen",
        {"reason": "Belum, masih berlubang."},
        content_type="application/json",
    )
    assert reopened.json()["status"] == "in_progress"
    services.complaint_complete(complaint=c, by=officer, resolution="Sekarang sudah beres.")
    rated = api.post(
        f"{API}/follow/{secret}/rating",
        {"rating": 4, "comment": "Oke"},
        content_type="application/json",
    )
    assert (rated.status_code, rated.json()["status"], rated.json()["rating"]) == (200, "closed", 4)
    again = api.post(
        f"{API}/follow/{secret}/rating", {"rating": 4}, content_type="application/json"
    )
    assert (again.status_code, again.json()["error"]["code"]) == (409, "invalid_status")
    assert api.get(f"{API}/follow/not-a-secret").status_code == 404
    bad = api.post(f"{API}/follow/{secret}/rating", {"rating": 9}, content_type="application/json")
    assert bad.status_code == 422


def test_staff_api_needs_sign_in(api):
    response = api.get(f"{API}/staff/reports")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_staff_inbox_and_actions(api, category, verifier, officer, other_officer):
    c = f.make_complaint(category)
    api.force_login(verifier)
    rows = api.get(f"{API}/staff/reports", {"view": "verify"}).json()["results"]
    assert [r["tracking_number"] for r in rows] == [c.tracking_number]
    detail = api.post(
        f"{API}/staff/reports/{c.tracking_number}/disposition",
        {"agency": "dinas-a"},
        content_type="application/json",
    ).json()
    assert (detail["status"], detail["agency"]) == ("dispositioned", "dinas-a")
    assert detail["reporter"]["name"] == "Budi Santoso"
    api.force_login(other_officer)
    assert api.get(f"{API}/staff/reports").json()["count"] == 0
    refused = api.get(f"{API}/staff/reports/{c.tracking_number}")
    assert refused.status_code == 403
    api.force_login(officer)
    done = api.post(
        f"{API}/staff/reports/{c.tracking_number}/reply",
        {"note": "Kami tinjau minggu ini."},
        content_type="application/json",
    )
    assert done.json()["status"] == "in_progress"
    wrong = api.post(
        f"{API}/staff/reports/{c.tracking_number}/verify", {}, content_type="application/json"
    )
    assert (wrong.status_code, wrong.json()["error"]["message"]) == (
        403,
        "Only the province's verifiers may do this.",
    )


def test_staff_statistics(api, category, verifier, officer, supervisor):
    f.make_complaint(category, status="closed", verifier=verifier, officer=officer)
    api.force_login(supervisor)
    data = api.get(f"{API}/staff/statistics", {"from": "2025-01", "to": "2025-12"}).json()
    assert data["total"]["received"] == 1
    row = data["rows"][0]
    assert (
        row["agency"],
        row["category"],
        row["completed"],
        row["sla_percent"],
        row["satisfaction"],
        row["median_followup_hours"],
    ) == ("dinas-a", "jalan-rusak", 1, 100.0, 5.0, 22.0)
    bad = api.get(f"{API}/staff/statistics", {"from": "January"})
    assert (bad.status_code, bad.json()["error"]["details"]) == (422, {"from": ["Use YYYY-MM."]})


def test_league(api, category, verifier, officer):
    f.make_complaint(
        category,
        status="closed",
        verifier=verifier,
        officer=officer,
        now=NOW - dt.timedelta(days=10),
    )
    data = api.get(f"{API}/league").json()
    assert [(r["agency"], r["sla_percent"]) for r in data] == [("dinas-a", 100.0)]
