"""The one search finds vehicle-tax services however people write it."""

import pytest

from s2c.core import search
from s2c.core.search import querying
from s2c.core.tests import factories as core_f

from .. import selectors, services
from ..content import content_of
from ..models import Service
from ..search_types import _services, service_document
from . import factories as f

pytestmark = pytest.mark.django_db

VEHICLE = "samsat pajak kendaraan bermotor pkb bbnkb stnk swdkllj"


@pytest.fixture
def catalogue(django_capture_on_commit_callbacks):
    bapenda = core_f.make_agency(
        code="bapenda", short_name="Bapenda", name="Badan Pendapatan Daerah"
    )
    disdik = core_f.make_agency(code="disdik", short_name="Disdik", name="Dinas Pendidikan")
    stnk = f.make_service(
        bapenda,
        code="bapenda-stnk",
        name="Perpanjangan STNK Tahunan",
        keywords=VEHICLE + " perpanjang tahunan",
        summary="Bayar pajak kendaraan dan sahkan STNK.",
    )
    balik = f.make_service(
        bapenda,
        code="bapenda-balik-nama",
        name="Balik Nama Kendaraan",
        keywords=VEHICLE + " balik nama",
    )
    ijazah = f.make_service(
        disdik, code="disdik-legalisir", name="Legalisir Ijazah", keywords="legalisir ijazah sma"
    )
    draft = f.make_service(
        bapenda,
        code="bapenda-draft",
        name="Draf Samsat Baru",
        status=Service.Status.DRAFT,
        keywords=VEHICLE,
    )
    search.index_many([stnk, balik, ijazah, draft])
    return {"stnk": stnk, "balik": balik, "ijazah": ijazah, "draft": draft}


def service_codes(results):
    return sorted(
        h.url.strip("/").split("/")[-1] for h in results.hits if h.type == "portal.service"
    )


@pytest.mark.parametrize(
    "q", ["samsat", "pajak kendaraan", "perpanjang STNK", "perpanjangan stnk", "samsad", "pkb"]
)
def test_vehicle_tax_is_found_however_it_is_written(catalogue, q):
    results = search.query(user=None, q=q)
    codes = service_codes(results)
    assert "bapenda-stnk" in codes, (q, codes)
    assert "disdik-legalisir" not in codes
    assert "bapenda-draft" not in codes  # drafts are never in the index


def test_search_page_without_javascript(client, catalogue):
    response = client.get("/cari/", {"q": "perpanjang STNK"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Perpanjangan STNK Tahunan" in html
    assert '<form class="searchbar" action="/cari/" method="get"' in html
    facets = response.context["facets"]
    assert [(x.key, x.count) for x in facets["agency"]] == [("bapenda", 1)]


def test_instant_results_partial(client, catalogue):
    response = client.get("/cari/hasil/", {"q": "sams"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert "Perpanjangan STNK Tahunan" in html


def test_filters_by_agency_code_and_type(client, catalogue):
    response = client.get("/cari/", {"q": "legalisir", "agency": "bapenda"})
    assert response.context["results"].total == 0
    response = client.get(
        "/cari/", {"q": "legalisir", "agency": "disdik", "type": "portal.service"}
    )
    assert service_codes(response.context["results"]) == ["disdik-legalisir"]
    response = client.get("/cari/", {"q": "legalisir", "agency": "tidak-ada"})
    assert response.context["results"].total == 0
    assert client.get("/cari/", {"q": "x" * 500, "page": "zz"}).status_code == 200


def test_publication_and_withdrawal_update_the_index(
    catalogue, province_admin, django_capture_on_commit_callbacks
):
    draft = catalogue["draft"]
    with django_capture_on_commit_callbacks(execute=True):
        services.service_publish(by=province_admin, service=draft)
    assert "bapenda-draft" in service_codes(search.query(user=None, q="draf samsat"))
    with django_capture_on_commit_callbacks(execute=True):
        services.service_withdraw(by=province_admin, service=draft, note="Salah input")
    assert "bapenda-draft" not in service_codes(search.query(user=None, q="draf samsat"))


def test_approved_change_is_searchable(
    catalogue, province_admin, django_capture_on_commit_callbacks
):
    stnk = catalogue["stnk"]
    agency_admin = core_f.make_agency_admin(stnk.agency)
    proposed = content_of(stnk)
    proposed.keywords += " notice"
    proposed.name = "Perpanjangan STNK Tahunan dan Notice Pajak"
    with django_capture_on_commit_callbacks(execute=True):
        _s, revision = services.service_update(by=agency_admin, service=stnk, content=proposed)
    titles = [h.title for h in search.query(user=None, q="notice").hits]
    assert "Perpanjangan STNK Tahunan dan Notice Pajak" not in titles
    with django_capture_on_commit_callbacks(execute=True):
        services.revision_approve(by=province_admin, revision=revision)
    titles = [h.title for h in search.query(user=None, q="notice").hits]
    assert "Perpanjangan STNK Tahunan dan Notice Pajak" in titles


def test_agencies_and_offices_are_searchable(catalogue):
    search.index_many([catalogue["stnk"].agency])
    office = catalogue["stnk"].offices.first()
    search.index_many([office])
    results = search.query(user=None, q="badan pendapatan")
    assert "portal.agency" in {h.type for h in results.hits}
    results = search.query(user=None, q=office.name)
    assert "portal.office" in {h.type for h in results.hits}


@pytest.fixture
def report_type():
    """A stand-in for another service's many new documents (Sumsel Care's reports): the
    portal's tests import no other service."""
    search_type = search.SearchType(
        key="test.report",
        label="Reports",
        model="core.Agency",
        document=lambda obj: None,
        queryset=lambda: [],
    )
    search.register(search_type)
    yield search_type.key
    search.unregister(search_type.key)


def test_many_newer_public_reports_never_hide_the_service(
    client, catalogue, monkeypatch, report_type
):
    # Small bounds stand for the real ones (100 ranked, 10,000 counted) that a year of
    # reports would pass.
    monkeypatch.setattr(querying, "RERANK", 10)
    monkeypatch.setattr(querying, "TYPE_HEAD", 3)
    monkeypatch.setattr(querying, "MAX_WINDOW", 20)
    search.index_documents(
        (
            report_type,
            f"report-{i}",
            search.Document(
                title=f"Antrean pajak kendaraan di Samsat {i}",
                body="Perpanjangan STNK lama sekali, antrean panjang.",
                url=f"/care/laporan/{i}/",
            ),
        )
        for i in range(30)
    )
    results = search.query(user=None, q="pajak kendaraan")
    assert results.capped
    assert "bapenda-stnk" in service_codes(results)
    types = {facet.key: facet.count for facet in results.facets["type"]}
    assert types[report_type] == 30 and types["portal.service"] == 2
    # The page and the API say the count is a lower bound.
    page = client.get("/cari/", {"q": "pajak kendaraan"}, headers={"accept-language": "id"})
    assert "Lebih dari 20 hasil" in page.content.decode()
    answer = client.get("/api/v1/search", {"q": "pajak kendaraan"}).json()
    assert (answer["count"], answer["capped"]) == (20, True)
    assert search.query(user=None, q="legalisir").capped is False


def test_the_index_follows_the_one_public_rule(catalogue):
    """A service is in the index exactly when ``public_services`` lists it: a draft is
    not, nor a published service of an agency that was switched off."""
    ijazah = catalogue["ijazah"]
    ijazah.agency.is_active = False
    ijazah.agency.save(update_fields=["is_active"])
    listed = set(selectors.public_services().values_list("code", flat=True))
    for service in Service.objects.select_related("agency"):
        assert selectors.is_public(service) == (service.code in listed)
        assert (service_document(service) is not None) == (service.code in listed)
    assert {s.code for s in _services()} == listed == {"bapenda-stnk", "bapenda-balik-nama"}
