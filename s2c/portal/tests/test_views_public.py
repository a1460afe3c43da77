import json
import re

import pytest
from django.test import override_settings
from django.urls import reverse

from s2c.core.tests import factories as core_f

from ..models import Service, ServiceFeedback
from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def stnk(agency):
    agency.phone = "0711-352011"
    agency.save()
    office = f.make_office(
        agency, code="samsat-1", name="UPTB Samsat Palembang I", address="Jl. POM IX, Palembang"
    )
    return f.make_service(
        agency,
        code="bapenda-perpanjangan-stnk",
        name="Perpanjangan STNK Tahunan",
        summary="Bayar pajak kendaraan tahunan.",
        requirements=["KTP asli pemilik", "STNK asli"],
        steps=["Ambil antrean", "Bayar di kasir"],
        is_free=False,
        cost="PKB sesuai notice ditambah SWDKLLJ",
        processing_time_value=30,
        processing_time_unit="minutes",
        office=office,
        life_events=["kendaraan-pajak"],
    )


def test_service_page_shows_the_standard(client, stnk):
    response = client.get("/layanan/bapenda-perpanjangan-stnk/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    for text in [
        "Perpanjangan STNK Tahunan",
        "KTP asli pemilik",
        "STNK asli",
        "Ambil antrean",
        "PKB sesuai notice ditambah SWDKLLJ",
        "30 minutes",
        "UPTB Samsat Palembang I",
        "Jl. POM IX, Palembang",
        "What to bring",
    ]:
        assert text in html
    assert 'id="map-points"' in html
    points = json.loads(re.search(r'id="map-points"[^>]*>(.*?)</script>', html).group(1))
    assert points == [
        {
            "name": "UPTB Samsat Palembang I",
            "lat": -2.99,
            "lon": 104.756,
            "address": "Jl. POM IX, Palembang",
        }
    ]
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    )
    assert data["@type"] == "GovernmentService"
    assert data["provider"]["@type"] == "GovernmentOrganization"
    assert data["availableChannel"][0]["serviceLocation"]["geo"]["latitude"] == -2.99


def test_service_page_in_indonesian(client, stnk):
    response = client.get("/layanan/bapenda-perpanjangan-stnk/")
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "id"


def test_drafts_are_not_public_but_staff_may_preview(client, agency, agency_admin, other_agency):
    f.make_service(agency, code="draf", status=Service.Status.DRAFT)
    assert client.get("/layanan/draf/").status_code == 404
    client.force_login(core_f.make_agency_admin(other_agency))
    assert client.get("/layanan/draf/").status_code == 404
    client.force_login(agency_admin)
    response = client.get("/layanan/draf/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "Preview for staff: this service is not public (Draft)." in response.content.decode()


def test_unknown_pages_are_404(client, db):
    for url in [
        "/layanan/tidak-ada/",
        "/instansi/tidak-ada/",
        "/kantor/tidak-ada/",
        "/peristiwa/tidak-ada/",
        "/wilayah/0000/",
        "/status/00000000-0000-0000-0000-000000000000/",
    ]:
        assert client.get(url).status_code == 404, url


def test_catalogue_filters(client, stnk, agency, other_agency):
    region = core_f.make_region(code="1607", name="Banyuasin")
    f.make_service(
        other_agency,
        code="gratis",
        name="Legalisir Ijazah",
        is_free=True,
        life_events=["pendidikan"],
        office=f.make_office(other_agency, region=region),
    )

    def codes(query):
        response = client.get("/layanan/" + query)
        assert response.status_code == 200
        return [s.code for s in response.context["page"]]

    assert codes("") == ["gratis", "bapenda-perpanjangan-stnk"]
    assert codes("?life_event=kendaraan-pajak") == ["bapenda-perpanjangan-stnk"]
    assert codes("?agency=dinas-b") == ["gratis"]
    assert codes("?region=1607") == ["gratis"]
    assert codes("?free=0") == ["bapenda-perpanjangan-stnk"]
    assert codes("?q=stnk") == ["bapenda-perpanjangan-stnk"]
    assert codes("?page=abc&free=maybe") == ["gratis", "bapenda-perpanjangan-stnk"]
    response = client.get("/peristiwa/pendidikan/")
    assert [s.code for s in response.context["page"]] == ["gratis"]
    response = client.get("/wilayah/1607/")
    assert [s.code for s in response.context["page"]] == ["gratis"]


def test_agency_profile(client, stnk, agency):
    agency.mandate = "Mengelola pendapatan daerah."
    agency.website_domain = "bapenda.example.test"
    agency.save()
    response = client.get("/instansi/dinas-a/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Mengelola pendapatan daerah." in html
    assert "Perpanjangan STNK Tahunan" in html
    assert "https://bapenda.example.test/" in html
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    )
    assert (data["@type"], data["alternateName"]) == ("GovernmentOrganization", "Dinas A")
    listing = client.get("/instansi/")
    assert [(a.code, a.service_count) for a in listing.context["page"]] == [("dinas-a", 1)]


def test_feedback_without_javascript(client, stnk):
    url = reverse("portal:service-feedback", args=[stnk.code])
    response = client.post(url, {"useful": "yes", "comment": "Jelas"})
    assert response.status_code == 302
    assert response["Location"] == "/layanan/bapenda-perpanjangan-stnk/?feedback=thanks#feedback"
    again = client.post(url, {"useful": "no"})
    assert again.status_code == 302
    stnk.refresh_from_db()
    assert (stnk.feedback_useful, stnk.feedback_not_useful) == (1, 0)
    assert ServiceFeedback.objects.get().comment == "Jelas"
    bad = client.post(url, {"useful": "maybe"})
    assert bad.status_code == 302


def test_feedback_with_htmx_swaps_the_block(client, stnk):
    url = reverse("portal:service-feedback", args=[stnk.code])
    response = client.post(url, {"useful": "no"}, HTTP_HX_REQUEST="true", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "Thank you for your answer." in response.content.decode()
    again = client.post(url, {"useful": "no"}, HTTP_HX_REQUEST="true", HTTP_ACCEPT_LANGUAGE="en")
    assert again.status_code == 400
    assert "You have already answered for this page. Thank you!" in again.content.decode()


def test_feedback_is_rate_limited_per_address(client, agency):
    services = [
        f.make_service(agency, office=False, online_url="https://a.test/") for _ in range(31)
    ]
    statuses = [
        client.post(
            reverse("portal:service-feedback", args=[s.code]),
            {"useful": "yes"},
            HTTP_HX_REQUEST="true",
        ).status_code
        for s in services
    ]
    assert statuses == [200] * 30 + [400]


@override_settings(S2C_PORTAL_VIEW_FLUSH_EVERY=2)
def test_page_views_are_counted_in_batches(client, stnk):
    for _ in range(3):
        client.get(stnk.get_absolute_url())
    stnk.refresh_from_db()
    assert stnk.view_count == 2


def test_office_and_regions_pages(client, stnk):
    response = client.get("/kantor/samsat-1/")
    assert response.status_code == 200
    assert "Perpanjangan STNK Tahunan" in response.content.decode()
    assert client.get("/wilayah/").status_code == 200


def test_pages_work_on_a_phone_budget(client, stnk):
    """Server-rendered HTML stays small enough for 3G (the page-weight budget)."""
    for url in ["/layanan/", stnk.get_absolute_url(), "/instansi/dinas-a/", "/status/"]:
        response = client.get(url)
        assert response.status_code == 200
        assert len(response.content) < 60_000, url


def test_agency_profile_counts_what_other_services_index(client, agency):
    from s2c.core import search

    for n in range(2):
        search.index_document(
            type="sidata.dataset",
            object_id=n,
            document=search.Document(title=f"Dataset {n}", url=f"/data/{n}/", agency_id=agency.pk),
        )
    response = client.get("/instansi/dinas-a/")
    assert response.context["figures"] == [
        {"key": "sidata.dataset", "label": "sidata.dataset", "count": 2}
    ]
    assert "/cari/?agency=dinas-a&amp;type=sidata.dataset" in response.content.decode()
