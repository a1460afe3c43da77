"""Filing, versions, who may open what, trash and legal hold, integrity and retention."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from s2c.core import search
from s2c.core.errors import ApplicationError, NotFound, PermissionDenied
from s2c.core.models import AuditEntry
from s2c.core.tests import factories

from .. import background, selectors, services
from ..models import Access, Document, DocumentVersion, RetentionDecision
from .conftest import text_file

pytestmark = pytest.mark.django_db


def test_a_filed_document_keeps_its_file_byte_for_byte_and_its_text_is_searched(file_it, officer):
    document = file_it(
        "Laporan keuangan daerah tahun 2019.",
        access=Access.PUBLIC,
        tags=["Keuangan", "keuangan", " APBD "],
    )
    version = document.current
    assert (version.number, version.extraction, version.original_name.endswith(".txt")) == (
        1,
        "done",
        True,
    )
    with default_storage.open(version.file, "rb") as handle:
        assert handle.read() == b"Laporan keuangan daerah tahun 2019."
    assert version.sha256 == services.sha256_of(b"Laporan keuangan daerah tahun 2019.")
    assert sorted(t.name for t in document.tags.all()) == ["apbd", "keuangan"]
    assert document.title.startswith("dokumen")
    results = search.query(user=None, q="keuangan 2019")
    assert [h.url for h in results.hits] == [document.get_absolute_url()]
    entry = AuditEntry.objects.get(action="sidata.document.create")
    assert (entry.actor, entry.after["sha256"]) == (officer, version.sha256)


@pytest.fixture
def stored(monkeypatch):
    """The names of the files this test stored through the archive's upload path."""
    names: list[str] = []
    accept = services.uploads.accept

    def recording(**kwargs):
        found = accept(**kwargs)
        names.append(found.name)
        return found

    monkeypatch.setattr(services.uploads, "accept", recording)
    return names


def test_someone_else_may_not_file_for_the_agency(agency, other_officer, citizen, stored):
    for outsider in (other_officer, citizen, None):
        with pytest.raises(PermissionDenied):
            services.document_create(agency=agency, file=text_file(), by=outsider)
    assert Document.objects.count() == 0
    assert stored == []  # nothing stored either


def test_a_refused_file_or_a_failed_write_leaves_nothing_stored(
    agency, officer, monkeypatch, stored
):
    bad = text_file("<html><script>alert(1)</script></html>", name="x.txt")
    with pytest.raises(ApplicationError):
        services.document_create(agency=agency, file=bad, by=officer)
    # The file was stored, then the database write failed: the file goes again.
    monkeypatch.setattr(services.audit, "record", lambda **kw: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        services.document_create(agency=agency, file=text_file(), by=officer)
    assert Document.objects.count() == 0
    assert len(stored) == 1 and not default_storage.exists(stored[0])


@pytest.mark.parametrize(
    ("access", "openers"),
    [
        (Access.PUBLIC, {"anonymous", "citizen", "officer", "officer_b", "admin", "reader"}),
        (Access.PROVINCE, {"officer", "officer_b", "admin"}),
        (Access.AGENCY, {"officer", "admin"}),
        (Access.RESTRICTED, {"officer", "reader"}),
    ],
)
def test_who_may_open_a_document(
    file_it, access, openers, officer, other_officer, citizen, province_admin
):
    reader = factories.make_citizen(username="reader")
    document = file_it("Rencana kerja rahasia", access=access, readers=[reader])
    people = {
        "anonymous": None,
        "citizen": citizen,
        "officer": officer,
        "officer_b": other_officer,
        "admin": province_admin,
        "reader": reader,
    }
    for name, user in people.items():
        assert selectors.can_open(user, document) is (name in openers), name
        assert selectors.openable(user).filter(pk=document.pk).exists() is (name in openers), name
        if name in openers:
            assert selectors.document_for(user, document.public_id) == document
        else:
            with pytest.raises(NotFound):
                selectors.document_for(user, document.public_id)
        # Search shows it to exactly those who may open it (restricted: to nobody).
        found = search.query(user=user, q="rencana kerja rahasia").total
        assert found == (1 if name in openers and access != Access.RESTRICTED else 0), name


def test_a_new_version_keeps_the_history_and_replaces_the_searched_text(
    file_it, officer, committed
):
    document = file_it("Draf pertama tentang jembatan", access=Access.PUBLIC)
    with committed():
        services.version_add(
            document=document,
            file=text_file("Versi akhir tentang bendungan"),
            note="final",
            by=officer,
        )
    document.refresh_from_db()
    assert [v.number for v in document.versions.all()] == [2, 1]
    assert (document.current.number, document.current.note) == (2, "final")
    assert search.query(user=None, q="bendungan").total == 1
    assert search.query(user=None, q="jembatan").total == 0
    assert AuditEntry.objects.filter(action="sidata.document.version").count() == 1


def test_someone_else_may_not_add_a_version_or_change_details(file_it, other_officer, citizen):
    document = file_it(access=Access.PUBLIC)
    for outsider in (other_officer, citizen):
        with pytest.raises(PermissionDenied):
            services.version_add(document=document, file=text_file(), by=outsider)
        with pytest.raises(PermissionDenied):
            services.document_update(
                document=document, by=outsider, title="Diubah", access=Access.PUBLIC
            )
    assert document.versions.count() == 1
    document.refresh_from_db()
    assert document.title != "Diubah"


def test_a_restricted_document_is_closed_to_its_agency_colleagues(file_it, agency, officer):
    colleague = factories.make_officer(agency, username="colleague")
    document = file_it("Nota rahasia", access=Access.RESTRICTED)
    assert not selectors.can_open(colleague, document)
    assert not selectors.can_edit(colleague, document)
    assert document not in selectors.documents_for_staff(user=colleague)
    services.document_update(
        document=document,
        by=officer,
        title="Nota rahasia",
        access=Access.RESTRICTED,
        readers=[colleague],
    )
    assert selectors.can_open(colleague, document)
    assert list(selectors.shared_with(colleague)) == [document]


def test_linking_a_document_one_cannot_open_is_refused(file_it, other_officer, officer):
    mine = file_it(access=Access.AGENCY)
    theirs = services.document_create(
        agency=other_officer.memberships.first().agency,
        file=text_file(),
        by=other_officer,
        access=Access.AGENCY,
    )
    with pytest.raises(PermissionDenied):
        services.document_update(
            document=mine, by=officer, title="x", access=Access.AGENCY, related=[theirs]
        )


def test_trash_hides_a_document_and_purge_removes_it_after_the_period(
    file_it, officer, settings, committed
):
    settings.S2C_SIDATA_TRASH_DAYS = 30
    document = file_it("Surat edaran lama", access=Access.PUBLIC)
    name = document.current.file
    services.document_trash(document=document, by=officer)
    assert not selectors.can_open(None, document)
    assert search.query(user=None, q="surat edaran").total == 0
    assert list(selectors.documents_for_staff(user=officer, trashed=True)) == [document]
    assert background.trash_purge() == 0  # not yet
    services.document_restore(document=document, by=officer)
    assert search.query(user=None, q="surat edaran").total == 1
    services.document_trash(document=document, by=officer)
    later = timezone.now() + dt.timedelta(days=31)
    with committed():
        assert background.trash_purge(now=later) == 1
    assert not Document.objects.filter(pk=document.pk).exists()
    assert not default_storage.exists(name)
    assert AuditEntry.objects.filter(action="sidata.document.purge").count() == 1


def test_a_legal_hold_blocks_deletion_and_only_agency_admins_place_it(
    file_it, officer, agency_admin
):
    document = file_it(access=Access.AGENCY)
    with pytest.raises(PermissionDenied):
        services.legal_hold_set(document=document, reason="Audit BPK", by=officer)
    with pytest.raises(ApplicationError):
        services.legal_hold_set(document=document, reason="  ", by=agency_admin)
    services.legal_hold_set(document=document, reason="Audit BPK 2024", by=agency_admin)
    with pytest.raises(ApplicationError):
        services.document_trash(document=document, by=officer)
    # A hold placed on a trashed document brings it back; purge never takes a held one.
    services.legal_hold_release(document=document, by=agency_admin)
    services.document_trash(document=document, by=officer)
    services.legal_hold_set(document=document, reason="Perkara", by=agency_admin)
    document.refresh_from_db()
    assert document.trashed_at is None
    Document.objects.filter(pk=document.pk).update(
        trashed_at=timezone.now() - dt.timedelta(days=400)
    )
    assert background.trash_purge() == 0


def test_the_integrity_scan_finds_changed_and_missing_files(file_it):
    intact, changed, missing = (file_it(f"Isi {i}") for i in range(3))
    with default_storage.open(changed.current.file, "wb") as handle:
        handle.write(b"tampered")
    default_storage.delete(missing.current.file)
    report = background.integrity_scan()
    assert (report.checked, report.ok, report.changed, report.missing) == (3, 1, 1, 1)
    states = dict(DocumentVersion.objects.values_list("document_id", "integrity"))
    assert states == {intact.pk: "ok", changed.pk: "changed", missing.pk: "missing"}
    assert AuditEntry.objects.filter(action="sidata.version.changed").count() == 1
    background.integrity_scan()  # found again: not logged twice
    assert AuditEntry.objects.filter(action="sidata.version.changed").count() == 1


def test_an_unreadable_file_is_marked_failed_and_can_be_tried_again(
    agency, officer, monkeypatch, committed
):
    from .. import extraction

    def broken(content, content_type, **kwargs):
        raise extraction.ExtractionError("rusak")

    monkeypatch.setattr(extraction, "extract", broken)
    with committed():
        document = services.document_create(agency=agency, file=text_file("Isi"), by=officer)
    version = document.current
    version.refresh_from_db()
    assert (version.extraction, version.extraction_error) == ("failed", "rusak")
    assert list(selectors.failed_extractions(user=officer)) == [version]
    monkeypatch.undo()
    with committed():
        services.extraction_retry(version=version, by=officer)
    version.refresh_from_db()
    assert (version.extraction, version.text) == ("done", "Isi")
    with pytest.raises(ApplicationError):
        services.extraction_retry(version=version, by=officer)


def test_retention_lists_what_is_due_and_records_the_decision(
    file_it, classification, agency_admin, officer
):
    today = timezone.localdate()
    old = file_it("APBD 2010", classification=classification, document_date=dt.date(2010, 1, 5))
    recent = file_it(
        "APBD lalu", classification=classification, document_date=today - dt.timedelta(days=400)
    )
    fresh = file_it("APBD baru", classification=classification, document_date=today)
    # 900.1 takes 2 years active and 8 inactive from 900, and its own "destroy".
    assert old.retention_dates() == (dt.date(2012, 1, 5), dt.date(2020, 1, 5), "destroy")
    due = {d.pk: (what, since) for d, what, since in selectors.retention_due(user=officer)}
    assert due == {old.pk: ("destroy", dt.date(2020, 1, 5))}
    assert recent.pk not in due and fresh.pk not in due
    with pytest.raises(PermissionDenied):
        services.retention_decide(document=old, decision="destroy", by=officer)
    with pytest.raises(ApplicationError):
        services.retention_decide(document=old, decision="keep", by=agency_admin)
    services.retention_decide(
        document=old, decision="keep", keep_until=today + dt.timedelta(days=365), by=agency_admin
    )
    assert selectors.retention_due(user=officer) == []
    services.retention_decide(
        document=old, decision="destroy", note="Berita acara", by=agency_admin
    )
    old.refresh_from_db()
    assert old.trashed_at is not None
    assert RetentionDecision.objects.filter(document=old).count() == 2


def test_a_changed_schedule_changes_what_is_due(file_it, classification, officer):
    from ..models import Classification

    document = file_it(classification=classification, document_date=dt.date(2020, 6, 1))
    assert (document.active_until, document.inactive_until) == (
        dt.date(2022, 6, 1),
        dt.date(2030, 6, 1),
    )
    today = dt.date(2026, 12, 5)
    assert [
        (what, since) for _, what, since in selectors.retention_due(user=officer, today=today)
    ] == [("inactive", dt.date(2022, 6, 1))]
    # The parent code's schedule is shortened: its child's documents follow.
    Classification.objects.filter(code="900").update(inactive_years=3)
    assert services.retention_recompute(classification=Classification.objects.get(code="900")) == 1
    assert [
        (what, since) for _, what, since in selectors.retention_due(user=officer, today=today)
    ] == [("destroy", dt.date(2025, 6, 1))]


def test_a_date_at_the_end_of_the_calendar_is_kept_without_error(file_it, classification):
    document = file_it(classification=classification, document_date=dt.date(9999, 12, 31))
    assert document.active_until == dt.date.max
