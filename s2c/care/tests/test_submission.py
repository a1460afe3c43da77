import datetime as dt

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from s2c.care import services
from s2c.care.models import Attachment, Complaint, ComplaintEvent, Support, TrackingCounter
from s2c.care.services.submission import hash_secret, normalize_phone
from s2c.core.errors import ApplicationError, Conflict

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_submit_creates_a_received_report_with_a_verify_deadline(category):
    submitted = f.submit(category, latitude=-2.99, longitude=104.76)
    c = submitted.complaint
    assert c.tracking_number == "SC-2025-000001"
    assert c.status == Complaint.Status.RECEIVED
    assert (c.is_open, c.is_listed) == (True, False)
    # Monday 3 Feb 2025 + 3 working days = Thursday 6 Feb.
    assert c.deadline == dt.date(2025, 2, 6)
    assert c.secret_hash == hash_secret(submitted.secret)
    assert submitted.secret not in c.secret_hash
    assert len(submitted.secret) >= 30
    events = list(c.events.values_list("kind", "is_public", "actor_role"))
    assert events == [(ComplaintEvent.Kind.SUBMITTED, True, ComplaintEvent.Role.REPORTER)]


def test_tracking_numbers_count_up_per_year(category):
    first = f.submit(category).complaint
    second = f.submit(category).complaint
    next_year = f.submit(category, now=dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)).complaint
    assert [first.tracking_number, second.tracking_number, next_year.tracking_number] == [
        "SC-2025-000001",
        "SC-2025-000002",
        "SC-2026-000001",
    ]
    assert dict(TrackingCounter.objects.values_list("year", "last")) == {2025: 2, 2026: 1}


def test_confirmation_email_carries_the_number_and_the_secret_link(
    category, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submitted = f.submit(category, email="warga@example.test")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["Budi Santoso <warga@example.test>"]
    assert submitted.complaint.tracking_number in message.subject
    assert f"/lapor/ikuti/{submitted.secret}/" in message.body


def test_no_email_no_confirmation(category, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        f.submit(category, email="", phone="081234567890")
    assert mail.outbox == []


def test_anonymous_report_needs_no_contact(category):
    c = f.submit(category, privacy="anonim", name="", email="", phone="").complaint
    assert c.privacy == Complaint.Privacy.ANONIM
    assert (c.reporter_name, c.reporter_email, c.reporter_phone) == ("", "", "")


def test_public_report_needs_a_contact(category):
    with pytest.raises(services.InvalidComplaint) as exc:
        f.submit(category, email="", phone="")
    assert exc.value.extra["fields"] == {
        "contact": "Give an email address or a phone number so the agency can reach you, "
        "or choose an anonymous report."
    }


def test_every_invalid_field_is_reported_at_once(category):
    with pytest.raises(services.InvalidComplaint) as exc:
        f.submit(
            category,
            kind="keluhan",
            title="abc",
            description="short",
            privacy="secret",
            email="not-an-email",
            phone="12",
            latitude=-2.9,
            longitude=None,
            region="9999",
            agency="nope",
        )
    assert set(exc.value.extra["fields"]) == {
        "kind",
        "title",
        "description",
        "privacy",
        "email",
        "phone",
        "location",
        "region",
        "agency",
    }
    assert exc.value.extra["fields"]["location"] == (
        "A location needs both a latitude and a longitude."
    )
    assert Complaint.objects.count() == 0


def test_location_outside_the_province_is_refused(category):
    with pytest.raises(services.InvalidComplaint) as exc:
        f.submit(category, latitude=-6.2, longitude=106.8)  # Jakarta
    assert exc.value.extra["fields"] == {"location": "The location is outside Sumatera Selatan."}


def test_unknown_or_inactive_category_is_refused(category):
    category.is_active = False
    category.save()
    with pytest.raises(services.InvalidComplaint) as exc:
        f.submit(category)
    assert exc.value.extra["fields"] == {"category": "Choose a category from the list."}


def test_region_is_inferred_from_the_pin(category, region):
    other = f.core.make_region(
        code="1601", name="Ogan Komering Ulu", latitude="-4.122", longitude="104.171"
    )
    c = f.submit(category, latitude=-2.97, longitude=104.75).complaint
    assert c.region == region
    c2 = f.submit(category, latitude=-4.1, longitude=104.2).complaint
    assert c2.region == other


def test_category_questions_are_validated(category):
    f.add_attribute(category, required=True)
    with pytest.raises(services.InvalidComplaint) as exc:
        f.submit(category, attributes={})
    assert exc.value.extra["fields"] == {"attribute_ukuran": "Answer “Seberapa besar?”."}
    with pytest.raises(services.InvalidComplaint) as exc:
        f.submit(category, attributes={"ukuran": "raksasa"})
    assert exc.value.extra["fields"] == {
        "attribute_ukuran": "Choose a listed answer for “Seberapa besar?”."
    }
    c = f.submit(category, attributes={"ukuran": "besar", "unknown": "x"}).complaint
    assert c.attributes == {"ukuran": "besar"}


def test_phone_numbers_are_normalised():
    assert normalize_phone("+62 812-3456-7890") == "081234567890"
    assert normalize_phone("62812 3456 7890") == "081234567890"
    assert normalize_phone("(0711) 352345") == "0711352345"


def test_photo_is_stored_through_uploads_and_public_documents_not(category):
    pdf = SimpleUploadedFile(
        "ktp.pdf",
        b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
        content_type="application/pdf",
    )
    c = f.submit(category, files=[f.jpeg(), pdf]).complaint
    files = {a.kind: a for a in c.attachments.all()}
    assert set(files) == {Attachment.Kind.PHOTO, Attachment.Kind.DOCUMENT}
    assert files["photo"].content_type == "image/jpeg"
    assert files["photo"].is_public is True
    assert files["document"].is_public is False
    assert files["photo"].file.name.startswith("care/reports/")
    assert files["photo"].file.storage.exists(files["photo"].file.name)


def test_confidential_report_files_are_never_public(category):
    c = f.submit(category, privacy="rahasia", files=[f.jpeg()]).complaint
    assert list(c.attachments.values_list("is_public", flat=True)) == [False]


def test_refused_file_keeps_nothing(category):
    bad = SimpleUploadedFile(
        "virus.exe", b"MZ\x90\x00" + b"\x00" * 200, content_type="application/octet-stream"
    )
    with pytest.raises(ApplicationError) as exc:
        f.submit(category, files=[f.jpeg(), bad])
    assert "not accepted" in str(exc.value.message)
    assert Complaint.objects.count() == 0
    assert Attachment.objects.count() == 0


def test_too_many_files(category):
    with pytest.raises(services.InvalidComplaint) as exc:
        f.submit(category, files=[f.jpeg(f"{i}.jpg") for i in range(6)])
    assert exc.value.extra["fields"] == {"files": "Attach at most 5 files."}


def test_rate_limit_per_ip(category, settings):
    settings.S2C_CARE_RATE_LIMITS = {"ip": (2, 3600)}
    for _ in range(2):
        services.complaint_submit(data=f.complaint_input(category), client_ip="10.9.9.9")
    with pytest.raises(ApplicationError) as exc:
        services.complaint_submit(data=f.complaint_input(category), client_ip="10.9.9.9")
    assert exc.value.status_code == 429
    assert exc.value.message == (
        "Too many submissions in a short time. Please wait up to 60 minutes and try again; "
        "what you typed has been kept."
    )
    # Another address is not affected.
    services.complaint_submit(data=f.complaint_input(category), client_ip="10.9.9.10")
    assert Complaint.objects.count() == 3


def test_rate_limit_per_contact(category, settings):
    settings.S2C_CARE_RATE_LIMITS = {"contact": (1, 3600)}
    f.submit(category, email="same@example.test", phone="")
    with pytest.raises(ApplicationError) as exc:
        f.submit(category, email="SAME@example.test", phone="")
    assert exc.value.status_code == 429
    f.submit(category, email="other@example.test", phone="")


def test_rate_limit_per_contact_phone_formats(category, settings):
    settings.S2C_CARE_RATE_LIMITS = {"contact": (1, 3600)}
    f.submit(category, email="", phone="081234567890")
    with pytest.raises(ApplicationError):
        f.submit(category, email="", phone="+62 812 3456 7890")


def test_support_counts_once_per_supporter(category, verifier):
    c = f.make_complaint(category, status="verified", verifier=verifier)
    assert services.support_add(complaint=c, supporter_key="session:a") is True
    assert services.support_add(complaint=c, supporter_key="session:a") is False
    assert services.support_add(complaint=c, supporter_key="user:7") is True
    c.refresh_from_db()
    assert c.supporters_count == 2
    assert Support.objects.filter(complaint=c).count() == 2


def test_unlisted_reports_cannot_be_supported(category):
    c = f.submit(category).complaint  # received: not public yet
    with pytest.raises(Conflict) as exc:
        services.support_add(complaint=c, supporter_key="session:a")
    assert exc.value.message == "Only open public reports can be supported."
