import datetime as dt

import pytest
from django.core import mail
from django.utils import translation

from s2c.care import services
from s2c.care.models import Complaint, ComplaintEvent
from s2c.core.errors import ApplicationError, Conflict, PermissionDenied
from s2c.core.models import AuditEntry
from s2c.core.tests import factories as core

from . import factories as f

pytestmark = pytest.mark.django_db
S = Complaint.Status
K = ComplaintEvent.Kind
MONDAY = f.MONDAY


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def kinds(c):
    return list(c.events.order_by("at", "id").values_list("kind", flat=True))


# --- verification -------------------------------------------------------------------------


def test_verify_makes_a_public_report_listed(received, verifier):
    c = services.complaint_verify(complaint=received, by=verifier, now=MONDAY)
    assert (c.status, c.is_listed, c.is_open) == (S.VERIFIED, True, True)
    assert c.verified_at == MONDAY
    assert kinds(c) == [K.SUBMITTED, K.VERIFIED]
    entry = AuditEntry.objects.get(action="care.complaint.verify")
    assert (entry.actor, entry.object_repr) == (verifier, c.tracking_number)


def test_confidential_report_is_never_listed(category, verifier):
    c = f.make_complaint(category, status="verified", verifier=verifier, privacy="rahasia")
    assert (c.status, c.is_listed) == (S.VERIFIED, False)


@pytest.mark.parametrize("who", ["officer", "agency_head", "citizen", "supervisor"])
def test_only_verifiers_verify(received, who, request):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied) as exc:
        services.complaint_verify(complaint=received, by=user)
    assert exc.value.message == "Only the province's verifiers may do this."
    received.refresh_from_db()
    assert received.status == S.RECEIVED


def test_province_admin_may_verify(received, province_admin):
    assert services.complaint_verify(complaint=received, by=province_admin).status == S.VERIFIED


def test_verify_twice_is_refused(received, verifier):
    services.complaint_verify(complaint=received, by=verifier)
    with pytest.raises(Conflict) as exc:
        services.complaint_verify(complaint=received, by=verifier)
    assert exc.value.message == "This report cannot be verified while it is “Verified”."


def test_reject_with_a_reason_the_reporter_sees(
    received, verifier, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        c = services.complaint_reject(
            complaint=received,
            by=verifier,
            reason="Lokasi dan waktu kejadian tidak jelas.",
            now=MONDAY,
        )
    assert (c.status, c.is_open, c.is_listed, c.deadline) == (S.REJECTED, False, False, None)
    assert c.status_reason == "Lokasi dan waktu kejadian tidak jelas."
    event = c.events.get(kind=K.REJECTED)
    assert (event.is_public, event.note) == (True, "Lokasi dan waktu kejadian tidak jelas.")
    assert [m.subject for m in mail.outbox] == [
        f"Update on your report {c.tracking_number}: Rejected"
    ]
    assert "Lokasi dan waktu kejadian tidak jelas." in mail.outbox[0].body


def test_reject_needs_a_reason(received, verifier):
    with pytest.raises(ApplicationError) as exc:
        services.complaint_reject(complaint=received, by=verifier, reason="no")
    assert exc.value.message == "Write the reason for the reporter (at least 10 characters)."


def test_not_authority_says_where_to_go(received, verifier):
    c = services.complaint_not_authority(
        complaint=received,
        by=verifier,
        where_to_go="Jalan kota: lapor ke Dinas PUPR Kota Palembang.",
    )
    assert (c.status, c.status_reason) == (
        S.NOT_AUTHORITY,
        "Jalan kota: lapor ke Dinas PUPR Kota Palembang.",
    )


# --- disposition --------------------------------------------------------------------------


def test_disposition_from_received_verifies_and_starts_the_followup_clock(
    received, verifier, agency, other_agency
):
    c = services.complaint_disposition(
        complaint=received,
        by=verifier,
        agency=agency,
        related_agencies=[other_agency, agency],
        now=MONDAY,
    )
    assert (c.status, c.agency, c.dispositioned_at) == (S.DISPOSITIONED, agency, MONDAY)
    assert list(c.related_agencies.all()) == [other_agency]
    # Monday + 5 working days = next Monday; + 14 = Thursday 20 Feb.
    assert (c.followup_due, c.resolve_due, c.deadline) == (
        dt.date(2025, 2, 10),
        dt.date(2025, 2, 21),
        dt.date(2025, 2, 10),
    )
    assert kinds(c) == [K.SUBMITTED, K.VERIFIED, K.DISPOSITIONED]
    assert c.events.get(kind=K.DISPOSITIONED).agency == agency


def test_disposition_notifies_the_agency_without_identity(
    category, verifier, agency_head, officer, django_capture_on_commit_callbacks
):
    c = f.submit(
        category,
        privacy="anonim",
        name="Rahasia Sekali",
        email="anon@example.test",
        phone="081299998888",
    ).complaint
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.complaint_disposition(complaint=c, by=verifier, agency=category.agency)
    staff_mail = [m for m in mail.outbox if "anon@example.test" not in m.to[0]]
    assert sorted(m.to[0] for m in staff_mail) == [
        "Kepala Dinas A <agencyhead@example.test>",
        "Petugas Dinas A <officer@example.test>",
    ]
    for m in staff_mail:
        assert m.subject == f"New report {c.tracking_number} for your agency"
        for secret in ("Rahasia Sekali", "anon@example.test", "081299998888"):
            assert secret not in m.body


def test_disposition_to_an_inactive_agency_is_refused(received, verifier, other_agency):
    other_agency.is_active = False
    other_agency.save()
    with pytest.raises(ApplicationError) as exc:
        services.complaint_disposition(complaint=received, by=verifier, agency=other_agency)
    assert exc.value.message == "Choose an active agency to send the report to."


def test_disposition_of_a_closed_report_is_refused(category, verifier, officer):
    c = f.make_complaint(category, status="closed", verifier=verifier, officer=officer)
    with pytest.raises(Conflict):
        services.complaint_disposition(complaint=c, by=verifier, agency=category.agency)


# --- the agency's work --------------------------------------------------------------------


def test_first_followup_moves_to_in_progress_with_durations(dispositioned, officer):
    at = MONDAY + dt.timedelta(days=2, hours=3)  # Wednesday
    event = services.complaint_post_update(
        complaint=dispositioned, by=officer, message="Tim kami meninjau lokasi besok.", now=at
    )
    c = Complaint.objects.get(pk=dispositioned.pk)
    assert (event.kind, event.is_public, event.agency) == (K.FOLLOWUP, True, c.agency)
    assert (c.status, c.first_followup_at) == (S.IN_PROGRESS, at)
    assert (c.followup_hours, c.followup_working_days, c.followup_on_time) == (49.0, 2, True)
    assert c.deadline == c.resolve_due


def test_late_followup_is_not_on_time(dispositioned, officer):
    services.complaint_post_update(
        complaint=dispositioned,
        by=officer,
        message="Maaf terlambat, sedang kami tangani.",
        now=MONDAY + dt.timedelta(days=9),
    )
    dispositioned.refresh_from_db()
    assert dispositioned.followup_on_time is False


def test_later_replies_are_progress_updates(in_progress, officer):
    event = services.complaint_post_update(
        complaint=in_progress, by=officer, message="Material sudah dikirim ke lokasi."
    )
    assert event.kind == K.UPDATE
    in_progress.refresh_from_db()
    assert in_progress.status == S.IN_PROGRESS


@pytest.mark.parametrize("who", ["other_officer", "verifier", "citizen", "supervisor"])
def test_only_the_responsible_agency_replies(dispositioned, who, request):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied) as exc:
        services.complaint_post_update(
            complaint=dispositioned, by=user, message="Bukan urusan saya sebenarnya."
        )
    assert exc.value.message == "Only staff of the responsible agency may do this."


def test_complete_records_resolution_and_evidence(in_progress, officer):
    at = MONDAY + dt.timedelta(days=7)
    c = services.complaint_complete(
        complaint=in_progress,
        by=officer,
        resolution="Lubang sudah ditambal dan diaspal ulang.",
        files=[f.jpeg("hasil.jpg")],
        now=at,
    )
    assert (c.status, c.is_open, c.completed_at) == (S.COMPLETED, False, at)
    assert c.completion_on_time is True
    assert c.completion_working_days == 5
    # Completed Monday 10 Feb + 10 working days = Monday 24 Feb.
    assert c.deadline == dt.date(2025, 2, 24)
    evidence = c.events.get(kind=K.COMPLETED).attachments.get()
    assert (evidence.is_public, evidence.uploaded_by_role) == (True, "agency")


def test_complete_straight_from_dispositioned_counts_as_first_followup(dispositioned, officer):
    c = services.complaint_complete(
        complaint=dispositioned,
        by=officer,
        resolution="Sudah kami perbaiki langsung.",
        now=MONDAY + dt.timedelta(days=1),
    )
    assert c.first_followup_at == c.completed_at
    assert c.followup_on_time is True


def test_return_to_the_verifier_once(dispositioned, officer, verifier, other_agency):
    c = services.complaint_return(
        complaint=dispositioned, by=officer, reason="Ini jalan nasional, bukan kewenangan kami."
    )
    assert (c.status, c.agency, c.return_count) == (S.VERIFIED, None, 1)
    returned = c.events.get(kind=K.RETURNED)
    assert (returned.is_public, returned.note, returned.agency_id) == (
        True,
        "",
        dispositioned.agency_id,
    )
    note = c.events.get(kind=K.NOTE)
    assert (note.is_public, note.note) == (False, "Ini jalan nasional, bukan kewenangan kami.")
    # The verifier routes it again; the next agency cannot return it a second time.
    c = services.complaint_disposition(complaint=c, by=verifier, agency=other_agency)
    other = core.make_officer(other_agency)
    with pytest.raises(Conflict) as exc:
        services.complaint_return(complaint=c, by=other, reason="Juga bukan urusan kami.")
    assert exc.value.message == (
        "This report was already returned once; ask the province supervisor to route it."
    )


def test_return_by_another_agency_is_refused(dispositioned, other_officer):
    with pytest.raises(PermissionDenied):
        services.complaint_return(
            complaint=dispositioned, by=other_officer, reason="Saya bukan dari dinas itu."
        )


# --- the reporter -------------------------------------------------------------------------


def test_rating_closes_the_report(completed):
    c = services.reporter_rate(
        complaint=completed, rating=4, comment="Cukup cepat.", now=MONDAY + dt.timedelta(days=5)
    )
    assert (c.status, c.rating, c.rating_comment, c.deadline) == (S.CLOSED, 4, "Cukup cepat.", None)
    assert c.events.get(kind=K.RATED).actor_role == "reporter"


@pytest.mark.parametrize("rating", [0, 6, "5", True, None])
def test_rating_must_be_1_to_5(completed, rating):
    with pytest.raises(ApplicationError) as exc:
        services.reporter_rate(complaint=completed, rating=rating)
    assert exc.value.message == "Choose a rating from 1 to 5."


def test_rating_after_the_window_is_refused(completed):
    with pytest.raises(Conflict) as exc:
        services.reporter_rate(
            complaint=completed, rating=5, now=dt.datetime(2025, 3, 10, 9, tzinfo=dt.UTC)
        )
    assert exc.value.message == "The time to rate or reopen this report ended on 20-02-2025."


def test_rating_an_open_report_is_refused(in_progress):
    with pytest.raises(Conflict):
        services.reporter_rate(complaint=in_progress, rating=5)


def test_reopen_gives_the_agency_time_again(completed):
    at = MONDAY + dt.timedelta(days=6)  # Sunday 9 Feb
    c = services.reporter_reopen(
        complaint=completed, reason="Lubangnya muncul lagi setelah hujan.", now=at
    )
    assert (c.status, c.reopen_count, c.completed_at) == (S.IN_PROGRESS, 1, None)
    assert c.deadline == dt.date(2025, 2, 27)  # Sunday + 14 working days
    assert c.events.get(kind=K.REOPENED).note == "Lubangnya muncul lagi setelah hujan."


def test_reopen_at_most_twice(category, verifier, officer):
    c = f.make_complaint(category, status="completed", verifier=verifier, officer=officer)
    at = MONDAY + dt.timedelta(days=4)
    for i in range(2):
        services.reporter_reopen(complaint=c, reason="Masih rusak, belum selesai.", now=at)
        services.complaint_complete(
            complaint=c,
            by=officer,
            resolution="Sudah diperbaiki lagi.",
            now=at + dt.timedelta(hours=1 + i),
        )
    with pytest.raises(Conflict) as exc:
        services.reporter_reopen(
            complaint=c, reason="Masih rusak, belum selesai.", now=at + dt.timedelta(hours=5)
        )
    assert exc.value.code == "reopen_limit"


def test_reporter_reply_is_internal_and_reaches_the_officer(
    in_progress, officer, django_capture_on_commit_callbacks
):
    services.complaint_assign(complaint=in_progress, by=officer, officer=officer)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        event = services.reporter_reply(complaint=in_progress, message="Lubangnya makin besar.")
    assert (event.kind, event.is_public, event.actor_id) == (K.REPORTER_REPLY, False, None)
    assert [m.subject for m in mail.outbox] == [
        f"The reporter replied on {in_progress.tracking_number}"
    ]


def test_reply_to_a_closed_report_is_refused(category, verifier, officer):
    c = f.make_complaint(category, status="closed", verifier=verifier, officer=officer)
    with pytest.raises(Conflict):
        services.reporter_reply(complaint=c, message="Masih ada masalah lain.")


# --- merging ------------------------------------------------------------------------------


def test_merge_duplicate_into_original(
    category, verifier, officer, django_capture_on_commit_callbacks
):
    original = f.make_complaint(category, status="dispositioned", verifier=verifier)
    services.support_add(complaint=original, supporter_key="session:x")
    duplicate = f.make_complaint(
        category, status="verified", verifier=verifier, email="kedua@example.test"
    )
    services.support_add(complaint=duplicate, supporter_key="session:y")
    c = services.complaint_merge(complaint=duplicate, into=original, by=verifier)
    original.refresh_from_db()
    assert (c.status, c.merged_into, c.is_open) == (S.MERGED, original, False)
    assert original.supporters_count == 3  # its own, the duplicate's, and the duplicate
    # The duplicate's reporter hears about the original's progress...
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.complaint_post_update(
            complaint=original, by=officer, message="Perbaikan dijadwalkan minggu ini."
        )
    assert sorted(m.to[0] for m in mail.outbox) == [
        f"Budi Santoso <{original.reporter_email}>",
        "Budi Santoso <kedua@example.test>",
    ]
    # ...and their replies reach the original.
    event = services.reporter_reply(complaint=c, message="Di sini juga rusak parah.")
    assert event.complaint_id == original.pk
    assert event.note.endswith("Di sini juga rusak parah.")


def test_merge_into_itself_or_a_merged_report_is_refused(category, verifier):
    a = f.make_complaint(category, status="verified", verifier=verifier)
    b = f.make_complaint(category, status="verified", verifier=verifier)
    with pytest.raises(ApplicationError):
        services.complaint_merge(complaint=a, into=a, by=verifier)
    services.complaint_merge(complaint=a, into=b, by=verifier)
    c = f.make_complaint(category, status="verified", verifier=verifier)
    with pytest.raises(Conflict):
        services.complaint_merge(complaint=c, into=a, by=verifier)


def test_only_verifiers_merge(category, verifier, officer):
    a = f.make_complaint(category, status="dispositioned", verifier=verifier)
    b = f.make_complaint(category, status="dispositioned", verifier=verifier)
    with pytest.raises(PermissionDenied):
        services.complaint_merge(complaint=a, into=b, by=officer)


# --- assignment, notes, redaction ---------------------------------------------------------


def test_assign_to_an_officer_of_the_agency(
    dispositioned, agency_head, officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        c = services.complaint_assign(complaint=dispositioned, by=agency_head, officer=officer)
    assert c.assigned_to == officer
    assert [m.subject for m in mail.outbox if "officer@" in m.to[0]] == [
        f"Report {c.tracking_number} is assigned to you"
    ]


def test_assign_to_someone_of_another_agency_is_refused(dispositioned, officer, other_officer):
    with pytest.raises(ApplicationError) as exc:
        services.complaint_assign(complaint=dispositioned, by=officer, officer=other_officer)
    assert exc.value.code == "not_agency_staff"


def test_assign_by_another_agency_is_refused(dispositioned, other_officer):
    with pytest.raises(PermissionDenied):
        services.complaint_assign(complaint=dispositioned, by=other_officer, officer=None)


def test_internal_note_is_never_public(dispositioned, officer):
    event = services.complaint_add_note(
        complaint=dispositioned, by=officer, note="Koordinasi dengan UPTD dulu."
    )
    assert (event.kind, event.is_public) == (K.NOTE, False)


def test_related_agency_may_note_but_not_reply(category, verifier, other_agency, other_officer):
    c = f.submit(category).complaint
    services.complaint_disposition(
        complaint=c, by=verifier, agency=category.agency, related_agencies=[other_agency]
    )
    assert (
        services.complaint_add_note(
            complaint=c, by=other_officer, note="Kami siap membantu."
        ).is_public
        is False
    )
    with pytest.raises(PermissionDenied):
        services.complaint_post_update(complaint=c, by=other_officer, message="Balasan publik.")


def test_note_by_a_stranger_is_refused(dispositioned, other_officer, citizen):
    for user in (other_officer, citizen):
        with pytest.raises(PermissionDenied):
            services.complaint_add_note(complaint=dispositioned, by=user, note="Halo semua.")


def test_verifier_redacts_the_public_text(received, verifier, officer):
    c = services.complaint_redact(
        complaint=received,
        by=verifier,
        public_title="Jalan berlubang di pasar",
        public_description="Lubang besar di depan pasar.",
    )
    assert (c.public_title, c.public_description) == (
        "Jalan berlubang di pasar",
        "Lubang besar di depan pasar.",
    )
    assert c.title != c.public_title  # the original is kept
    with pytest.raises(PermissionDenied):
        services.complaint_redact(complaint=c, by=officer, public_title="x", public_description="y")


def test_hide_a_photo_from_the_public(category, verifier, officer):
    c = f.submit(category, files=[f.jpeg()]).complaint
    photo = c.attachments.get()
    services.attachment_set_public(attachment=photo, by=verifier, is_public=False)
    photo.refresh_from_db()
    assert photo.is_public is False
    with pytest.raises(PermissionDenied):
        services.attachment_set_public(attachment=photo, by=officer, is_public=True)


def test_bulk_assign_is_all_or_nothing(category, verifier, officer, other_agency):
    a = f.make_complaint(category, status="dispositioned", verifier=verifier)
    b = f.make_complaint(category, status="dispositioned", verifier=verifier, agency=other_agency)
    with pytest.raises(PermissionDenied):
        services.complaints_bulk_assign(complaints=[a, b], by=officer, officer=officer)
    a.refresh_from_db()
    assert a.assigned_to is None
    assert services.complaints_bulk_assign(complaints=[a], by=officer, officer=officer) == 1


def test_every_public_change_notifies_the_reporter(
    category, verifier, officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        c = f.make_complaint(
            category,
            status="closed",
            verifier=verifier,
            officer=officer,
            email="pelapor@example.test",
        )
    subjects = [m.subject for m in mail.outbox if m.to == ["Budi Santoso <pelapor@example.test>"]]
    n = c.tracking_number
    assert subjects == [
        f"Your report {n} has been received",
        f"Update on your report {n}: Verified",
        f"Update on your report {n}: Sent to agency",
        f"Update on your report {n}: In progress",
        f"Update on your report {n}: Completed",
    ]  # rating is the reporter's own act: no mail for it
