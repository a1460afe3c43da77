import io

import pytest

from s2c.care import seed
from s2c.care.models import CareRole, Category, Complaint, ComplaintEvent
from s2c.core import registry
from s2c.core.models import Region
from s2c.core.seed import seed_agencies, seed_regions

pytestmark = pytest.mark.django_db


@pytest.fixture
def reference():
    seed_regions()
    seed_agencies()


def test_the_seeder_is_registered():
    assert "care" in {s.key for s in registry.seeders()}


def test_categories_map_to_real_agencies(reference):
    seed.seed_categories()
    mapping = dict(Category.objects.values_list("code", "agency__code"))
    assert mapping["jalan-rusak"] == "pu-bmtr"
    assert mapping["rumah-sakit"] == "rsud-siti-fatimah"
    assert mapping["layanan-kesehatan"] == "dinkes"
    assert mapping["pajak-kendaraan"] == "bapenda"
    assert mapping["sekolah"] == "disdik"
    assert None not in mapping.values()
    assert Category.objects.get(code="jalan-rusak").attributes.count() == 2
    evidence = set(Category.objects.filter(requires_evidence=True).values_list("code", flat=True))
    assert evidence == {"jalan-rusak", "jembatan"}


def test_demo_reports_in_every_state_across_the_regions(reference):
    out = io.StringIO()
    seed.seed_demo(stdout=out)
    assert Complaint.objects.count() == seed.DEMO_COMPLAINTS
    statuses = set(Complaint.objects.values_list("status", flat=True))
    assert statuses == set(Complaint.Status.values)
    assert Complaint.objects.values("region").distinct().count() == Region.objects.count() == 17
    privacies = set(Complaint.objects.values_list("privacy", flat=True))
    assert privacies == set(Complaint.Privacy.values)
    numbers = list(Complaint.objects.values_list("tracking_number", flat=True))
    assert len(set(numbers)) == len(numbers)
    # Consistent with the workflow: flags, agencies and timelines.
    for c in Complaint.objects.all():
        assert c.is_open == (c.status in Complaint.OPEN_STATUSES)
        assert c.is_listed == (c.privacy != "rahasia" and c.status in Complaint.LISTED_STATUSES)
        if c.status in ("dispositioned", "in_progress", "completed", "closed"):
            assert c.agency_id is not None and c.dispositioned_at is not None
        if c.status == "merged":
            assert c.merged_into_id is not None
    assert ComplaintEvent.objects.filter(kind="submitted").count() == seed.DEMO_COMPLAINTS
    assert set(CareRole.objects.values_list("user__username", "role")) == {
        ("verifikator.care", "verifier"),
        ("supervisor.care", "supervisor"),
    }
    # Idempotent.
    seed.seed_demo(stdout=out)
    assert Complaint.objects.count() == seed.DEMO_COMPLAINTS
    assert "Care demo reports: 300 (0 new)." in out.getvalue()


def test_production_gets_categories_only(reference, settings):
    settings.PRODUCTION = True
    seed.seed_demo(stdout=io.StringIO())
    assert Category.objects.count() == 16
    assert Complaint.objects.count() == 0
