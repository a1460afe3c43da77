"""Fixtures of Sumsel Care's tests (on top of s2c/conftest.py)."""

from __future__ import annotations

import pytest

from s2c.core.tests import factories as core

from . import factories as f


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def region(db):
    return core.make_region(
        code="1671", name="Palembang", kind="kota", latitude="-2.988", longitude="104.760"
    )


@pytest.fixture
def category(agency):
    return f.make_category(agency=agency, code="jalan-rusak", name="Jalan rusak")


@pytest.fixture
def verifier(db):
    return f.make_verifier(username="verifikator", full_name="Verifikator Provinsi")


@pytest.fixture
def supervisor(db):
    return f.make_supervisor(username="supervisor", full_name="Supervisor Provinsi")


@pytest.fixture
def received(category):
    return f.make_complaint(category)


@pytest.fixture
def dispositioned(category, verifier):
    return f.make_complaint(category, status="dispositioned", verifier=verifier)


@pytest.fixture
def in_progress(category, verifier, officer):
    return f.make_complaint(category, status="in_progress", verifier=verifier, officer=officer)


@pytest.fixture
def completed(category, verifier, officer):
    return f.make_complaint(category, status="completed", verifier=verifier, officer=officer)


def _english(user):
    user.preferred_language = "en"
    user.save(update_fields=["preferred_language"])
    return user


# Core's staff fixtures, reading their messages in English like the tests do.
@pytest.fixture
def officer(officer):
    return _english(officer)


@pytest.fixture
def agency_head(agency_head):
    return _english(agency_head)


@pytest.fixture
def other_officer(other_agency):
    return _english(
        core.make_officer(other_agency, username="officerb", full_name="Petugas Dinas B")
    )
