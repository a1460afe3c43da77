"""An anonymous reporter's identity never reaches anyone but the province's verifiers:
every channel is rendered for others and searched for the name, email and phone."""

import datetime as dt
import io
import logging

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from openpyxl import load_workbook

from s2c.care import indexing, services
from s2c.core import search
from s2c.core.models import AuditEntry
from s2c.core.notifications.models import Notification
from s2c.core.search.models import SearchDocument

from . import factories as f

pytestmark = pytest.mark.django_db
NAME, EMAIL, PHONE = "Rahasia Pelapor", "pelapor.anonim@example.test", "081377778888"
IDENTITY = (NAME, EMAIL, PHONE, "pelapor.anonim")
WIB = dt.timezone(dt.timedelta(hours=7))


def assert_no_identity(text: str, where: str) -> None:
    for value in IDENTITY:
        assert value not in text, f"{value!r} leaked in {where}"


@pytest.fixture
def anonymous(
    category,
    verifier,
    officer,
    agency_head,
    supervisor,
    region,
    django_capture_on_commit_callbacks,
    caplog,
):
    """An anonymous report (with the reporter's phone typed into the text), walked through
    every stage that notifies someone, with the logs captured."""
    caplog.set_level(logging.DEBUG)
    with django_capture_on_commit_callbacks(execute=True):
        submitted = f.submit(
            category,
            privacy="anonim",
            name=NAME,
            email=EMAIL,
            phone=PHONE,
            title="Jalan rusak depan rumah",
            region="1671",
            latitude=-2.99,
            longitude=104.76,
            description=f"Jalan rusak parah. Kalau perlu hubungi saya {PHONE}.",
            files=[f.jpeg()],
        )
        c = submitted.complaint
        services.complaint_disposition(
            complaint=c, by=verifier, agency=category.agency, now=f.MONDAY + dt.timedelta(hours=1)
        )
        services.complaint_assign(complaint=c, by=agency_head, officer=officer)
        services.reporter_reply(complaint=c, message=f"Nomor saya {PHONE}, email {EMAIL}.")
        services.deadlines_check(now=dt.datetime(2025, 2, 11, 8, tzinfo=WIB))  # reminder
        services.deadlines_check(now=dt.datetime(2025, 2, 13, 8, tzinfo=WIB))  # escalation
        services.complaint_post_update(
            complaint=c,
            by=officer,
            message="Kami tinjau besok.",
            now=dt.datetime(2025, 2, 13, 9, tzinfo=WIB),
        )
    c.refresh_from_db()
    return c


def test_the_verifier_sees_the_identity(client, anonymous, verifier):
    client.force_login(verifier)
    html = client.get(
        reverse("care:staff-detail", args=[anonymous.tracking_number])
    ).content.decode()
    for value in (NAME, EMAIL, PHONE):
        assert value in html


def test_officer_pages_never_show_the_identity(client, anonymous, officer, agency_head):
    client.cookies.load({"s2c_language": "en"})
    for user in (officer, agency_head):
        client.force_login(user)
        for url in (
            reverse("care:staff-detail", args=[anonymous.tracking_number]),
            reverse("care:staff-inbox"),
            reverse("care:staff-mine"),
            reverse("care:staff-stats") + "?from=2025-01&to=2025-12",
        ):
            response = client.get(url)
            assert response.status_code == 200
            assert_no_identity(response.content.decode(), f"{url} as {user}")
    html = client.get(
        reverse("care:staff-detail", args=[anonymous.tracking_number])
    ).content.decode()
    assert "[phone hidden]" in html  # the typed phone number is masked for officers


def test_supervisor_pages_never_show_the_identity(client, anonymous, supervisor):
    client.force_login(supervisor)
    html = client.get(
        reverse("care:staff-detail", args=[anonymous.tracking_number])
    ).content.decode()
    assert_no_identity(html, "supervisor detail")


def test_staff_api_never_shows_the_identity(client, anonymous, officer):
    client.force_login(officer)
    listing = client.get("/api/v1/care/staff/reports").content.decode()
    detail = client.get(f"/api/v1/care/staff/reports/{anonymous.tracking_number}")
    assert detail.json()["reporter"] is None
    for text, where in ((listing, "staff API list"), (detail.content.decode(), "staff API")):
        assert_no_identity(text, where)


def test_exports_never_show_the_identity(client, anonymous, supervisor):
    client.force_login(supervisor)
    params = {"from": "2025-01", "to": "2025-12"}
    csv = client.get(reverse("care:staff-stats-export", args=["csv"]), params)
    assert_no_identity(csv.content.decode("utf-8-sig"), "CSV export")
    xlsx = client.get(reverse("care:staff-stats-export", args=["xlsx"]), params)
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    cells = " ".join(str(c.value) for row in sheet.iter_rows() for c in row)
    assert "Dinas Contoh A" in cells
    assert_no_identity(cells, "XLSX export")


def test_staff_notifications_never_carry_the_identity(anonymous):
    staff = Notification.objects.exclude(address=EMAIL)
    purposes = set(staff.values_list("purpose", flat=True))
    assert {
        "care.dispositioned",
        "care.assigned",
        "care.reporter_reply",
        "care.reminder",
        "care.escalation",
    } <= purposes
    for n in staff:
        assert_no_identity(
            f"{n.subject}\n{n.body}\n{n.body_html}\n{n.address}",
            f"notification {n.purpose} to {n.address}",
        )
    # The reporter's own messages do go to the reporter.
    assert Notification.objects.filter(address=EMAIL).count() >= 2


def test_public_pages_feeds_search_and_open311_never_show_it(client, anonymous):
    urls = [
        reverse("care:public-detail", args=[anonymous.tracking_number]),
        reverse("care:public-list"),
        reverse("care:track") + f"?number={anonymous.tracking_number}",
        reverse("care:map-geojson") + "?bbox=104,-3.5,105,-2.5",
        reverse("care:feed-new"),
        reverse("care:feed-updated"),
        reverse("care:feed-agency-new", args=["dinas-a"]),
        reverse("care:feed-agency-updated", args=["dinas-a"]),
        reverse("care:feed-region-new", args=["1671"]),
        reverse("care:feed-region-updated", args=["1671"]),
        f"/api/v1/care/reports/{anonymous.tracking_number}",
        "/api/v1/care/reports",
        f"/open311/v2/requests/{anonymous.tracking_number}.json",
        f"/open311/v2/requests/{anonymous.tracking_number}.xml",
        "/open311/v2/requests.json?start_date=2025-01-01T00:00:00Z",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        assert anonymous.tracking_number in text, url
        assert_no_identity(text, url)
    documents = SearchDocument.objects.filter(type=indexing.TYPE_KEY)
    assert documents.count() == 1
    doc = documents.get()
    assert_no_identity(
        " ".join([doc.title, doc.body, doc.summary, doc.keywords, doc.url]), "search document"
    )


def test_logs_never_carry_the_identity(anonymous, caplog):
    text = "\n".join(f"{r.name} {r.getMessage()}" for r in caplog.get_records("setup"))
    assert anonymous.tracking_number in text
    assert "s2c.notifications" in text or "django_tasks" in text  # everything was captured
    assert_no_identity(text, "log")


def test_audit_log_never_carries_the_identity(anonymous):
    for entry in AuditEntry.objects.all():
        assert_no_identity(
            f"{entry.before} {entry.after} {entry.note} {entry.object_repr}",
            f"audit {entry.action}",
        )


def test_confidential_reports_are_never_indexed_or_listed(client, category, verifier):
    c = f.make_complaint(
        category,
        status="dispositioned",
        verifier=verifier,
        privacy="rahasia",
        description="Isi rahasia tentang pungutan liar.",
    )
    assert not SearchDocument.objects.filter(type=indexing.TYPE_KEY, object_id=str(c.pk)).exists()
    assert indexing.document(c) is None
    for url in (
        reverse("care:feed-new"),
        reverse("care:public-list"),
        "/api/v1/care/reports",
        "/open311/v2/requests.json?start_date=2025-01-01T00:00:00Z",
    ):
        assert c.tracking_number not in client.get(url).content.decode()


def test_search_only_finds_listed_reports(category, verifier, django_capture_on_commit_callbacks):

    with django_capture_on_commit_callbacks(execute=True):
        listed = f.make_complaint(
            category, status="verified", verifier=verifier, title="Jembatan gantung putus di desa"
        )
        f.make_complaint(category, title="Jembatan gantung putus juga")  # not verified
    results = search.query(user=AnonymousUser(), q="jembatan gantung", types=[indexing.TYPE_KEY])
    assert [h.object_id for h in results.hits] == [str(listed.pk)]
    with django_capture_on_commit_callbacks(execute=True):
        services.complaint_reject(
            complaint=listed, by=verifier, reason="Laporan ganda, sudah ditangani."
        )
    assert (
        search.query(user=AnonymousUser(), q="jembatan gantung", types=[indexing.TYPE_KEY]).total
        == 0
    )
