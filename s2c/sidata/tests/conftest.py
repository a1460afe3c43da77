"""Fixtures of Sidata's tests: files as a browser uploads them, documents filed through the
service, and a classification tree with a retention schedule."""

from __future__ import annotations

import itertools

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from s2c.core.tests import factories

from .. import services
from ..models import Access, Classification, Disposition

_n = itertools.count(1)


def text_file(text: str = "Laporan keuangan daerah tahun 2019.", name: str | None = None):
    return SimpleUploadedFile(name or f"dokumen-{next(_n)}.txt", text.encode(), "text/plain")


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed():`` runs what the block's transactions leave for after their
    commit (the text extraction the test's own transaction would otherwise hold back)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def file_it(officer, agency, committed):
    """File a document (by the agency's officer unless ``by`` says otherwise); its text
    is extracted as the worker would."""

    def file_it(text="Laporan keuangan daerah tahun 2019.", *, by=None, agency_=None, **fields):
        with committed():
            document = services.document_create(
                agency=agency_ or agency,
                file=text_file(text, fields.pop("name", None)),
                by=by or officer,
                **fields,
            )
        document.refresh_from_db()
        return document

    return file_it


@pytest.fixture
def other_officer(other_agency):
    return factories.make_officer(other_agency, username="officer-b", full_name="Petugas B")


@pytest.fixture
def classification(db):
    root = Classification.objects.create(
        code="900",
        name="Keuangan",
        active_years=2,
        inactive_years=8,
        disposition=Disposition.REVIEW,
    )
    return Classification.objects.create(
        code="900.1", name="Anggaran", parent=root, disposition=Disposition.DESTROY
    )


ACCESS = Access
