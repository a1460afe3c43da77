from __future__ import annotations

import pytest
from django.utils.translation import gettext_lazy as _

from s2c.core import search
from s2c.core.models import Agency
from s2c.core.tests import factories

from .factories import document_type


@pytest.fixture
def staff_b(other_agency):
    """An officer of ``other_agency`` (the conftest's ``officer`` works in ``agency``)."""
    return factories.make_officer(other_agency, username="officer-b")


_TEST_TYPES = [
    document_type("test.page", _("Test pages")),
    document_type("test.news", _("Test news")),
]


@pytest.fixture(autouse=True)
def isolated_registry():
    """Only the test types and those a test registers (services register theirs at
    start-up). A query searches registered types only."""
    from s2c.core.search import types

    saved = dict(types._types)
    types._types.clear()
    for search_type in _TEST_TYPES:
        search.register(search_type)
    yield
    types._types.clear()
    types._types.update(saved)


@pytest.fixture
def test_types():
    """The document types used in these tests (registered for every test)."""
    return list(_TEST_TYPES)


def agency_document(agency: Agency):
    if not agency.is_active:
        return None
    return search.Document(
        title=agency.name,
        summary=agency.mandate,
        keywords=agency.short_name,
        url=f"/agencies/{agency.code}/",
        agency_id=agency.pk,
        region_id=agency.region_id,
    )


@pytest.fixture
def agency_type():
    """A search type over core.Agency, as a service would register it."""
    search_type = search.SearchType(
        key="test.agency",
        label=_("Agencies"),
        model="core.Agency",
        document=agency_document,
        queryset=lambda: Agency.objects.all(),
    )
    search.register(search_type)
    return search_type
