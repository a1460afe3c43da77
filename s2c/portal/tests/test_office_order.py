"""The offices of a service come in the order people need them: the most populous regions
first (Palembang, the province capital, heads the list), not alphabetically."""

from __future__ import annotations

import io

import pytest

from s2c.core.models import Agency, Region
from s2c.core.seed import seed_agencies, seed_regions

from ..models import Service
from ..seed import seed_demo
from ..selectors import catalogue as selectors
from . import factories as f

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def test_regions_carry_their_census_population():
    seed_regions()
    population = dict(Region.objects.values_list("code", "population"))
    assert None not in population.values()
    assert max(population, key=population.get) == "1671"  # Palembang, the capital
    assert 8_400_000 < sum(population.values()) < 8_500_000  # SP2020: 8,467,432


def test_the_offices_of_the_most_populous_regions_come_first(client):
    seed_regions()
    regions = {r.code: r for r in Region.objects.all()}
    agency = Agency.objects.create(code="samsat-test", short_name="Samsat", name="Samsat Uji")
    baturaja = f.make_office(agency, name="A Samsat Baturaja", region=regions["1601"])
    unplaced = f.make_office(agency, name="A Samsat Keliling", region=None)
    lahat = f.make_office(agency, name="B Samsat Lahat", region=regions["1604"])
    palembang = f.make_office(agency, name="Samsat Palembang I", region=regions["1671"])
    banyuasin = f.make_office(agency, name="Samsat Banyuasin", region=regions["1607"])
    service = f.make_service(
        agency,
        office=False,
        offices=[o.code for o in (baturaja, unplaced, lahat, palembang)] + [banyuasin.code],
    )
    wanted = [palembang, banyuasin, lahat, baturaja, unplaced]  # 1.67M, 837k, 430k, 368k, -

    response = client.get(service.get_absolute_url(), **EN)
    assert [o.code for o in response.context["offices"]] == [o.code for o in wanted]
    html = response.content.decode()
    positions = [html.index(o.name) for o in wanted]
    assert positions == sorted(positions)
    listed = selectors.public_offices(agency=agency.code)
    assert [o.code for o in listed] == [o.code for o in wanted]
    api = client.get(f"/api/v1/portal/services/{service.code}").json()
    assert [o["code"] for o in api["offices"]] == [o.code for o in wanted]


def test_the_demo_samsat_service_lists_palembang_first(client, settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    seed_regions()
    seed_agencies()
    seed_demo(stdout=io.StringIO())
    for service in Service.objects.filter(status="published"):
        offices = selectors.detail_prefetch(Service.objects.filter(pk=service.pk)).get()
        regions = [o.region.code if o.region else None for o in offices.active_offices]
        if "1671" in regions:
            assert regions[0] == "1671", (service.code, regions)
