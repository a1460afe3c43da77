"""A service's English name and summary (``Service.name_en``, ``summary_en``): English
readers see them wherever the public sees a service, Indonesian readers and services
without them see the Indonesian ones; staff edit them through the Standar Pelayanan
workflow (form, revision, import/export, API)."""

import csv
import io
import json
import re

import pytest
from django.utils import translation

from s2c.core import search

from .. import services
from ..content import content_of
from ..exporting import catalogue_export
from ..models import Service, ServiceRevision
from . import factories as f

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
ID = {"HTTP_ACCEPT_LANGUAGE": "id"}
NAME_EN = "Legalisation of school certificates"
SUMMARY_EN = "Have copies of your diploma certified."


def english_service(agency, **extra):
    return f.make_service(
        agency,
        code="legalisir",
        name="Legalisir Ijazah",
        name_en=NAME_EN,
        summary="Pengesahan fotokopi ijazah.",
        summary_en=SUMMARY_EN,
        **extra,
    )


def test_display_fields_follow_the_language_and_fall_back_to_indonesian(agency):
    service = english_service(agency)
    plain = f.make_service(agency, name="Surat Keterangan", summary="Ringkasan.")
    with translation.override("en"):
        assert (service.display_name, service.display_summary) == (NAME_EN, SUMMARY_EN)
        assert (plain.display_name, plain.display_summary) == ("Surat Keterangan", "Ringkasan.")
    with translation.override("id"):
        assert service.display_name == "Legalisir Ijazah"
        assert service.display_summary == "Pengesahan fotokopi ijazah."


def test_english_service_page_lists_and_json_ld(client, agency):
    english_service(agency)
    page = client.get("/layanan/legalisir/", **EN).content.decode()
    assert f"<h1>{NAME_EN}</h1>" in page
    assert f"<title>{NAME_EN} · S2C Sumsel</title>" in page
    assert SUMMARY_EN in page
    assert '<span lang="id">Legalisir Ijazah</span>' in page  # the official name, too
    ld = json.loads(re.search(r'ld\+json">(.*?)</script>', page, re.S).group(1))
    assert (ld["name"], ld["alternateName"], ld["description"]) == (
        NAME_EN,
        "Legalisir Ijazah",
        SUMMARY_EN,
    )
    for url in ("/layanan/", f"/instansi/{agency.code}/"):
        assert NAME_EN in client.get(url, **EN).content.decode(), url
    # Indonesian readers see the Indonesian page.
    page = client.get("/layanan/legalisir/", **ID).content.decode()
    assert "<h1>Legalisir Ijazah</h1>" in page and NAME_EN not in page


def test_search_shows_english_readers_the_english_title(agency):
    service = english_service(agency)
    search.index(service)
    with translation.override("en"):
        hits = search.query(user=None, q="diploma certified").hits
    assert [(h.title, h.summary) for h in hits][:1] == [(NAME_EN, SUMMARY_EN)]
    with translation.override("id"):
        hits = search.query(user=None, q="legalisir ijazah").hits
    assert hits[0].title == "Legalisir Ijazah"


def test_api_gives_both_names(client, agency):
    english_service(agency)
    body = client.get("/api/v1/portal/services", {"q": "legalisation"}).json()
    (row,) = body["results"]
    assert (row["name"], row["name_en"], row["summary_en"]) == (
        "Legalisir Ijazah",
        NAME_EN,
        SUMMARY_EN,
    )
    detail = client.get("/api/v1/portal/services/legalisir").json()
    assert detail["name_en"] == NAME_EN
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]["ServiceOut"]
    assert {"name_en", "summary_en"} <= set(schema["required"])


def test_the_form_takes_and_length_checks_the_english_fields(client, agency, agency_admin):
    from .test_views_staff import form_data

    client.force_login(agency_admin)
    response = client.post("/staf/layanan/baru/?agency=dinas-a", form_data(name_en="x" * 201), **EN)
    assert response.status_code == 200
    assert response.context["form"].errors["name_en"]
    assert Service.objects.count() == 0
    response = client.post(
        "/staf/layanan/baru/?agency=dinas-a",
        form_data(name_en=f"  {NAME_EN} ", summary_en=SUMMARY_EN),
        **EN,
    )
    assert response.status_code == 302
    service = Service.objects.get()
    assert (service.name_en, service.summary_en) == (NAME_EN, SUMMARY_EN)


def test_staff_see_both_names(client, agency, agency_admin):
    english_service(agency)
    client.force_login(agency_admin)
    page = client.get("/staf/layanan/legalisir/", **ID).content.decode()
    assert "<h1>Legalisir Ijazah</h1>" in page
    assert f'<p class="muted" lang="en">{NAME_EN}</p>' in page


def test_content_validation_limits_the_english_fields(agency):
    content = f.complete_content(name_en="x" * 201, summary_en="y" * 301)
    with pytest.raises(Exception) as exc:
        content.validate(agency_id=agency.pk)
    assert set(exc.value.extra["fields"]) == {"name_en", "summary_en"}


def test_a_revision_carries_the_english_fields(agency, agency_admin, province_admin):
    service = f.make_service(agency, name="Legalisir Ijazah")
    proposed = content_of(service)
    proposed.name_en = NAME_EN
    _s, revision = services.service_update(by=agency_admin, service=service, content=proposed)
    assert revision.status == ServiceRevision.Status.PENDING
    assert revision.content["name_en"] == NAME_EN
    service.refresh_from_db()
    assert service.name_en == ""  # the public sees the published version until approval
    services.revision_approve(by=province_admin, revision=revision, note="OK")
    service.refresh_from_db()
    assert service.name_en == NAME_EN


def test_export_and_import_carry_the_english_fields(agency, agency_admin):
    english_service(agency, office=False, online_url="https://contoh.test/")
    data, _type, filename = catalogue_export(user=agency_admin, fmt="csv")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert (rows[0]["name_en"], rows[0]["summary_en"]) == (NAME_EN, SUMMARY_EN)
    text = data.decode("utf-8-sig").replace(SUMMARY_EN, "Certified copies of a diploma.")
    report = services.catalogue_import(by=agency_admin, name=filename, data=text.encode())
    assert (report.errors, report.proposed) == ([], ["legalisir"])  # published: a revision
    assert ServiceRevision.objects.get().content["summary_en"] == "Certified copies of a diploma."
