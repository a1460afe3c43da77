"""The demo's stand-ins for the agencies' online services read like the real thing: what
the service does, how to use it, what to have ready, from the demo data."""

from __future__ import annotations

import pytest
from django.test import override_settings

from ..demo import online
from ..seed import _all_services

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def test_the_e_samsat_stand_in_says_what_it_does_and_how(client):
    html = " ".join(client.get("/demo/layanan-online/e-samsat/", **EN).content.decode().split())
    assert "<h1>E-Samsat: Bayar Pajak Kendaraan Secara Online</h1>" in html
    assert "Bayar PKB tahunan lewat bank, ATM atau dompet digital" in html
    assert "How to use it" in html
    assert "<li>Buka layanan E-Samsat dan masukkan nomor polisi serta nomor rangka</li>" in html
    assert "What to have ready" in html
    assert "<li>Nomor induk kependudukan (NIK) pemilik</li>" in html
    assert 'href="/layanan/bapenda-perpanjangan-stnk-tahunan/"' in html
    assert "Nothing can be submitted here." in html


def test_every_online_channel_of_the_demo_has_a_page_with_its_steps(client):
    names = {item["online"] for item in _all_services() if item["online"]}
    assert names >= {"e-samsat", "oss", "spmb", "ppid", "jdih"}
    for name in sorted(names):
        response = client.get(f"/demo/layanan-online/{name}/")
        assert response.status_code == 200, name
        page = online.online_service(name)
        assert page.steps and page.requirements, name
        html = response.content.decode()
        assert all(step in html for step in page.steps), name


def test_the_demo_agency_websites_show_the_agency(client):
    html = client.get("/demo/layanan-online/situs-bapenda/").content.decode()
    assert "Mengelola pendapatan daerah Provinsi Sumatera Selatan" in html
    assert 'href="/layanan/bapenda-e-samsat/"' in html


@override_settings(S2C_ENV="development")
def test_unknown_and_down_stand_ins(client):
    assert client.get("/demo/layanan-online/tidak-ada/").status_code == 404
    assert client.get("/demo/layanan-online/gangguan/").status_code == 503
    with override_settings(PRODUCTION=True):
        assert client.get("/demo/layanan-online/e-samsat/").status_code == 404


def test_the_staged_outage_is_not_logged_as_an_error(client, caplog):
    with caplog.at_level("WARNING", logger="django.request"):
        assert client.get("/demo/layanan-online/gangguan/").status_code == 503
    assert [r for r in caplog.records if r.name == "django.request"] == []
