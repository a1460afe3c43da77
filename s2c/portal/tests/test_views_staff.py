import io

import pytest

from s2c.core.models import AuditEntry
from s2c.core.tests import factories as core_f

from ..models import MonitoredEndpoint, Office, Service, ServiceRevision
from . import factories as f

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def form_data(service=None, **changes):
    data = {
        "name": "Legalisir Ijazah",
        "summary": "Pengesahan fotokopi ijazah.",
        "requirements": "Ijazah asli\nFotokopi ijazah",
        "steps": "Serahkan\nTunggu",
        "processing_time_value": "1",
        "processing_time_unit": "working_days",
        "is_free": "on",
        "product": "Fotokopi terlegalisir",
        "complaint_channel": "Sumsel Care",
        "life_events": ["pendidikan"],
    }
    data.update(changes)
    return data


def test_anonymous_and_citizens_are_kept_out(client, citizen):
    response = client.get("/staf/layanan/")
    assert response.status_code == 302
    assert response["Location"].startswith("/masuk/")
    client.force_login(citizen)
    assert client.get("/staf/layanan/").status_code == 403


def test_agency_admin_creates_and_submits_and_province_publishes(
    client, agency, agency_admin, province_admin
):
    office = f.make_office(agency, code="kantor-a")
    client.force_login(agency_admin)
    response = client.post(
        "/staf/layanan/baru/?agency=dinas-a", form_data(offices=["kantor-a"]), **EN
    )
    assert response.status_code == 302
    service = Service.objects.get()
    assert response["Location"] == f"/staf/layanan/{service.code}/"
    assert [r.text for r in service.requirements.all()] == ["Ijazah asli", "Fotokopi ijazah"]
    assert list(service.offices.all()) == [office]
    assert client.post(f"/staf/layanan/{service.code}/ajukan/").status_code == 302
    # The agency admin cannot publish.
    client.post(f"/staf/layanan/{service.code}/terbitkan/")
    service.refresh_from_db()
    assert service.status == "draft"
    client.force_login(province_admin)
    queue = client.get("/staf/persetujuan/")
    assert [s.code for s in queue.context["drafts"]] == [service.code]
    client.post(f"/staf/layanan/{service.code}/terbitkan/", {"note": "OK"})
    service.refresh_from_db()
    assert service.status == "published"


def test_form_errors_are_shown_on_fields(client, agency, agency_admin):
    client.force_login(agency_admin)
    response = client.post(
        "/staf/layanan/baru/?agency=dinas-a",
        form_data(processing_time_value="", online_url="ftp://x.test/"),
        **EN,
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["online_url"] == [
        "Enter a full web address starting with http:// or https://."
    ]
    response = client.post(
        "/staf/layanan/baru/?agency=dinas-a", form_data(processing_time_value=""), **EN
    )
    assert response.context["form"].errors["processing_time_value"] == [
        "Give both the processing time and its unit."
    ]
    assert Service.objects.count() == 0


def test_someone_else_cannot_reach_another_agencys_pages(client, agency, other_agency, officer):
    service = f.make_service(agency, code="layanan-a")
    office = f.make_office(agency, code="kantor-a")
    endpoint = f.make_endpoint(agency)
    other_admin = core_f.make_agency_admin(other_agency)
    client.force_login(other_admin)
    for url in [
        "/staf/layanan/layanan-a/",
        "/staf/layanan/layanan-a/ubah/",
        "/staf/layanan/baru/?agency=dinas-a",
        "/staf/kantor/kantor-a/ubah/",
        "/staf/instansi/dinas-a/ubah/",
        f"/staf/pemantauan/{endpoint.public_id}/ubah/",
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post("/staf/layanan/layanan-a/tarik/", {"note": "x"}).status_code == 404
    assert client.post(f"/staf/kantor/{office.code}/buka-tutup/").status_code == 404
    # An officer of the agency sees the service but may not edit it.
    client.force_login(officer)
    assert client.get("/staf/layanan/layanan-a/").status_code == 200
    assert client.get("/staf/layanan/layanan-a/ubah/").status_code == 404
    service.refresh_from_db()
    assert service.status == "published"


def test_edit_of_published_service_is_approved_before_it_shows(
    client, agency, agency_admin, province_admin
):
    service = f.make_service(agency, code="layanan-a", requirements=["KTP asli"])
    client.force_login(agency_admin)
    edit = client.get("/staf/layanan/layanan-a/ubah/")
    data = {k: v for k, v in edit.context["form"].initial.items() if v not in (None, False)}
    data["requirements"] = "KTP asli\nPas foto 3x4"
    data["life_events"] = []
    data["offices"] = [o.code for o in service.offices.all()]
    data["is_free"] = "on"
    response = client.post("/staf/layanan/layanan-a/ubah/", data, **EN)
    assert response.status_code == 302
    revision = ServiceRevision.objects.get()
    public = client.get("/layanan/layanan-a/").content.decode()
    assert "Pas foto 3x4" not in public

    client.force_login(province_admin)
    page = client.get(f"/staf/persetujuan/{revision.pk}/", **EN)
    assert [row[0] for row in page.context["rows"]] == ["Requirements (persyaratan)"]
    assert page.context["rows"][0][1:] == (["KTP asli"], ["KTP asli", "Pas foto 3x4"])
    response = client.post(f"/staf/persetujuan/{revision.pk}/", {"decision": "approve"})
    assert response.status_code == 302

    public = client.get("/layanan/layanan-a/").content.decode()
    assert "Pas foto 3x4" in public
    assert AuditEntry.objects.filter(action="portal.revision.approve").count() == 1
    history = client.get("/staf/layanan/layanan-a/", **EN)
    assert [e.action for e in history.context["history"]] == [
        "portal.revision.approve",
        "portal.revision.submit",
    ]


def test_reject_needs_a_note(client, agency, agency_admin, province_admin):
    service = f.make_service(agency)
    from ..content import content_of
    from ..services import service_update

    proposed = content_of(service)
    proposed.summary = "Baru"
    _s, revision = service_update(by=agency_admin, service=service, content=proposed)
    client.force_login(province_admin)
    response = client.post(f"/staf/persetujuan/{revision.pk}/", {"decision": "reject"}, **EN)
    assert response.status_code == 200
    assert response.context["form"].errors["note"] == ["Required."]
    client.post(f"/staf/persetujuan/{revision.pk}/", {"decision": "reject", "note": "Kurang"})
    revision.refresh_from_db()
    assert revision.status == "rejected"


def test_offices_profile_and_endpoints(client, agency, agency_admin):
    region = core_f.make_region(code="1671", name="Palembang", kind="kota")
    client.force_login(agency_admin)
    response = client.post(
        "/staf/kantor/baru/?agency=dinas-a",
        {
            "name": "Kantor Pusat",
            "address": "Jl. Merdeka 1",
            "region": "1671",
            "latitude": "-2.98",
            "longitude": "104.75",
            "hours": "08.00-16.00",
        },
    )
    assert response.status_code == 302
    office = Office.objects.get()
    assert (office.code, office.region, str(office.latitude)) == (
        "dinas-a-kantor-pusat",
        region,
        "-2.980000",
    )
    response = client.post(
        f"/staf/kantor/{office.code}/ubah/",
        {
            "name": "Kantor Pusat",
            "address": "Jl. Merdeka 1",
            "latitude": "-2.98",
        },
        **EN,
    )
    assert response.context["form"].errors["latitude"] == [
        "Give both latitude and longitude, or neither."
    ]
    client.post(f"/staf/kantor/{office.code}/buka-tutup/")
    office.refresh_from_db()
    assert office.is_active is False

    response = client.post(
        "/staf/instansi/dinas-a/ubah/",
        {
            "mandate": "Urusan A",
            "website_domain": "https://dinas-a.sumselprov.go.id/",
            "email": "a@sumselprov.go.id",
        },
    )
    assert response.status_code == 302
    agency.refresh_from_db()
    assert (agency.mandate, agency.website_domain) == ("Urusan A", "dinas-a.sumselprov.go.id")

    response = client.post(
        "/staf/pemantauan/baru/?agency=dinas-a",
        {"name": "Situs", "url": "gopher://x", "kind": "website", "is_active": "on"},
        **EN,
    )
    assert response.context["form"].errors["url"] == [
        "Only http:// and https:// addresses can be checked."
    ]
    client.post(
        "/staf/pemantauan/baru/?agency=dinas-a",
        {"name": "Situs", "url": "http://127.0.0.1:9/", "kind": "website", "is_active": "on"},
    )
    endpoint = MonitoredEndpoint.objects.get()
    response = client.post(f"/staf/pemantauan/{endpoint.public_id}/periksa/")
    assert response.status_code == 302
    endpoint.refresh_from_db()
    assert (endpoint.state, endpoint.last_error) == ("down", "Connection refused")
    listing = client.get("/staf/pemantauan/")
    assert list(listing.context["endpoints"]) == [endpoint]


def test_import_page_and_export(client, agency, agency_admin):
    f.make_office(agency, code="kantor-a")
    client.force_login(agency_admin)
    bad = io.BytesIO(b"code,agency,name,processing_time_value\nx-1,dinas-a,Satu,dua\n")
    bad.name = "k.csv"
    response = client.post("/staf/impor/", {"file": bad}, **EN)
    assert response.status_code == 422
    assert [e.message for e in response.context["report"].errors] == [
        "processing_time_value: write a whole number, e.g. 3."
    ]
    good = io.BytesIO(b"code,agency,name\nx-1,dinas-a,Satu\n")
    good.name = "k.csv"
    response = client.post("/staf/impor/", {"file": good}, **EN)
    assert response.status_code == 200
    assert response.context["report"].created == ["x-1"]
    export = client.get("/staf/ekspor/?format=xlsx")
    assert export.status_code == 200
    assert export["Content-Disposition"].startswith('attachment; filename="katalog-layanan-')
    assert export.content[:2] == b"PK"
    unreadable = io.BytesIO(b"")
    unreadable.name = "k.csv"
    response = client.post("/staf/impor/", {"file": unreadable}, **EN)
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == ["The submitted file is empty."]


def test_staff_pages_render(client, agency, province_admin):
    f.make_service(agency)
    client.force_login(province_admin)
    for url in [
        "/staf/layanan/",
        "/staf/persetujuan/",
        "/staf/kantor/",
        "/staf/instansi/",
        "/staf/pemantauan/",
        "/staf/impor/",
        "/staf/layanan/?status=draft&q=x",
        "/staf/kantor/baru/?agency=dinas-a",
        "/staf/pemantauan/baru/?agency=dinas-a",
    ]:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("who", ["officer", "agency_head", "agency_admin"])
def test_the_office_and_url_lists_link_only_to_pages_the_user_may_open(
    client, agency, who, request
):
    """An officer or head sees the agency's offices and URLs but may not edit them: no
    "Edit" link that leads to "page not found"."""
    import re

    office = f.make_office(agency, code="kantor-a")
    endpoint = f.make_endpoint(agency)
    client.force_login(request.getfixturevalue(who))
    links = set()
    for page in ("/staf/kantor/", "/staf/pemantauan/"):
        html = client.get(page).content.decode()
        links |= set(re.findall(r'href="(/staf/[^"]+)"', html))
    assert links, "the lists link somewhere"
    broken = [u for u in sorted(links) if client.get(u).status_code == 404]
    assert broken == []
    can_edit = who == "agency_admin"
    assert (f"/staf/kantor/{office.code}/ubah/" in links) == can_edit
    assert (f"/staf/pemantauan/{endpoint.public_id}/ubah/" in links) == can_edit
