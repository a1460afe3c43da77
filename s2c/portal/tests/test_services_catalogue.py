import pytest

from s2c.core.errors import ApplicationError, Conflict, PermissionDenied
from s2c.core.models import AuditEntry
from s2c.core.tests import factories as core_f

from .. import services
from ..content import content_of
from ..models import MonitoredEndpoint, Service, ServiceRevision
from . import factories as f

pytestmark = pytest.mark.django_db


def test_agency_admin_creates_a_draft_with_ordered_rows(agency, agency_admin):
    office = f.make_office(agency, code="samsat-palembang-1")
    content = f.complete_content(
        name="Perpanjangan STNK Tahunan",
        requirements=["KTP asli", "STNK asli", "BPKB"],
        steps=["Ambil antrean", "Bayar", "Ambil STNK"],
        life_events=["kendaraan-pajak"],
        offices=["samsat-palembang-1"],
    )

    service = services.service_create(by=agency_admin, agency=agency, content=content)

    assert service.status == Service.Status.DRAFT
    assert service.code == "dinas-a-perpanjangan-stnk-tahunan"
    assert [r.text for r in service.requirements.all()] == ["KTP asli", "STNK asli", "BPKB"]
    assert [s.position for s in service.steps.all()] == [1, 2, 3]
    assert list(service.offices.all()) == [office]
    assert [e.code for e in service.life_events.all()] == ["kendaraan-pajak"]
    entry = AuditEntry.objects.get(action="portal.service.create")
    assert entry.actor == agency_admin
    assert entry.object_id == str(service.pk)
    assert entry.agency_id == agency.pk


def test_codes_are_unique(agency, agency_admin):
    first = services.service_create(
        by=agency_admin, agency=agency, content=f.complete_content(name="Legalisir Ijazah")
    )
    second = services.service_create(
        by=agency_admin, agency=agency, content=f.complete_content(name="Legalisir Ijazah")
    )
    assert (first.code, second.code) == ("dinas-a-legalisir-ijazah", "dinas-a-legalisir-ijazah-2")
    with pytest.raises(Conflict) as exc:
        services.service_create(
            by=agency_admin, agency=agency, content=f.complete_content(), code=first.code
        )
    assert exc.value.message == "The service code dinas-a-legalisir-ijazah is already taken."


def test_someone_else_cannot_create_or_edit(agency, other_agency, officer):
    other_admin = core_f.make_agency_admin(other_agency)
    for user in (officer, other_admin, core_f.make_citizen(), None):
        with pytest.raises(PermissionDenied) as exc:
            services.service_create(by=user, agency=agency, content=f.complete_content())
        assert exc.value.message == "Only this agency's administrators may change it."
    service = f.make_service(agency, status=Service.Status.DRAFT)
    with pytest.raises(PermissionDenied):
        services.service_update(by=other_admin, service=service, content=f.complete_content())
    assert Service.objects.count() == 1


def test_validation_names_every_bad_field(agency, agency_admin, other_agency):
    foreign_office = f.make_office(other_agency, code="kantor-lain")
    content = f.complete_content(
        name="",
        processing_time_value=None,
        processing_time_unit="working_days",
        online_url="ftp://example.test/x",
        life_events=["tidak-ada"],
        offices=[foreign_office.code],
    )
    with pytest.raises(ApplicationError) as exc:
        services.service_create(by=agency_admin, agency=agency, content=content)
    assert exc.value.extra["fields"] == {
        "name": ["Give the service a name."],
        "processing_time_value": ["Give both the processing time and its unit."],
        "online_url": ["Enter a full web address starting with http:// or https://."],
        "life_events": ["Unknown life event: tidak-ada."],
        "offices": ["These offices are not active offices of this agency: kantor-lain."],
    }
    assert Service.objects.count() == 0


def test_publication_needs_a_complete_standard(agency, agency_admin, province_admin):
    service = services.service_create(
        by=agency_admin,
        agency=agency,
        content=f.complete_content(requirements=[], product="", is_free=False, cost=""),
    )
    with pytest.raises(ApplicationError) as exc:
        services.service_submit(by=agency_admin, service=service)
    assert exc.value.message == (
        "The Standar Pelayanan is incomplete: add requirements, the amount to pay or where it "
        "is set (or mark it free), product, where to get it (an office or the online channel)."
    )
    with pytest.raises(ApplicationError):
        services.service_publish(by=province_admin, service=service)
    service.refresh_from_db()
    assert service.status == Service.Status.DRAFT


def test_draft_is_submitted_then_published_by_the_province(agency, agency_admin, province_admin):
    office = f.make_office(agency)
    service = services.service_create(
        by=agency_admin,
        agency=agency,
        content=f.complete_content(offices=[office.code], online_url="http://127.0.0.1:9/x"),
    )
    services.service_submit(by=agency_admin, service=service)
    with pytest.raises(PermissionDenied) as exc:
        services.service_publish(by=agency_admin, service=service)
    assert exc.value.message == "Only province administrators may do this."

    services.service_publish(by=province_admin, service=service)

    service.refresh_from_db()
    assert service.status == Service.Status.PUBLISHED
    assert service.published_at is not None
    assert service.review_requested_at is None
    entry = AuditEntry.objects.get(action="portal.service.publish")
    assert entry.before == {
        "status": "draft",
        "published_at": None,
        "review_requested_at": entry.before["review_requested_at"],
    }
    assert entry.after["status"] == "published"
    # The online channel is now monitored.
    endpoint = MonitoredEndpoint.objects.get()
    assert (endpoint.url, endpoint.service, endpoint.kind) == (
        "http://127.0.0.1:9/x",
        service,
        "online_service",
    )
    with pytest.raises(Conflict):
        services.service_publish(by=province_admin, service=service)


def test_agency_admin_edit_of_published_service_waits_for_approval(
    agency, agency_admin, province_admin
):
    service = f.make_service(agency, requirements=["KTP asli"])
    proposed = content_of(service)
    proposed.requirements = ["KTP asli", "Surat kuasa bila diwakilkan"]

    _s, revision = services.service_update(by=agency_admin, service=service, content=proposed)

    assert revision.status == ServiceRevision.Status.PENDING
    service.refresh_from_db()
    assert [r.text for r in service.requirements.all()] == ["KTP asli"]  # public unchanged
    # A second edit updates the same pending revision.
    proposed.requirements.append("Fotokopi KK")
    _s, again = services.service_update(by=agency_admin, service=service, content=proposed)
    assert again.pk == revision.pk
    assert ServiceRevision.objects.count() == 1

    services.revision_approve(by=province_admin, revision=revision, note="Sesuai")

    service.refresh_from_db()
    assert [r.text for r in service.requirements.all()] == [
        "KTP asli",
        "Surat kuasa bila diwakilkan",
        "Fotokopi KK",
    ]
    revision.refresh_from_db()
    assert (revision.status, revision.reviewed_by, revision.review_note) == (
        "approved",
        province_admin,
        "Sesuai",
    )
    actions = list(
        AuditEntry.objects.filter(object_id=str(service.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "portal.revision.submit",
        "portal.revision.update",
        "portal.revision.approve",
    ]
    approval = AuditEntry.objects.get(action="portal.revision.approve")
    assert approval.before == {"requirements": ["KTP asli"]}
    assert approval.after == {
        "requirements": ["KTP asli", "Surat kuasa bila diwakilkan", "Fotokopi KK"]
    }


def test_only_province_admin_approves_or_rejects(agency, agency_admin, province_admin):
    service = f.make_service(agency)
    proposed = content_of(service)
    proposed.name = "Nama baru"
    _s, revision = services.service_update(by=agency_admin, service=service, content=proposed)
    with pytest.raises(PermissionDenied):
        services.revision_approve(by=agency_admin, revision=revision)
    with pytest.raises(ApplicationError) as exc:
        services.revision_reject(by=province_admin, revision=revision, note="  ")
    assert exc.value.message == "Tell the agency why the change is rejected."

    services.revision_reject(by=province_admin, revision=revision, note="Nama kurang jelas")

    revision.refresh_from_db()
    service.refresh_from_db()
    assert revision.status == "rejected"
    assert service.name != "Nama baru"
    with pytest.raises(Conflict) as exc:
        services.revision_approve(by=province_admin, revision=revision)
    assert exc.value.message == "This revision is no longer waiting for approval."


def test_agency_cancels_its_own_revision(agency, agency_admin, other_agency):
    service = f.make_service(agency)
    proposed = content_of(service)
    proposed.summary = "Ringkas"
    _s, revision = services.service_update(by=agency_admin, service=service, content=proposed)
    with pytest.raises(PermissionDenied):
        services.revision_cancel(by=core_f.make_agency_admin(other_agency), revision=revision)
    services.revision_cancel(by=agency_admin, revision=revision)
    revision.refresh_from_db()
    assert revision.status == "cancelled"


def test_province_admin_edits_published_service_in_place(agency, province_admin):
    service = f.make_service(agency)
    proposed = content_of(service)
    proposed.is_free, proposed.cost = False, "Per permohonan"
    proposed.cost_amount = 50_000

    _s, revision = services.service_update(by=province_admin, service=service, content=proposed)

    assert revision is None
    service.refresh_from_db()
    assert (service.is_free, service.cost_amount) == (False, 50_000)
    entry = AuditEntry.objects.get(action="portal.service.update")
    assert entry.after == {"cost": "Per permohonan", "cost_amount": 50_000, "is_free": False}


def test_unchanged_edit_is_refused(agency, agency_admin):
    service = f.make_service(agency)
    with pytest.raises(ApplicationError) as exc:
        services.service_update(by=agency_admin, service=service, content=content_of(service))
    assert exc.value.message == "Nothing was changed."


def test_withdraw_needs_a_reason_and_cancels_pending_change(agency, agency_admin):
    service = f.make_service(agency)
    proposed = content_of(service)
    proposed.summary = "baru"
    _s, revision = services.service_update(by=agency_admin, service=service, content=proposed)
    with pytest.raises(ApplicationError):
        services.service_withdraw(by=agency_admin, service=service, note="")
    services.service_withdraw(by=agency_admin, service=service, note="Layanan dihentikan")
    service.refresh_from_db()
    revision.refresh_from_db()
    assert (service.status, revision.status) == ("withdrawn", "cancelled")
    with pytest.raises(Conflict):
        services.service_withdraw(by=agency_admin, service=service, note="lagi")
