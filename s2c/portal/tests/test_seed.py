import io

import pytest
from django.utils import translation

from s2c.core import search
from s2c.core.models import Agency
from s2c.core.seed import seed_agencies, seed_regions

from ..content import content_of
from ..models import MonitoredEndpoint, Office, Service
from ..seed import seed_demo

pytestmark = pytest.mark.django_db


def test_demo_catalogue_is_real_and_idempotent(settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    seed_regions()
    seed_agencies()
    out = io.StringIO()

    seed_demo(stdout=out)

    published = Service.objects.filter(status="published")
    assert published.count() >= 40
    assert published.values("agency").distinct().count() >= 15
    assert "Skipped" not in out.getvalue()
    stnk = Service.objects.get(code="bapenda-perpanjangan-stnk-tahunan")
    assert stnk.agency.code == "bapenda"
    assert stnk.requirements.count() == 3 and stnk.steps.count() == 4
    assert stnk.offices.filter(code="samsat-palembang-1").exists()
    assert stnk.online_url == "http://127.0.0.1:8000/demo/layanan-online/e-samsat/"
    for service in published:  # every demo standard is complete enough to publish
        assert content_of(service).missing_for_publication() == [], service.code
    assert Office.objects.filter(latitude__isnull=True).count() == 0
    urls = set(MonitoredEndpoint.objects.values_list("url", flat=True))
    assert "http://127.0.0.1:8000/healthz" in urls
    assert all(u.startswith("http://127.0.0.1:8000/") for u in urls)
    bapenda = Agency.objects.get(code="bapenda")
    assert bapenda.address and bapenda.latitude is not None
    with translation.override("id"):
        titles = [h.title for h in search.query(user=None, q="perpanjang stnk").hits]
    assert "Perpanjangan STNK Tahunan (Pembayaran PKB)" in titles
    # The English name and summary are the service's own fields, not search keywords.
    assert stnk.name_en == "Annual STNK renewal (vehicle tax payment)"
    assert stnk.summary_en.startswith("Pay the annual motor vehicle tax")
    with translation.override("en"):
        titles = [h.title for h in search.query(user=None, q="renew vehicle registration").hits]
    assert "Annual STNK renewal (vehicle tax payment)" in titles

    counts = (Service.objects.count(), Office.objects.count(), MonitoredEndpoint.objects.count())
    Service.objects.filter(code=stnk.code).update(summary="Diubah oleh provinsi")
    seed_demo(stdout=io.StringIO())
    assert (
        Service.objects.count(),
        Office.objects.count(),
        MonitoredEndpoint.objects.count(),
    ) == counts
    assert Service.objects.get(code=stnk.code).summary == "Diubah oleh provinsi"
