"""Suggested classification and tags: the archivists' rules first, else the vote of the
agency's most similar documents, never from documents the officer may not see."""

from __future__ import annotations

import pytest
from django.urls import reverse

from .. import suggestions
from ..models import Access, Classification, ClassificationRule

pytestmark = pytest.mark.django_db


@pytest.fixture
def codes(db):
    tax = Classification.objects.create(code="900.1.1", name="Pajak Daerah")
    health = Classification.objects.create(code="400.7", name="Kesehatan")
    return tax, health


def test_similar_documents_of_the_agency_vote(file_it, officer, codes):
    tax, health = codes
    for year in range(2015, 2020):
        file_it(
            f"Realisasi pajak kendaraan bermotor dan bea balik nama kendaraan tahun {year}.",
            classification=tax,
            tags=["pajak", "samsat"],
        )
    file_it(
        "Cakupan imunisasi puskesmas dan pelayanan kesehatan ibu.",
        classification=health,
        tags=["imunisasi"],
    )
    new = file_it("Laporan realisasi pajak kendaraan bermotor triwulan ketiga.")
    found = suggestions.suggest(new, user=officer)
    assert (found.source, found.classification, found.tags) == ("similar", tax, ["pajak", "samsat"])
    assert found.neighbours >= 5


def test_a_rule_comes_first_and_the_agencys_own_before_the_provinces(
    file_it, officer, agency, codes
):
    tax, health = codes
    ClassificationRule.objects.create(words="pajak kendaraan", classification=health, tags="umum")
    ClassificationRule.objects.create(
        agency=agency, words="pajak kendaraan", classification=tax, tags="PKB, Samsat"
    )
    new = file_it("Laporan realisasi pajak kendaraan bermotor.")
    found = suggestions.suggest(new, user=officer)
    assert (found.source, found.classification, found.tags) == ("rule", tax, ["pkb", "samsat"])


def test_documents_the_officer_cannot_see_do_not_vote(file_it, officer, agency, codes):
    from s2c.core.tests import factories

    tax, _health = codes
    author = factories.make_officer(agency, username="penulis")
    for i in range(4):
        file_it(
            f"Nota pajak kendaraan bermotor rahasia {i}.",
            by=author,
            classification=tax,
            access=Access.RESTRICTED,
        )
    new = file_it("Laporan pajak kendaraan bermotor.")
    assert suggestions.suggest(new, user=officer).classification is None


def test_the_staff_page_offers_the_suggestion_and_applies_it(client, file_it, officer, codes):
    tax, _health = codes
    for year in range(2015, 2019):
        file_it(
            f"Realisasi pajak kendaraan bermotor tahun {year}.", classification=tax, tags=["pajak"]
        )
    new = file_it("Realisasi pajak kendaraan bermotor tahun 2024.", tags=["laporan"])
    client.force_login(officer)
    url = reverse("sidata:staff-document", args=[new.public_id])
    assert "900.1.1" in client.get(url).content.decode()
    assert client.post(url, {"action": "suggestion"}).status_code == 302
    new.refresh_from_db()
    assert new.classification == tax
    assert sorted(t.name for t in new.tags.all()) == ["laporan", "pajak"]
