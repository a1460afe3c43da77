import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from s2c.care import roles, services
from s2c.care.models import ApiKey, Complaint
from s2c.care.services.apikeys import api_key_for
from s2c.core import permissions

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def login(client):
    client.cookies.load({"s2c_language": "en"})

    def as_user(user):
        client.force_login(user)
        return client

    return as_user


def test_anonymous_visitors_go_to_sign_in(client):
    response = client.get(reverse("care:staff-inbox"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:login"))


def test_citizens_are_refused(login, citizen):
    assert login(citizen).get(reverse("care:staff-inbox")).status_code == 403


def test_officer_inbox_shows_only_the_agency(login, category, verifier, officer, other_agency):
    mine = f.make_complaint(category, status="dispositioned", verifier=verifier)
    theirs = f.make_complaint(
        category, status="dispositioned", verifier=verifier, agency=other_agency
    )
    waiting = f.make_complaint(category)
    html = login(officer).get(reverse("care:staff-inbox")).content.decode()
    assert mine.tracking_number in html
    assert theirs.tracking_number not in html and waiting.tracking_number not in html
    client = login(officer)
    assert (
        client.get(reverse("care:staff-detail", args=[theirs.tracking_number])).status_code == 403
    )
    assert client.get(reverse("care:staff-detail", args=["SC-2025-999999"])).status_code == 404
    assert client.get(reverse("care:staff-verify")).status_code == 403


def test_inbox_total_is_kept_until_a_report_changes(login, category, verifier, officer):
    f.make_complaint(category, status="dispositioned", verifier=verifier)
    client = login(officer)
    assert "1 report" in client.get(reverse("care:staff-inbox")).content.decode()
    with CaptureQueriesContext(connection) as captured:
        assert "1 report" in client.get(reverse("care:staff-inbox")).content.decode()
    assert not any("COUNT(" in q["sql"] for q in captured.captured_queries)
    # A new report in the agency's inbox shows at once, without waiting for the cache.
    second = f.make_complaint(category, status="dispositioned", verifier=verifier)
    assert "2 reports" in client.get(reverse("care:staff-inbox")).content.decode()
    # So does one that leaves it (rejected by the workflow or deleted).
    second.delete()
    assert "1 report" in client.get(reverse("care:staff-inbox")).content.decode()


def test_verifier_without_agency_role_works_in_the_staff_area(login, received, verifier):
    client = login(verifier)
    html = client.get(reverse("care:staff-verify")).content.decode()
    assert received.tracking_number in html
    assert 'href="/staf/care/statistik/"' in html  # the staff navigation is there
    detail = client.get(reverse("care:staff-detail", args=[received.tracking_number]))
    text = detail.content.decode()
    assert "Budi Santoso" in text  # verifiers see who reported
    for action in ("verify", "disposition", "reject", "not-authority", "merge", "redact"):
        assert f'id="action-{action}"' in text
    # core counts care's province roles as staff: the staff home and its navigation
    home = client.get(reverse("core:staff-home")).content.decode()
    assert 'href="/staf/care/verifikasi/"' in home


def test_care_roles_count_as_staff_only_while_active(verifier, citizen):
    assert permissions.is_staff_member(verifier)
    assert not permissions.is_staff_member(citizen)
    verifier.care_roles.update(is_active=False)
    roles.forget_cached_roles(verifier)
    assert not permissions.is_staff_member(verifier)


def test_verifier_dispositions_from_the_page(login, received, verifier, agency, other_agency):
    response = login(verifier).post(
        reverse("care:staff-action", args=[received.tracking_number, "disposition"]),
        {"agency": agency.code, "related_agencies": [other_agency.code], "note": ""},
    )
    assert response.status_code == 302
    received.refresh_from_db()
    assert (received.status, received.agency) == ("dispositioned", agency)


def test_action_error_is_shown_with_what_was_typed(login, received, verifier):
    response = login(verifier).post(
        reverse("care:staff-action", args=[received.tracking_number, "reject"]), {"note": "pendek"}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Write the reason for the reporter (at least 10 characters)." in html
    assert ">pendek</textarea>" in html


def test_action_not_allowed_for_the_user(login, dispositioned, other_officer):
    response = login(other_officer).post(
        reverse("care:staff-action", args=[dispositioned.tracking_number, "reply"]),
        {"note": "Balasan dari dinas lain."},
    )
    assert response.status_code == 403


def test_unknown_action_is_404(login, dispositioned, officer):
    response = login(officer).post(
        reverse("care:staff-action", args=[dispositioned.tracking_number, "explode"])
    )
    assert response.status_code == 404


def test_officer_replies_completes_with_evidence(login, dispositioned, officer):
    client = login(officer)
    url = reverse("care:staff-action", args=[dispositioned.tracking_number, "reply"])
    assert client.post(url, {"note": "Tim sudah meninjau lokasi."}).status_code == 302
    url = reverse("care:staff-action", args=[dispositioned.tracking_number, "complete"])
    assert (
        client.post(
            url, {"note": "Lubang sudah ditambal.", "files": [f.jpeg("bukti.jpg")]}
        ).status_code
        == 302
    )
    c = Complaint.objects.get(pk=dispositioned.pk)
    assert c.status == "completed"
    assert c.attachments.get().original_name == "bukti.jpg"


def test_return_sends_the_officer_back_to_the_inbox(login, dispositioned, officer):
    response = login(officer).post(
        reverse("care:staff-action", args=[dispositioned.tracking_number, "return"]),
        {"note": "Bukan kewenangan dinas kami."},
    )
    assert response["Location"] == reverse("care:staff-inbox")


def test_inbox_filters_and_overdue(login, category, verifier, supervisor, other_agency):
    old = f.make_complaint(category, status="dispositioned", verifier=verifier)  # Feb 2025
    other = f.make_complaint(
        category, status="dispositioned", verifier=verifier, agency=other_agency
    )
    client = login(supervisor)
    html = client.get(
        reverse("care:staff-inbox"), {"overdue": "1", "agency": other_agency.code}
    ).content.decode()
    assert other.tracking_number in html and old.tracking_number not in html
    html = client.get(reverse("care:staff-inbox"), {"overdue": "1"}).content.decode()
    assert "Overdue by" in html
    response = client.get(reverse("care:staff-inbox"), {"sort": "sideways"})
    assert "Unknown sort order." in response.content.decode()


def test_bulk_assign(login, category, verifier, officer, agency_head):
    a = f.make_complaint(category, status="dispositioned", verifier=verifier)
    b = f.make_complaint(category, status="dispositioned", verifier=verifier)
    response = login(agency_head).post(
        reverse("care:staff-bulk"),
        {
            "bulk_action": "assign",
            "officer": officer.username,
            "selected": [a.tracking_number, b.tracking_number],
            "next": "/staf/care/",
        },
    )
    assert response["Location"] == "/staf/care/"
    assert set(Complaint.objects.values_list("assigned_to", flat=True)) == {officer.pk}


def test_bulk_disposition_by_the_verifier(login, category, verifier, agency):
    a, b = f.make_complaint(category), f.make_complaint(category)
    login(verifier).post(
        reverse("care:staff-bulk"),
        {
            "bulk_action": "disposition",
            "agency": agency.code,
            "selected": [a.tracking_number, b.tracking_number],
        },
    )
    assert set(Complaint.objects.values_list("status", flat=True)) == {"dispositioned"}


def test_bulk_without_selection(login, officer):
    response = login(officer).post(
        reverse("care:staff-bulk"), {"bulk_action": "assign"}, follow=True
    )
    assert "Select at least one report." in response.content.decode()


def test_statistics_page_and_exports(login, category, verifier, officer, supervisor):
    f.make_complaint(category, status="closed", verifier=verifier, officer=officer)
    client = login(supervisor)
    params = {"from": "2025-01", "to": "2025-03"}
    html = client.get(reverse("care:staff-stats"), params).content.decode()
    assert "Dinas A" in html and "100.0%" in html
    csv = client.get(reverse("care:staff-stats-export", args=["csv"]), params)
    assert csv["Content-Type"] == "text/csv; charset=utf-8"
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Agency,Category,Received,Completed,Overdue")
    assert lines[1] == "Dinas Contoh A,Jalan rusak,1,1,0,1.0,22.0,3.0,70.0,100.0,5.0,1"
    xlsx = client.get(reverse("care:staff-stats-export", args=["xlsx"]), params)
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [c.value for c in sheet[3]][:5] == ["Dinas Contoh A", "Jalan rusak", 1, 1, 0]
    assert client.get(reverse("care:staff-stats-export", args=["pdf"])).status_code == 404
    bad = client.get(reverse("care:staff-stats-export", args=["csv"]), {"from": "2025-13"})
    assert (bad.status_code, bad.content) == (400, b"Months are written YYYY-MM, e.g. 2026-01.")


def test_agency_staff_see_statistics_of_their_agency_only(
    login, category, verifier, officer, other_agency
):
    f.make_complaint(category, status="dispositioned", verifier=verifier, agency=other_agency)
    f.make_complaint(category, status="dispositioned", verifier=verifier)
    html = (
        login(officer)
        .get(reverse("care:staff-stats"), {"from": "2025-01", "to": "2025-03"})
        .content.decode()
    )
    assert "Dinas A" in html and "Dinas B" not in html


def test_api_keys_issued_once_and_revoked(login, province_admin, officer):
    client = login(province_admin)
    response = client.post(
        reverse("care:staff-apikeys"),
        {"name": "Aplikasi Warga", "contact_email": "dev@example.test"},
    )
    html = response.content.decode()
    key = ApiKey.objects.get()
    shown = html.split('id="new-key">')[1].split("<")[0]
    assert shown.startswith("s2c311_") and api_key_for(shown) == key
    assert shown not in client.get(reverse("care:staff-apikeys")).content.decode()
    assert key.key_hash != shown
    client.post(reverse("care:staff-apikey-revoke", args=[key.pk]))
    key.refresh_from_db()
    assert key.is_active is False
    assert api_key_for(shown) is None
    assert login(officer).get(reverse("care:staff-apikeys")).status_code == 403


def test_api_key_needs_a_name(login, province_admin):
    html = (
        login(province_admin)
        .post(reverse("care:staff-apikeys"), {"name": "x"}, follow=True)
        .content.decode()
    )
    assert "Give the app a name of 3 to 150 characters." in html
    assert ApiKey.objects.count() == 0


def test_staff_file_needs_access(login, category, officer, other_officer):
    c = f.submit(category, files=[f.jpeg()]).complaint
    services.complaint_disposition(complaint=c, by=f.make_verifier(), agency=category.agency)
    url = reverse("care:staff-file", args=[c.attachments.get().pk])
    assert login(officer).get(url).status_code == 200
    assert login(other_officer).get(url).status_code == 404


def test_verifier_hides_a_photo(login, category, verifier, officer):
    c = f.submit(category, files=[f.jpeg()]).complaint
    photo = c.attachments.get()
    url = reverse("care:staff-file-public", args=[photo.pk])
    assert login(officer).post(url, {"public": "0"}).status_code == 403
    response = login(verifier).post(url, {"public": "0"}, follow=True)
    assert "The file is hidden from the public." in response.content.decode()
    photo.refresh_from_db()
    assert photo.is_public is False
