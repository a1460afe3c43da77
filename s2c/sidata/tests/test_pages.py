"""The archive's pages: what each person sees, files and their headers, the staff's
filing, editing, trash, hold and retention pages, and bad input."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from s2c.core.models import AuditEntry

from ..models import Access, Document

pytestmark = pytest.mark.django_db


def test_the_public_list_shows_public_documents_with_filters(client, file_it):
    public = file_it(
        "APBD",
        title="Laporan APBD 2013",
        access=Access.PUBLIC,
        document_date=dt.date(2013, 2, 1),
        tags=["apbd"],
    )
    file_it("Rahasia", title="Nota internal", access=Access.AGENCY)
    page = client.get("/sidata/").content.decode()
    assert "Laporan APBD 2013" in page and "Nota internal" not in page
    assert "Laporan APBD 2013" in client.get("/sidata/?year=2013&tag=apbd").content.decode()
    for bad in (
        "year=99999999999999999999",
        "year=nan",
        "year=2013%00",
        "tag=%00",
        "year=0000",
        "year=%C2%B2%C2%B2",
        "tag=pajak%00",
        "classification=900%00",
        "agency=%00x",
        "access=x",
        "classification=" + "9" * 500,
        "page=-1",
        "page=1e309",
    ):
        response = client.get(f"/sidata/?{bad}")
        assert response.status_code in (200, 404), bad
        assert "Nota internal" not in response.content.decode()
    assert public.get_absolute_url() in page


def test_a_document_page_and_its_file(client, file_it):
    document = file_it("Isi laporan keuangan", title="Laporan keuangan", access=Access.PUBLIC)
    page = client.get(document.get_absolute_url())
    assert page.status_code == 200 and "Laporan keuangan" in page.content.decode()
    response = client.get(reverse("sidata:download", args=[document.public_id]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"Isi laporan keuangan"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    document.refresh_from_db()
    assert document.downloads == 1


@pytest.mark.parametrize("access", [Access.PROVINCE, Access.AGENCY, Access.RESTRICTED])
def test_a_closed_document_is_not_found_by_those_who_may_not_open_it(
    client, file_it, citizen, other_officer, access
):
    document = file_it("Isi rahasia", title="Dokumen tertutup", access=access)
    urls = [
        document.get_absolute_url(),
        reverse("sidata:download", args=[document.public_id]),
        reverse("sidata:download-version", args=[document.public_id, 1]),
        reverse("sidata:view-version", args=[document.public_id, 1]),
        reverse("sidata:thumbnail", args=[document.public_id, 1]),
        f"/api/v1/sidata/documents/{document.public_id}",
        f"/api/v1/sidata/documents/{document.public_id}/versions/1/file",
    ]
    people = [None, citizen] + ([other_officer] if access != Access.PROVINCE else [])
    for person in people:
        client.logout()
        if person is not None:
            client.force_login(person)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 404, (person, url)
            assert b"Isi rahasia" not in b"".join(
                getattr(response, "streaming_content", [response.content])
            )
        listing = (
            client.get("/sidata/").content.decode()
            + client.get("/api/v1/sidata/documents").content.decode()
        )
        assert "Dokumen tertutup" not in listing


def test_views_and_downloads_of_a_closed_document_are_audited(client, file_it, officer):
    document = file_it(access=Access.AGENCY)
    client.force_login(officer)
    client.get(document.get_absolute_url())
    client.get(reverse("sidata:download", args=[document.public_id]))
    actions = list(
        AuditEntry.objects.filter(object_id=str(document.pk)).values_list("action", flat=True)
    )
    assert "sidata.document.view" in actions and "sidata.document.download" in actions


def test_unknown_or_malformed_addresses_are_404(client, file_it):
    document = file_it(access=Access.PUBLIC)
    for url in (
        f"/sidata/dokumen/{uuid.uuid4()}/",
        f"/sidata/dokumen/{document.public_id}/versi/2/unduh/",
        f"/sidata/dokumen/{document.public_id}/versi/0/unduh/",
        f"/sidata/dokumen/{document.public_id}/versi/99999999999999999999999/unduh/",
        "/sidata/dokumen/not-a-uuid/",
    ):
        assert client.get(url).status_code == 404, url


def test_staff_file_several_documents_at_once_and_a_bad_one_is_reported(client, officer, agency):
    client.force_login(officer)
    files = [
        SimpleUploadedFile("anggaran-2019.txt", b"Anggaran 2019", "text/plain"),
        SimpleUploadedFile(
            "program.exe", b"MZ\x90\x00" + b"\x00" * 100, "application/octet-stream"
        ),
        SimpleUploadedFile("notulen.txt", b"Notulen rapat", "text/plain"),
    ]
    response = client.post(
        "/staf/sidata/",
        {"agency": agency.pk, "files": files, "access": Access.AGENCY, "tags": "anggaran, rapat"},
        follow=True,
    )
    assert response.status_code == 200
    titles = sorted(Document.objects.values_list("title", flat=True))
    assert titles == ["anggaran 2019", "notulen"]
    assert "program.exe" in response.content.decode()


def test_staff_may_not_file_for_another_agency(client, other_officer, agency):
    client.force_login(other_officer)
    response = client.post(
        "/staf/sidata/",
        {
            "agency": agency.pk,
            "files": [SimpleUploadedFile("a.txt", b"x", "text/plain")],
            "access": "agency",
        },
    )
    assert response.status_code == 200  # the form shows the agency is not a choice
    assert Document.objects.count() == 0


def test_staff_edit_details_add_a_version_and_trash(client, officer, file_it):
    document = file_it(access=Access.AGENCY)
    client.force_login(officer)
    url = reverse("sidata:staff-document", args=[document.public_id])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "action": "metadata",
            "title": "Judul baru",
            "access": "public",
            "tags": "a, b",
            "readers": "",
        },
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert (document.title, document.access) == ("Judul baru", "public")
    response = client.post(
        url,
        {
            "action": "version",
            "file": SimpleUploadedFile("v2.txt", b"Versi dua", "text/plain"),
            "note": "revisi",
        },
    )
    assert response.status_code == 302 and document.versions.count() == 2
    response = client.post(reverse("sidata:staff-action", args=[document.public_id, "trash"]))
    document.refresh_from_db()
    assert document.trashed_at is not None
    assert "Judul baru" in client.get("/staf/sidata/sampah/").content.decode()
    client.logout()  # public, but trashed: only the agency's staff still open it
    assert client.get(document.get_absolute_url()).status_code == 404
    client.force_login(officer)
    client.post(reverse("sidata:staff-action", args=[document.public_id, "restore"]))
    document.refresh_from_db()
    assert document.trashed_at is None


def test_another_agency_cannot_reach_the_staff_page(client, other_officer, file_it):
    document = file_it(access=Access.PROVINCE)
    client.force_login(other_officer)
    url = reverse("sidata:staff-document", args=[document.public_id])
    assert client.get(url).status_code == 404
    assert (
        client.post(url, {"action": "metadata", "title": "x", "access": "public"}).status_code
        == 404
    )
    assert (
        client.post(reverse("sidata:staff-action", args=[document.public_id, "trash"])).status_code
        == 404
    )
    document.refresh_from_db()
    assert document.trashed_at is None and document.access == "province"


def test_the_care_page_lists_what_is_due_and_records_a_decision(
    client, agency_admin, file_it, classification
):
    old = file_it(
        classification=classification, document_date=dt.date(2005, 1, 1), title="Arsip tua"
    )
    client.force_login(agency_admin)
    page = client.get("/staf/sidata/perawatan/").content.decode()
    assert "Arsip tua" in page
    response = client.post(
        reverse("sidata:staff-retention", args=[old.public_id]),
        {"decision": "keep", "keep_until": "2999-01-01", "note": "masih dipakai"},
    )
    assert response.status_code == 302
    assert "Arsip tua" not in client.get("/staf/sidata/perawatan/").content.decode()


def test_a_pdf_is_read_page_by_page_as_pictures(client, officer, agency, committed, citizen):
    from django.core.files.base import ContentFile

    from .. import services, testfiles

    content = testfiles.text_pdf([["Halaman pertama laporan"], ["Halaman kedua laporan"]])
    with committed():
        document = services.document_create(
            agency=agency,
            file=ContentFile(content, name="laporan.pdf"),
            by=officer,
            access="agency",
        )
    client.force_login(officer)
    viewer = reverse("sidata:pages", args=[document.public_id, 1, 2])
    page = client.get(viewer).content.decode()
    assert "2" in page and reverse("sidata:page-image", args=[document.public_id, 1, 2]) in page
    image = client.get(reverse("sidata:page-image", args=[document.public_id, 1, 2]))
    assert image.status_code == 200 and image.content.startswith(b"\x89PNG")
    assert image["Cache-Control"].startswith("private")
    for missing in (0, 3, 10**12):
        assert (
            client.get(reverse("sidata:pages", args=[document.public_id, 1, missing])).status_code
            == 404
        )
    client.force_login(citizen)
    assert client.get(viewer).status_code == 404
    assert (
        client.get(reverse("sidata:page-image", args=[document.public_id, 1, 1])).status_code == 404
    )
