"""A paid service states its amount ("Rp 150.000") or where the amount is set; staff
type amounts as they write them, and bad amounts get a clear error, never a 500."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from s2c.core.templatetags.s2c import rupiah

from ..content import MAX_RUPIAH, parse_rupiah
from ..forms import ServiceForm
from ..models import Service, ServiceRevision
from . import factories as f
from .test_views_staff import form_data

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
ID = {"HTTP_ACCEPT_LANGUAGE": "id"}


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (150000, "Rp 150.000"),
        (0, "Rp 0"),
        (1234567, "Rp 1.234.567"),
        (Decimal("150000.00"), "Rp 150.000"),
        ("75000", "Rp 75.000"),
        (None, ""),
        ("", ""),
        (1.5, ""),
        (float("inf"), ""),
        (float("nan"), ""),
        ("nan", ""),
        ("abc", ""),
        (True, ""),
    ],
)
def test_the_rupiah_filter(value, shown):
    assert rupiah(value) == shown


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("150000", 150_000),
        ("150.000", 150_000),  # a hundred and fifty thousand, never 150
        ("Rp 150.000", 150_000),
        ("Rp150,000", 150_000),
        ("rp. 1.500.000", 1_500_000),
        ("0", 0),
        ("", None),
        ("  ", None),
    ],
)
def test_amounts_as_people_write_them(typed, amount):
    assert parse_rupiah(typed) == amount


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-5000", "The amount cannot be negative."),
        ("1.5", "Write the amount in whole rupiah, e.g. 150000 or Rp 150.000."),
        ("150.000,50", "Write the amount in whole rupiah, e.g. 150000 or Rp 150.000."),
        ("inf", "Write the amount in whole rupiah, e.g. 150000 or Rp 150.000."),
        ("nan", "Write the amount in whole rupiah, e.g. 150000 or Rp 150.000."),
        ("1e9", "Write the amount in whole rupiah, e.g. 150000 or Rp 150.000."),
        ("9" * 400, "The amount is too large: at most Rp 10.000.000.000."),
        (str(MAX_RUPIAH + 1), "The amount is too large: at most Rp 10.000.000.000."),
    ],
)
def test_bad_amounts_are_refused_in_the_staff_form(agency, typed, message):
    form = ServiceForm(form_data(is_free="", cost_amount=typed), agency=agency)
    assert not form.is_valid()
    assert form.errors["cost_amount"] == [message]


def test_a_paid_service_page_states_its_amount(client, agency):
    service = f.make_service(
        agency, is_free=False, cost="Per permohonan.", cost_amount=150_000, cost_legal_basis=""
    )
    html = client.get(service.get_absolute_url(), **ID).content.decode()
    assert html.count("Rp 150.000") == 2  # the facts at the top and the cost section
    data = json.loads(html.split('<script type="application/ld+json">')[1].split("</script>")[0])
    assert data["offers"] == {
        "@type": "Offer",
        "price": "150000",
        "priceCurrency": "IDR",
        "description": "Per permohonan.",
    }
    api = client.get(f"/api/v1/portal/services/{service.code}").json()
    assert api["cost_amount"] == 150_000


def test_a_paid_service_without_an_amount_says_where_it_is_set(client, agency):
    service = f.make_service(
        agency,
        is_free=False,
        cost="Sesuai nilai jual kendaraan.",
        cost_legal_basis="Peraturan Daerah Provinsi Sumatera Selatan tentang Pajak Daerah",
    )
    html = " ".join(client.get(service.get_absolute_url(), **EN).content.decode().split())
    assert "Amount set by Peraturan Daerah Provinsi Sumatera Selatan tentang Pajak Daerah" in html
    assert "The amount is set by:</strong> Peraturan Daerah" in html


def test_publishing_a_paid_service_needs_its_amount_or_where_it_is_set(
    client, agency, agency_admin
):
    """The staff form of a published service: a fee with neither the amount nor where it
    is set is refused with the reason; with the amount typed the Indonesian way, it goes."""
    service = f.make_service(agency, code="layanan-a")
    client.force_login(agency_admin)
    data = form_data(
        is_free="", cost="Sesuai tarif.", offices=[o.code for o in service.offices.all()]
    )
    response = client.post("/staf/layanan/layanan-a/ubah/", data, **EN)
    assert response.status_code == 200
    assert "the amount to pay or where it is set (or mark it free)" in response.content.decode()
    assert not ServiceRevision.objects.exists()

    response = client.post(
        "/staf/layanan/layanan-a/ubah/", {**data, "cost_amount": "Rp 25.000"}, **EN
    )
    assert response.status_code == 302
    assert ServiceRevision.objects.get().content["cost_amount"] == 25_000
    edit = client.get("/staf/layanan/layanan-a/ubah/", **EN).content.decode()
    assert 'value="25.000"' in edit  # the pending change, shown as it was typed


def test_a_free_service_has_no_amount(agency):
    service = f.make_service(agency, is_free=True, cost_amount=5000)
    assert Service.objects.get(pk=service.pk).cost_amount is None


def test_every_paid_demo_service_states_its_amount_or_where_it_is_set(settings):
    import io

    from s2c.core.seed import seed_agencies, seed_regions

    from ..seed import seed_demo

    settings.SITE_URL = "http://127.0.0.1:8000"
    seed_regions()
    seed_agencies()
    seed_demo(stdout=io.StringIO())
    paid = Service.objects.filter(is_free=False)
    assert paid.exists()
    assert all(s.cost_amount is not None or s.cost_legal_basis for s in paid)
    assert (
        Service.objects.get(code="rs-ernaldi-bahar-surat-keterangan-sehat-jiwa").cost_amount
        == 350_000
    )


def test_the_approver_sees_the_amount_in_rupiah(client, agency, agency_admin, province_admin):
    service = f.make_service(agency, code="layanan-a")
    client.force_login(agency_admin)
    data = form_data(
        is_free="", cost_amount="150000", offices=[o.code for o in service.offices.all()]
    )
    assert client.post("/staf/layanan/layanan-a/ubah/", data, **EN).status_code == 302
    revision = ServiceRevision.objects.get()
    client.force_login(province_admin)
    response = client.get(f"/staf/persetujuan/{revision.pk}/", **EN)
    labels = {label: after for label, _before, after in response.context["rows"]}
    assert labels["Amount to pay (rupiah)"] == ["Rp 150.000"]
