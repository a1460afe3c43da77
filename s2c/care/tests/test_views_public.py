import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from s2c.care import services
from s2c.care.models import Complaint

from . import factories as f

pytestmark = pytest.mark.django_db
NOW = timezone.now()


@pytest.fixture
def client(client):
    client.cookies.load({"s2c_language": "en"})
    return client


def form_data(category, **extra):
    data = {
        "kind": "pengaduan",
        "category": category.code,
        "title": "Jalan berlubang di pasar",
        "description": "Lubang besar di depan pasar sejak dua minggu.",
        "privacy": "public",
        "name": "Budi",
        "email": "budi@example.test",
        "phone": "",
        "latitude": "-2.99",
        "longitude": "104.76",
        "address": "Jalan Pasar",
        "kecamatan": "Ilir Barat I",
        "region": "",
        "agency": "",
        "website": "",
    }
    data.update(extra)
    return data


def test_report_form_renders(client, category):
    response = client.get(reverse("care:report"))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<option value="{category.code}">Jalan rusak</option>' in html
    assert 'name="website"' in html and 'class="care-honeypot"' in html
    assert "leaflet/leaflet.js" in html


def test_submit_then_see_the_number_and_the_secret_link(client, category):
    response = client.post(reverse("care:report"), {**form_data(category), "files": [f.jpeg()]})
    c = Complaint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("care:submitted", args=[c.tracking_number])
    assert (c.latitude, c.longitude, c.attachments.count()) == (-2.99, 104.76, 1)
    page = client.get(response["Location"]).content.decode()
    assert c.tracking_number in page
    secret = client.session["care_secrets"][c.tracking_number]
    assert f"/lapor/ikuti/{secret}/" in page
    # Another browser does not get the secret link.
    client.cookies.clear()
    other = client.get(response["Location"])
    assert other.status_code == 302
    assert other["Location"] == f"{reverse('care:track')}?number={c.tracking_number}"


def test_refused_form_keeps_what_was_typed(client, category):
    response = client.post(
        reverse("care:report"), form_data(category, description="pendek", email="", phone="")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="Jalan berlubang di pasar"' in html
    assert "Describe the problem in 10 to 5000 characters." in html
    assert "Give an email address or a phone number" in html
    assert Complaint.objects.count() == 0


def test_honeypot_refuses_and_keeps_values(client, category):
    response = client.post(reverse("care:report"), form_data(category, website="http://spam"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Your report looks automated and was not sent." in html
    assert 'value="Jalan berlubang di pasar"' in html
    assert Complaint.objects.count() == 0


def test_rate_limited_form_keeps_values(client, category, settings):
    settings.S2C_CARE_RATE_LIMITS = {"ip": (1, 3600)}
    client.post(reverse("care:report"), form_data(category))
    response = client.post(reverse("care:report"), form_data(category, title="Laporan kedua ya"))
    html = response.content.decode()
    assert "Too many submissions in a short time." in html
    assert 'value="Laporan kedua ya"' in html
    assert Complaint.objects.count() == 1


def test_refused_photo_is_explained(client, category):
    bad = SimpleUploadedFile("a.html", b"<html><script>x</script></html>", "text/html")
    response = client.post(reverse("care:report"), {**form_data(category), "files": [bad]})
    html = response.content.decode()
    assert "This kind of file is not accepted: HTML page." in html
    assert "please attach your photos again" in html
    assert Complaint.objects.count() == 0


def test_similar_reports_are_shown_before_sending(client, category, verifier):
    existing = f.make_complaint(
        category,
        status="verified",
        verifier=verifier,
        latitude=-2.9905,
        longitude=104.7605,
        now=NOW,
    )
    response = client.post(reverse("care:report"), form_data(category))
    html = response.content.decode()
    assert existing.tracking_number in html
    assert "My problem is different: send my report" in html
    assert 'name="confirm_new" value="on"' in html
    assert Complaint.objects.count() == 1
    response = client.post(reverse("care:report"), form_data(category, confirm_new="on"))
    assert response.status_code == 302
    assert Complaint.objects.count() == 2


def test_similar_fragment(client, category, verifier):
    existing = f.make_complaint(
        category,
        status="verified",
        verifier=verifier,
        latitude=-2.9905,
        longitude=104.7605,
        now=NOW,
    )
    far = f.make_complaint(
        category, status="verified", verifier=verifier, latitude=-3.2, longitude=104.5, now=NOW
    )
    html = client.get(
        reverse("care:similar"),
        {"category": category.code, "latitude": "-2.99", "longitude": "104.76"},
    ).content.decode()
    assert existing.tracking_number in html
    assert far.tracking_number not in html
    assert client.get(reverse("care:similar"), {"latitude": "x"}).status_code == 400
    # No location at all: by words only.
    assert client.get(reverse("care:similar"), {"text": "jalan"}).status_code == 200


def test_track_shows_status_and_public_history(client, category, verifier):
    c = f.make_complaint(category, status="dispositioned", verifier=verifier)
    html = client.get(reverse("care:track"), {"number": c.tracking_number.lower()}).content.decode()
    assert "Sent to agency" in html and "Dinas Contoh A" in html
    assert c.title in html or "History" in html


def test_track_of_a_confidential_report_shows_status_only(client, category, verifier):
    c = f.make_complaint(
        category,
        status="verified",
        verifier=verifier,
        privacy="rahasia",
        description="Isi rahasia tentang pungutan liar di sekolah.",
    )
    html = client.get(reverse("care:track"), {"number": c.tracking_number}).content.decode()
    assert "Verified" in html
    assert "Only the status is shown for this number" in html
    assert (
        "pungutan liar" not in html and "Jalan rusak" not in html and "Dinas Contoh A" not in html
    )


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("12345", "A tracking number looks like SC-2026-000123."),
        ("SC-2025-999999", "No report has the tracking number SC-2025-999999."),
    ],
)
def test_track_errors(client, number, message):
    response = client.get(reverse("care:track"), {"number": number})
    assert response.status_code == 200
    assert message in response.content.decode()


def test_public_list_and_detail_mask_personal_data(client, category, verifier, agency):
    listed = f.make_complaint(
        category,
        status="verified",
        verifier=verifier,
        description="Hubungi saya di 081234567890, NIK 1671012345678901.",
    )
    hidden = f.make_complaint(category, privacy="rahasia", status="verified", verifier=verifier)
    unverified = f.make_complaint(category)
    html = client.get(reverse("care:public-list")).content.decode()
    assert listed.tracking_number in html
    assert hidden.tracking_number not in html and unverified.tracking_number not in html
    detail = client.get(reverse("care:public-detail", args=[listed.tracking_number]))
    text = detail.content.decode()
    assert "[phone hidden]" in text and "[ID number hidden]" in text
    assert "081234567890" not in text and "1671012345678901" not in text
    assert "Budi Santoso" not in text
    for c in (hidden, unverified):
        assert (
            client.get(reverse("care:public-detail", args=[c.tracking_number])).status_code == 404
        )


def test_public_list_filters(client, category, verifier, agency, other_agency, region):
    a = f.make_complaint(category, status="dispositioned", verifier=verifier, region="1671")
    b = f.make_complaint(category, status="dispositioned", verifier=verifier, agency=other_agency)
    html = client.get(reverse("care:public-list"), {"agency": other_agency.code}).content.decode()
    assert b.tracking_number in html and a.tracking_number not in html
    html = client.get(reverse("care:public-list"), {"region": "1671"}).content.decode()
    assert a.tracking_number in html and b.tracking_number not in html
    html = client.get(reverse("care:public-list"), {"status": "completed"}).content.decode()
    assert a.tracking_number not in html
    response = client.get(reverse("care:public-list"), {"status": "bogus"})
    assert response.status_code == 200
    assert "Unknown status filter." in response.content.decode()


def test_support_from_the_detail_page(client, category, verifier):
    c = f.make_complaint(category, status="verified", verifier=verifier)
    url = reverse("care:support", args=[c.tracking_number])
    client.post(url)
    response = client.post(url, follow=True)
    assert "You already support this report." in response.content.decode()
    c.refresh_from_db()
    assert c.supporters_count == 1


def test_support_counts_once_per_address_without_cookies(category, verifier, officer):
    """A client that sends no cookie (or fresh ones each time) counts once per address;
    another address counts, and so does someone signed in."""

    c = f.make_complaint(category, status="verified", verifier=verifier)
    url = reverse("care:support", args=[c.tracking_number])
    for _ in range(3):
        Client(REMOTE_ADDR="203.0.113.7").post(url)
    Client(REMOTE_ADDR="203.0.113.8").post(url)
    signed_in = Client(REMOTE_ADDR="203.0.113.7")
    signed_in.force_login(officer)
    signed_in.post(url)
    c.refresh_from_db()
    assert c.supporters_count == 3


def test_support_through_the_api_counts_once_per_address_without_cookies(category, verifier):

    c = f.make_complaint(category, status="verified", verifier=verifier)
    url = f"/api/v1/care/reports/{c.tracking_number}/support"
    answers = [Client(REMOTE_ADDR="203.0.113.9").post(url).json() for _ in range(3)]
    assert answers == [
        {"counted": True, "supporters": 1},
        {"counted": False, "supporters": 1},
        {"counted": False, "supporters": 1},
    ]


def test_map_geojson_by_bbox(client, category, verifier):
    inside = f.make_complaint(
        category, status="verified", verifier=verifier, latitude=-2.99, longitude=104.76
    )
    outside = f.make_complaint(
        category, status="verified", verifier=verifier, latitude=-4.1, longitude=104.1
    )
    secret = f.make_complaint(
        category,
        status="verified",
        verifier=verifier,
        latitude=-2.98,
        longitude=104.75,
        privacy="rahasia",
    )
    data = client.get(reverse("care:map-geojson"), {"bbox": "104.6,-3.1,104.9,-2.9"}).json()
    assert [x["properties"]["tracking_number"] for x in data["features"]] == [
        inside.tracking_number
    ]
    assert data["features"][0]["geometry"]["coordinates"] == [104.76, -2.99]
    assert outside and secret
    bad = client.get(reverse("care:map-geojson"), {"bbox": "1,2,3"})
    assert bad.status_code == 400
    assert bad.json()["error"]["message"] == "bbox must be four numbers: west,south,east,north."


def test_map_page_and_league(client, category, verifier, officer):
    f.make_complaint(category, status="closed", verifier=verifier, officer=officer, now=NOW)
    assert client.get(reverse("care:map")).status_code == 200
    html = client.get(reverse("care:league")).content.decode()
    assert "Dinas Contoh A" in html and "100.0%" in html


def test_follow_page_reply_rate(client, category, verifier, officer):
    submitted = f.submit(
        category,
        now=NOW - dt.timedelta(days=3),
        description="Hubungi saya di 081234567890 kalau perlu.",
    )
    c = submitted.complaint
    url = reverse("care:follow", args=[submitted.secret])
    html = client.get(url).content.decode()
    assert "081234567890" in html  # the reporter sees their own words
    response = client.post(
        reverse("care:follow-action", args=[submitted.secret, "reply"]),
        {"message": "Lubangnya sekarang makin besar."},
    )
    assert response.status_code == 302
    assert "Lubangnya sekarang makin besar." in client.get(url).content.decode()
    services.complaint_disposition(complaint=c, by=verifier, agency=category.agency)
    services.complaint_complete(complaint=c, by=officer, resolution="Sudah ditambal semua.")
    html = client.get(url).content.decode()
    assert "Is the problem solved?" in html
    response = client.post(
        reverse("care:follow-action", args=[submitted.secret, "rate"]),
        {"rating": "5", "comment": "Mantap"},
        follow=True,
    )
    assert "Thank you for rating the resolution." in response.content.decode()
    c.refresh_from_db()
    assert (c.status, c.rating) == ("closed", 5)


def test_follow_reopen_needs_a_reason(client, category, verifier, officer):
    submitted = f.submit(category, now=NOW - dt.timedelta(days=2))
    c = submitted.complaint
    services.complaint_disposition(complaint=c, by=verifier, agency=category.agency)
    services.complaint_complete(complaint=c, by=officer, resolution="Sudah ditambal semua.")
    action = reverse("care:follow-action", args=[submitted.secret, "reopen"])
    response = client.post(action, {"reason": "belum"})
    assert response.status_code == 400
    assert "Write why the problem is not solved (at least 10 characters)." in (
        response.content.decode()
    )
    client.post(action, {"reason": "Belum diperbaiki sama sekali."})
    c.refresh_from_db()
    assert c.status == "in_progress"


def test_wrong_secret_is_404(client):
    assert client.get(reverse("care:follow", args=["nope"])).status_code == 404
    assert client.post(reverse("care:follow-action", args=["nope", "reply"])).status_code == 404


def test_files_are_served_only_where_allowed(client, category, verifier):
    pdf = SimpleUploadedFile("ktp.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    submitted = f.submit(category, files=[f.jpeg(), pdf])
    document, photo = submitted.complaint.attachments.order_by("kind")
    assert (document.kind, photo.kind) == ("document", "photo")
    public_url = reverse("care:attachment", args=[photo.pk])
    assert client.get(public_url).status_code == 404  # not verified yet
    services.complaint_verify(complaint=submitted.complaint, by=verifier)
    response = client.get(public_url)
    assert (response.status_code, response["Content-Type"]) == (200, "image/jpeg")
    assert client.get(reverse("care:attachment", args=[document.pk])).status_code == 404
    own = client.get(reverse("care:follow-file", args=[submitted.secret, document.pk]))
    assert own.status_code == 200
    assert own["Content-Disposition"].startswith("attachment")


def test_category_questions_on_the_form(client, category):
    f.add_attribute(category, required=True)
    html = client.get(reverse("care:report")).content.decode()
    assert 'name="attribute_jalan-rusak_ukuran"' in html
    response = client.post(reverse("care:report"), form_data(category))
    assert "Answer “Seberapa besar?”." in response.content.decode()
    response = client.post(
        reverse("care:report"), form_data(category, **{"attribute_jalan-rusak_ukuran": "besar"})
    )
    assert response.status_code == 302
    assert Complaint.objects.get().attributes == {"ukuran": "besar"}


def test_a_huge_page_number_is_an_empty_page(client):
    """It was a 500: the offset overflowed the database's 64-bit integer."""
    response = client.get("/lapor/laporan/", {"page": "9" * 23})
    assert response.status_code == 200
