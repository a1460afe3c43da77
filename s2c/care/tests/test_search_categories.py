"""Each active category is in the shared search as the way to report its problem (issue
12: "lapor jalan rusak" finds the report form), in both languages, and follows edits."""

import pytest
from django.utils import translation

from s2c.core import search

from . import factories as f

pytestmark = pytest.mark.django_db


def _first(q, language="id"):
    with translation.override(language):
        results = search.query(user=None, q=q, types=["care.category"])
    return [(h.title, h.url, str(h.summary)) for h in results.hits]


def test_a_category_is_found_as_its_report_form_and_follows_edits(
    agency, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        category = f.make_category(
            agency=agency,
            code="jalan-rusak",
            name="Jalan rusak atau berlubang",
            name_en="Damaged or potholed road",
            keywords="jalan, lubang, aspal, road, pothole",
        )
    assert _first("lapor jalan rusak") == [
        (
            "Jalan rusak atau berlubang",
            "/lapor/?category=jalan-rusak",
            "Laporkan masalah ini melalui Sumsel Care; Dinas A menindaklanjutinya.",
        )
    ]
    assert _first("report a pothole", "en") == [
        (
            "Damaged or potholed road",
            "/lapor/?category=jalan-rusak",
            "Report this problem through Sumsel Care; Dinas A follows it up.",
        )
    ]
    with django_capture_on_commit_callbacks(execute=True):
        category.is_active = False
        category.save()
    assert _first("lapor jalan rusak") == []
    with django_capture_on_commit_callbacks(execute=True):
        category.is_active = True
        category.save()
    assert len(_first("lapor jalan rusak")) == 1
    with django_capture_on_commit_callbacks(execute=True):
        category.delete()
    assert _first("lapor jalan rusak") == []
