"""The short-lived cache of results for public-only users: reused for them only, and
dropped as soon as the index changes."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import override_settings

from s2c.core import search
from s2c.core.permissions import Visibility
from s2c.core.search.models import SearchDocument

from .factories import add_doc, titles

pytestmark = pytest.mark.django_db


def test_a_repeated_public_query_is_answered_from_the_cache(test_types, django_assert_num_queries):
    add_doc("Pajak kendaraan")
    first = search.query(user=AnonymousUser(), q="pajak")
    with django_assert_num_queries(0):
        again = search.query(user=AnonymousUser(), q="pajak")
    assert (titles(again), again.total) == (titles(first), 1) == (["Pajak kendaraan"], 1)
    # Other parameters are other answers.
    assert search.query(user=AnonymousUser(), q="pajak", types=["test.news"]).total == 0


def test_a_document_that_stops_being_public_leaves_the_cached_answers(test_types, citizen):
    add_doc("Pajak umum")
    object_id = add_doc("Pajak rahasia")
    assert set(titles(search.query(user=citizen, q="pajak"))) == {"Pajak umum", "Pajak rahasia"}
    add_doc("Pajak rahasia", object_id=object_id, visibility=Visibility.STAFF)
    assert titles(search.query(user=citizen, q="pajak")) == ["Pajak umum"]
    assert titles(search.query(user=AnonymousUser(), q="pajak")) == ["Pajak umum"]
    search.unindex_document(type="test.page", object_id=object_id)
    assert SearchDocument.objects.filter(object_id=object_id).count() == 0


def test_staff_answers_are_never_cached_nor_served_to_anyone_else(test_types, officer, agency):
    add_doc("Pajak umum")
    add_doc("Pajak staf", visibility=Visibility.STAFF, agency=agency)
    assert set(titles(search.query(user=officer, q="pajak"))) == {"Pajak umum", "Pajak staf"}
    assert titles(search.query(user=AnonymousUser(), q="pajak")) == ["Pajak umum"]
    # The public answer is cached now; staff still get theirs.
    assert set(titles(search.query(user=officer, q="pajak"))) == {"Pajak umum", "Pajak staf"}
    assert titles(search.query(user=None, q="pajak")) == ["Pajak umum"]


@override_settings(S2C_SEARCH_CACHE_SECONDS=0)
def test_the_cache_can_be_turned_off(test_types, django_assert_num_queries):
    add_doc("Pajak kendaraan")
    search.query(user=AnonymousUser(), q="pajak")
    SearchDocument.objects.filter(title="Pajak kendaraan").update(title="Pajak diubah")
    assert titles(search.query(user=AnonymousUser(), q="pajak")) == ["Pajak diubah"]
