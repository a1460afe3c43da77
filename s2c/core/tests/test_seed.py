"""``s2c seed``: reference data and demo accounts, idempotent, refused in production."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from s2c.core import registry, seed
from s2c.core.models import Agency, AuditEntry, Membership, Region, User


@pytest.fixture
def seeders(monkeypatch):
    """Only a recording test seeder (the services' own seeders are tested by them)."""
    calls = []
    monkeypatch.setattr(registry, "_seeders", {})
    registry.register_seeder(
        registry.Seeder("test", run=lambda *, stdout: calls.append("test"), order=5)
    )
    return calls


def _counts() -> dict[str, int]:
    return {
        "regions": Region.objects.count(),
        "agencies": Agency.objects.count(),
        "users": User.objects.count(),
        "memberships": Membership.objects.count(),
    }


def _seed(*args: str) -> str:
    out = io.StringIO()
    call_command("s2c_seed", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_seeding_twice_gives_the_same_data(seeders):
    first = _seed()
    counts = _counts()
    second = _seed()
    assert _counts() == counts == {"regions": 17, "agencies": 37, "users": 10, "memberships": 10}
    assert seeders == ["test", "test"]
    assert "password for new ones: sumsel-demo-2025" in first
    assert "Demo staff accounts: 10 (10 new)" in first
    assert "Demo staff accounts: 10 (0 new)" in second


@pytest.mark.django_db
def test_regions_and_agencies_come_from_the_packaged_data(seeders):
    _seed("--no-demo-users")
    palembang = Region.objects.get(code="1671")
    assert (palembang.name, palembang.kind, palembang.capital) == ("Palembang", "kota", "Palembang")
    assert (palembang.latitude, palembang.longitude) == (
        Decimal("-2.988000"),
        Decimal("104.760000"),
    )
    oku = Region.objects.get(code="1601")
    assert (oku.display_name, oku.capital) == ("Kabupaten Ogan Komering Ulu", "Baturaja")
    assert Region.objects.filter(kind="kota").count() == 4

    diskominfo = Agency.objects.get(code="diskominfo")
    assert (diskominfo.name, diskominfo.kind) == ("Dinas Komunikasi dan Informatika", "dinas")
    assert diskominfo.website_domain == "kominfo.sumselprov.go.id"
    bapenda = Agency.objects.get(code="bapenda")
    assert (bapenda.short_name, bapenda.name) == ("Bapenda", "Badan Pendapatan Daerah")
    assert bapenda.mandate == "runs the Samsat vehicle-tax offices"
    assert (bapenda.region, bapenda.website_domain) == (None, "")
    hospital = Agency.objects.get(code="rsud-siti-fatimah")
    assert (hospital.name, hospital.kind, hospital.region) == (
        "RSUD Siti Fatimah Az-Zahra",
        "rsud",
        palembang,
    )
    assert Agency.objects.get(code="pu-bmtr").short_name == "PU BMTR"
    assert Agency.objects.get(code="satpol-pp").kind == "satuan"
    assert Agency.objects.exclude(website_domain="").count() == 1
    assert User.objects.count() == 0


@pytest.mark.django_db
def test_the_demo_staff_can_sign_in_with_their_roles(seeders, client):
    _seed()
    admin = User.objects.get(username="admin.diskominfo")
    assert (admin.is_province_admin, admin.is_staff, admin.is_superuser) == (True, True, True)
    assert admin.check_password(seed.DEMO_PASSWORD)
    roles = set(
        Membership.objects.filter(agency__code="bapenda").values_list("user__username", "role")
    )
    assert roles == {
        ("admin.bapenda", "admin"),
        ("head.bapenda", "head"),
        ("officer.bapenda", "officer"),
    }
    officer = User.objects.get(username="officer.pu-bmtr")
    assert (officer.is_staff, officer.is_province_admin) == (False, False)
    assert client.login(username="head.dinkes", password=seed.DEMO_PASSWORD)


@pytest.mark.django_db
def test_what_the_province_edited_survives_a_new_seed(seeders):
    _seed()
    Agency.objects.filter(code="dinkes").update(name="Dinas Kesehatan Provinsi", head_name="dr. X")
    officer = User.objects.get(username="officer.dinkes")
    officer.set_password("a-new-secret-2025")
    officer.save()
    _seed()
    dinkes = Agency.objects.get(code="dinkes")
    assert (dinkes.name, dinkes.head_name) == ("Dinas Kesehatan Provinsi", "dr. X")
    officer.refresh_from_db()
    assert officer.check_password("a-new-secret-2025")


@pytest.mark.django_db
def test_production_refuses_demo_accounts_unless_asked(seeders, settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError) as refused:
        _seed()
    assert str(refused.value).startswith(
        "Refusing to create demo accounts with a published password in production."
    )
    assert _counts()["regions"] == 0
    _seed("--no-demo-users")
    assert _counts() == {"regions": 17, "agencies": 37, "users": 0, "memberships": 0}
    _seed("--demo-users")
    assert _counts()["users"] == 10


# --- createadmin --------------------------------------------------------------------------------


def _createadmin(**options) -> str:
    out = io.StringIO()
    call_command("s2c_createadmin", interactive=False, stdout=out, **options)
    return out.getvalue()


@pytest.mark.django_db
def test_createadmin_makes_a_province_administrator_from_the_environment(monkeypatch):
    monkeypatch.setenv("S2C_ADMIN_PASSWORD", "Kominfo-Sumsel-2025!")
    out = _createadmin(
        username="rahmat", email="rahmat@sumselprov.go.id", password_from_env="S2C_ADMIN_PASSWORD"
    )
    assert out == "Created province administrator rahmat.\n"
    user = User.objects.get(username="rahmat")
    assert (user.is_province_admin, user.is_staff, user.is_superuser) == (True, True, True)
    assert user.check_password("Kominfo-Sumsel-2025!")
    entry = AuditEntry.objects.get(action="core.user.createadmin")
    assert (entry.actor_repr, entry.object_id) == ("system", str(user.pk))

    citizen = User.objects.create_user(username="warga", password="x" * 12)
    assert _createadmin(username="warga", password_from_env="S2C_ADMIN_PASSWORD") == (
        "Updated province administrator warga.\n"
    )
    citizen.refresh_from_db()
    assert citizen.is_province_admin is True


@pytest.mark.django_db
def test_createadmin_explains_what_is_wrong(monkeypatch):
    with pytest.raises(CommandError) as no_user:
        _createadmin()
    assert str(no_user.value) == "--username is required when not run in a terminal."
    with pytest.raises(CommandError) as no_env:
        _createadmin(username="a", password_from_env="S2C_NOT_SET_ANYWHERE")
    assert str(no_env.value) == "The environment variable S2C_NOT_SET_ANYWHERE is not set or empty."
    with pytest.raises(CommandError) as no_password:
        _createadmin(username="a")
    assert str(no_password.value).startswith("A password is required")
    monkeypatch.setenv("WEAK", "12345")
    with pytest.raises(CommandError) as weak, translation.override("en"):
        _createadmin(username="a", password_from_env="WEAK")
    assert str(weak.value) == (
        "This password is too short. It must contain at least 10 characters. "
        "This password is too common. This password is entirely numeric."
    )
    monkeypatch.setenv("GOOD", "Kominfo-Sumsel-2025!")
    with pytest.raises(CommandError) as bad_email, translation.override("en"):
        _createadmin(username="a", email="not an address", password_from_env="GOOD")
    assert str(bad_email.value) == "Enter a valid email address."
    assert User.objects.count() == 0
