"""/api/v1/sidata/: the same rules as the pages, filing and editing for staff, bad input."""

from __future__ import annotations

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ..models import Access, Document

pytestmark = pytest.mark.django_db


def test_the_list_shows_what_the_caller_may_open(client, file_it, officer, other_officer):
    file_it(title="Terbuka", access=Access.PUBLIC, tags=["apbd"])
    file_it(title="Internal", access=Access.AGENCY)
    titles = lambda: {d["title"] for d in client.get("/api/v1/sidata/documents").json()["results"]}  # noqa: E731
    assert titles() == {"Terbuka"}
    client.force_login(other_officer)
    assert titles() == {"Terbuka"}
    client.force_login(officer)
    assert titles() == {"Terbuka", "Internal"}
    answer = client.get("/api/v1/sidata/documents", {"tag": "APBD"}).json()
    assert [d["title"] for d in answer["results"]] == ["Terbuka"]
    assert answer["results"][0]["current"]["sha256"]


@pytest.mark.parametrize(
    "query",
    [
        "year=1e309",
        "year=-5",
        "year=99999999999999999999",
        "page=0",
        "page_size=1000",
        "tag=" + "x" * 500,
        "agency=%00",
    ],
)
def test_bad_filters_are_a_clear_422_or_nothing_found(client, query):
    response = client.get(f"/api/v1/sidata/documents?{query}")
    assert response.status_code in (200, 422), query
    if response.status_code == 422:
        assert response.json()["error"]["message"]


def test_staff_file_a_document_through_the_api(client, officer, agency):
    client.force_login(officer)
    response = client.post(
        "/api/v1/sidata/documents",
        {
            "agency": agency.code,
            "title": "Laporan dari API",
            "access": "public",
            "tags": "api, laporan",
            "file": SimpleUploadedFile("laporan.txt", b"Isi laporan", "text/plain"),
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["title"], body["access"], sorted(body["tags"])) == (
        "Laporan dari API",
        "public",
        ["api", "laporan"],
    )
    assert body["versions"][0]["number"] == 1
    # A new version, then the details changed.
    public_id = body["public_id"]
    response = client.post(
        f"/api/v1/sidata/documents/{public_id}/versions",
        {"note": "revisi", "file": SimpleUploadedFile("v2.txt", b"Isi baru", "text/plain")},
    )
    assert response.status_code == 201 and response.json()["number"] == 2
    response = client.put(
        f"/api/v1/sidata/documents/{public_id}",
        {"title": "Judul diubah", "access": "agency", "tags": ["x"]},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["title"] == "Judul diubah"


def test_someone_else_cannot_file_or_edit_through_the_api(
    client, citizen, other_officer, agency, file_it
):
    document = file_it(access=Access.PUBLIC)
    upload = lambda: SimpleUploadedFile("a.txt", b"isi", "text/plain")  # noqa: E731
    assert (
        client.post(
            "/api/v1/sidata/documents", {"agency": agency.code, "file": upload()}
        ).status_code
        == 401
    )
    for person in (citizen, other_officer):
        client.force_login(person)
        response = client.post(
            "/api/v1/sidata/documents", {"agency": agency.code, "file": upload()}
        )
        assert response.status_code == 403
        response = client.put(
            f"/api/v1/sidata/documents/{document.public_id}",
            {"title": "x", "access": "public"},
            content_type="application/json",
        )
        assert response.status_code == 404
    assert Document.objects.count() == 1
    client.force_login(other_officer)
    response = client.post("/api/v1/sidata/documents", {"agency": "tidak-ada", "file": upload()})
    assert response.status_code in (400, 422)
    response = client.get(f"/api/v1/sidata/documents/{uuid.uuid4()}")
    assert response.status_code == 404
