"""The demo reports look like a real month of Sumsel Care: real district names of their
region, and deadlines spread as in a working office (most open reports on time, some
overdue, many settled), not a wall of overdue red."""

from __future__ import annotations

import io
from collections import Counter

import pytest
from django.utils import timezone

from s2c.care import seed
from s2c.care.models import Complaint
from s2c.core.seed import kecamatan_by_region, seed_agencies, seed_regions

pytestmark = pytest.mark.django_db

PALEMBANG = {
    "Ilir Barat I", "Ilir Barat II", "Ilir Timur I", "Ilir Timur II", "Ilir Timur III",
    "Seberang Ulu I", "Seberang Ulu II", "Kertapati", "Plaju", "Sukarami", "Sako",
    "Sematang Borang", "Kemuning", "Kalidoni", "Bukit Kecil", "Gandus",
    "Alang-Alang Lebar", "Jakabaring",
}  # fmt: skip


@pytest.fixture
def demo():
    seed_regions()
    seed_agencies()
    seed.seed_demo(stdout=io.StringIO())
    return list(Complaint.objects.select_related("region"))


def test_the_kecamatan_file_covers_every_region():
    known = kecamatan_by_region()
    assert set(known) == {f"16{n:02d}" for n in range(1, 14)} | {"1671", "1672", "1673", "1674"}
    assert set(known["1671"]) == PALEMBANG and len(known["1671"]) == 18
    for code, names in known.items():
        assert len(names) == len(set(names)) >= 5, code


def test_every_demo_report_is_in_a_real_kecamatan_of_its_region(demo):
    known = kecamatan_by_region()
    wrong = [(c.region.code, c.kecamatan) for c in demo if c.kecamatan not in known[c.region.code]]
    assert wrong == []
    assert {c.kecamatan for c in demo if c.region.code == "1671"} <= PALEMBANG
    assert all(c.kecamatan in c.address for c in demo)


def test_demo_deadlines_spread_like_a_working_month(demo):
    today = timezone.localdate()
    open_ = [c for c in demo if c.is_open]
    overdue = [c for c in open_ if c.deadline and c.deadline < today]
    on_time = [c for c in open_ if c.deadline and c.deadline >= today]
    settled = [c for c in demo if not c.is_open]
    shares = Counter(c.status for c in demo)
    assert len(overdue) >= 3, "some reports are overdue"
    assert len(overdue) <= 0.25 * len(open_), (len(overdue), len(open_), shares)
    assert len(on_time) >= 2 * len(overdue)
    assert len(settled) >= 0.4 * len(demo), shares
    # Open work is mostly this month's; hardly anything is left open for months.
    month = [c for c in open_ if (timezone.now() - c.created_at).days <= 31]
    stale = [c for c in open_ if (timezone.now() - c.created_at).days > 90]
    assert len(month) >= 0.6 * len(open_), (len(month), len(open_))
    assert len(stale) <= 3, [(c.status, c.created_at, c.deadline) for c in stale]
