"""Datasets: the services' workflow and permissions, the selectors' visibility, the pages
and the /api/v1/ endpoints."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from s2c.core.errors import ApplicationError, NotFound, PermissionDenied
from s2c.core.models import AuditEntry
from s2c.core.tests import factories

from .. import datasets as ds
from ..models import Dataset, Resource, Tag
from .factories_datasets import POPULATION_CSV, Named, dataset, topic

pytestmark = pytest.mark.django_db


def test_a_draft_goes_through_review_to_publication_and_is_audited(agency, officer):
    walidata = factories.make_province_admin()
    made = ds.dataset_create(
        agency=agency,
        by=officer,
        name="penduduk-2024",
        title="  Jumlah   penduduk 2024 ",
        tags=["Penduduk", "penduduk", "BPS"],
        topic=topic(),
    )
    assert (made.title, made.state) == ("Jumlah penduduk 2024", Dataset.State.DRAFT)
    assert sorted(made.tags.values_list("name", flat=True)) == ["bps", "penduduk"]
    with pytest.raises(ApplicationError) as exc:
        ds.dataset_submit(dataset=made, by=officer)
    assert exc.value.message == "Add at least one resource before submitting the dataset."
    ds.resource_add(dataset=made, by=officer, name="CSV", file=Named(POPULATION_CSV, "p.csv"))
    ds.dataset_submit(dataset=made, by=officer)
    # The agency cannot publish its own dataset: that is the walidata's.
    with pytest.raises(PermissionDenied):
        ds.dataset_approve(dataset=made, by=officer)
    with pytest.raises(ApplicationError) as exc:
        ds.dataset_return(dataset=made, by=walidata, note="  ")
    assert exc.value.message == "Say what must change before the dataset can be published."
    returned = ds.dataset_return(dataset=made, by=walidata, note="Tambahkan sumber data.")
    assert (returned.state, returned.review_note) == ("returned", "Tambahkan sumber data.")
    ds.dataset_edit(dataset=made, by=officer, notes="Sumber: BPS Sumsel.")
    ds.dataset_submit(dataset=made, by=officer)
    published = ds.dataset_approve(dataset=made, by=walidata)
    assert (published.state, published.review_note) == ("published", "")
    assert published.published_at is not None
    actions = list(
        AuditEntry.objects.filter(object_id=str(made.pk), object_type="sidata.dataset")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "sidata.dataset.create",
        "sidata.dataset.submit",
        "sidata.dataset.return",
        "sidata.dataset.edit",
        "sidata.dataset.submit",
        "sidata.dataset.approve",
    ]


def test_someone_else_may_not_create_edit_or_add_resources(agency, officer, other_agency):
    outsider = factories.make_officer(other_agency)
    with pytest.raises(PermissionDenied):
        ds.dataset_create(agency=agency, by=outsider, name="x-data", title="X")
    made = ds.dataset_create(agency=agency, by=officer, name="x-data", title="X")
    with pytest.raises(PermissionDenied):
        ds.dataset_edit(dataset=made, by=outsider, title="Hacked")
    with pytest.raises(PermissionDenied):
        ds.resource_add(dataset=made, by=outsider, name="r", url="https://example.test/a.csv")
    with pytest.raises(PermissionDenied):
        ds.dataset_submit(dataset=made, by=factories.make_citizen())
    assert Dataset.objects.get().title == "X"


def test_a_published_dataset_is_locked_for_the_agency_until_unpublished(agency, officer):
    made = dataset(agency, officer)
    with pytest.raises(PermissionDenied):
        ds.dataset_edit(dataset=made, by=officer, title="Changed")
    ds.dataset_unpublish(dataset=made, by=officer, note="Data salah")
    assert ds.dataset_edit(dataset=made, by=officer, title="Changed").title == "Changed"


def test_bad_input_gets_clear_errors(agency, officer):
    with pytest.raises(ApplicationError) as exc:
        ds.dataset_create(agency=agency, by=officer, name="Bad Name!", title="X")
    assert "name" in exc.value.extra["fields"]
    with pytest.raises(ApplicationError) as exc:
        ds.dataset_create(agency=agency, by=officer, name="ok-name", title="X", tags=["a<b>"])
    assert (
        exc.value.message == "A tag may hold letters, digits, spaces, '-', '_' and '.' only: a<b>"
    )
    with pytest.raises(ApplicationError):
        ds.dataset_create(
            agency=agency,
            by=officer,
            name="dates",
            title="X",
            temporal_start=dt.date(2024, 1, 1),
            temporal_end=dt.date(2023, 1, 1),
        )
    made = ds.dataset_create(agency=agency, by=officer, name="ctl", title="A\x00B\x07C")
    assert made.title == "ABC"
    with pytest.raises(ApplicationError) as exc:
        ds.resource_add(dataset=made, by=officer, name="r")
    assert exc.value.message == "Give either a file or a link."
    assert Dataset.objects.count() == 1


def test_resource_files_are_validated_and_their_format_detected(agency, officer):
    made = ds.dataset_create(agency=agency, by=officer, name="files", title="Files")
    geo = b'{"type": "FeatureCollection", "features": []}'
    res = ds.resource_add(dataset=made, by=officer, name="Peta", file=Named(geo, "peta.txt"))
    assert (res.format, res.mimetype, res.file.name.endswith(".geojson")) == (
        "GeoJSON",
        "application/geo+json",
        True,
    )
    plain = ds.resource_add(dataset=made, by=officer, name="J", file=Named(b"[1, 2]", "a.json"))
    assert plain.format == "JSON"
    csv = ds.resource_add(dataset=made, by=officer, name="C", file=Named(POPULATION_CSV, "x"))
    assert (csv.format, csv.size, len(csv.sha256)) == ("CSV", len(POPULATION_CSV), 64)
    with pytest.raises(ApplicationError) as exc:
        ds.resource_add(dataset=made, by=officer, name="H", file=Named(b"<html></html>", "a.csv"))
    assert exc.value.code == "file_kind"
    with pytest.raises(ApplicationError) as exc:
        ds.resource_add(
            dataset=made, by=officer, name="T", file=Named(b"just some words\n", "a.txt")
        )
    assert exc.value.code == "file_kind"
    assert Resource.objects.filter(dataset=made).count() == 3


def test_drafts_are_seen_by_their_agency_and_the_walidata_only(agency, officer, other_agency):
    public = dataset(agency, officer, title="Terbit")
    draft = dataset(agency, officer, publish=False, title="Konsep")
    outsider = factories.make_officer(other_agency)
    walidata = factories.make_province_admin()
    assert set(ds.visible_datasets(user=officer)) == {public, draft}
    assert set(ds.visible_datasets(user=outsider)) == {public}
    assert set(ds.visible_datasets(user=None)) == {public}
    assert set(ds.visible_datasets(user=walidata)) == {public, draft}
    with pytest.raises(NotFound):
        ds.dataset_for_viewer(user=outsider, name=draft.name)
    with pytest.raises(NotFound):
        ds.dataset_for_viewer(user=outsider, name=str(draft.public_id))
    resource = draft.resources.get()
    with pytest.raises(NotFound):
        ds.resource_for_viewer(user=outsider, public_id=resource.public_id)
    assert list(ds.review_queue(user=outsider)) == []


def test_the_public_pages_show_published_datasets_only(client, agency, officer):
    public = dataset(agency, officer, title="Penduduk Sumsel", tags=["penduduk"], topic=topic())
    draft = dataset(agency, officer, publish=False, title="Rahasia konsep")
    html = client.get("/sidata/dataset/").content.decode()
    assert "Penduduk Sumsel" in html and "Rahasia konsep" not in html
    html = client.get("/sidata/dataset/?q=penduduk&tags=penduduk").content.decode()
    assert "Penduduk Sumsel" in html
    assert client.get(f"/sidata/dataset/{public.name}/").status_code == 200
    assert client.get(f"/sidata/dataset/{draft.name}/").status_code == 404
    resource = public.resources.get()
    page = client.get(f"/sidata/dataset/{public.name}/resource/{resource.public_id}/")
    html = page.content.decode()
    assert page.status_code == 200 and "Palembang" in html and "integer" in html
    download = client.get(ckan_download(public, resource))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == POPULATION_CSV
    hidden = draft.resources.get()
    assert client.get(ckan_download(draft, hidden)).status_code == 404
    assert client.get("/sidata/dataset/?page=abc&q=%00").status_code == 200


def ckan_download(made, resource) -> str:
    return f"/sidata/dataset/{made.name}/resource/{resource.public_id}/download/"


def test_staff_pages_create_submit_and_review(client, agency, officer):
    assert client.get("/staf/sidata/dataset/").status_code == 302
    client.force_login(officer)
    response = client.post(
        "/staf/sidata/dataset/new/",
        {
            "agency": agency.pk,
            "name": "sekolah-2024",
            "title": "Sekolah 2024",
            "licence": "cc-by",
            "frequency": "annual",
            "tags": "pendidikan, sekolah",
        },
    )
    assert response.status_code == 302
    made = Dataset.objects.get(name="sekolah-2024")
    assert sorted(made.tags.values_list("name", flat=True)) == ["pendidikan", "sekolah"]
    upload = Named(POPULATION_CSV, "sekolah.csv")
    response = client.post(
        "/staf/sidata/dataset/sekolah-2024/resource/", {"name": "Data", "file": upload}
    )
    assert response.status_code == 302
    assert client.post("/staf/sidata/dataset/sekolah-2024/submit/").status_code == 302
    assert Dataset.objects.get(pk=made.pk).state == "in_review"
    # An officer cannot approve; the review queue is the walidata's.
    assert client.post("/staf/sidata/dataset/sekolah-2024/approve/").status_code == 403
    assert client.get("/staf/sidata/review/").status_code == 403
    client.force_login(factories.make_province_admin())
    assert "Sekolah 2024" in client.get("/staf/sidata/review/").content.decode()
    assert client.post("/staf/sidata/dataset/sekolah-2024/approve/").status_code == 302
    assert Dataset.objects.get(pk=made.pk).state == "published"
    assert client.post("/staf/sidata/dataset/sekolah-2024/explode/").status_code == 400


def test_another_agencys_officer_cannot_open_or_change_a_draft(client, agency, officer):
    draft = dataset(agency, officer, publish=False)
    client.force_login(factories.make_officer(factories.make_agency()))
    assert client.get(f"/staf/sidata/dataset/{draft.name}/").status_code == 404
    assert client.post(f"/staf/sidata/dataset/{draft.name}/submit/").status_code == 404
    assert Dataset.objects.get(pk=draft.pk).state == "draft"


def test_the_api_lists_and_shows_what_the_user_may_see(client, agency, officer):
    public = dataset(agency, officer, title="Jalan provinsi", tags=["jalan"])
    draft = dataset(agency, officer, publish=False, title="Konsep jalan")
    body = client.get("/api/v1/sidata/datasets?q=jalan").json()
    assert [d["name"] for d in body["results"]] == [public.name]
    assert body["results"][0]["resources"][0]["tabular"] is True
    assert client.get(f"/api/v1/sidata/datasets/{draft.name}").status_code == 404
    assert client.get(f"/api/v1/sidata/datasets/{public.name}/resources").status_code == 200
    client.force_login(officer)
    body = client.get("/api/v1/sidata/datasets?state=draft").json()
    assert [d["name"] for d in body["results"]] == [draft.name]
    assert client.get(f"/api/v1/sidata/datasets/{uuid.uuid4()}").status_code == 404


def test_tags_stay_shared_and_lowercase(agency, officer):
    dataset(agency, officer, tags=["Air Bersih"])
    dataset(agency, officer, tags=["air bersih"])
    assert list(Tag.objects.values_list("name", flat=True)) == ["air bersih"]


def test_the_seed_publishes_realistic_datasets_once(client):
    from s2c.core.seed import seed_agencies, seed_regions

    from ..seed_datasets import SPECS, seed_datasets

    seed_regions()
    seed_agencies()
    assert seed_datasets() == len(SPECS) + 1 >= 21
    assert seed_datasets() == 0
    published = ds.published_datasets()
    assert published.count() == len(SPECS) + 1
    population = published.get(name="jumlah-penduduk-kabupaten-kota-2024").resources.get()
    body = client.get(
        f"/api/v1/sidata/resources/{population.public_id}/query",
        {"fields": "kabupaten_kota,jumlah", "sort": "-jumlah", "limit": 1},
    ).json()
    assert body["total"] == 17
    assert body["records"][0]["kabupaten_kota"] == "Kota Palembang"
    assert published.get(name="titik-pusat-kabupaten-kota").resources.get().format == "GeoJSON"
