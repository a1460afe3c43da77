"""The operator's ingest of a folder or a ZIP: every readable file filed, the rest reported,
a second run files nothing twice."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ..models import Document

pytestmark = pytest.mark.django_db


def _run(path, **options):
    out, err = io.StringIO(), io.StringIO()
    call_command("sidata_ingest", str(path), stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def test_a_folder_is_ingested_and_a_bad_file_skipped(tmp_path, agency, officer):
    (tmp_path / "2019").mkdir()
    (tmp_path / "2019" / "laporan-keuangan-2019.txt").write_text("Laporan keuangan 2019")
    (tmp_path / "notulen.csv").write_text("tanggal,acara\n2020-01-01,rapat\n")
    (tmp_path / "rusak.pdf").write_bytes(b"%PDF-1.4 tidak lengkap")
    (tmp_path / ".hidden").write_text("x")
    out, err = _run(tmp_path, agency=agency.code, user=officer.username, tags="impor")
    assert "2 filed, 0 already in the archive, 1 skipped" in out
    assert "rusak.pdf" in err
    assert sorted(Document.objects.values_list("title", flat=True)) == [
        "laporan keuangan 2019",
        "notulen",
    ]
    assert set(Document.objects.values_list("tags__name", flat=True)) == {"impor"}
    out, _ = _run(tmp_path, agency=agency.code, user=officer.username)
    assert "0 filed, 2 already in the archive, 1 skipped" in out
    assert Document.objects.count() == 2


def test_a_zip_is_ingested(tmp_path, agency, officer):
    path = tmp_path / "arsip.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a/surat-1.txt", "Surat satu")
        archive.writestr("../../etc/surat-2.txt", "Surat dua")
        archive.writestr("kosong/", "")
    out, _ = _run(path, agency=agency.code, user=officer.username)
    assert "2 filed" in out
    names = set(Document.objects.values_list("current__original_name", flat=True))
    assert names == {"surat-1.txt", "surat-2.txt"}


def test_the_operator_must_name_a_real_agency_and_a_member(tmp_path, agency, officer, other_agency):
    (tmp_path / "a.txt").write_text("isi")
    with pytest.raises(CommandError):
        _run(tmp_path, agency="tidak-ada", user=officer.username)
    with pytest.raises(CommandError):
        _run(tmp_path, agency=agency.code, user="tidak-ada")
    with pytest.raises(CommandError):
        _run(tmp_path / "nowhere", agency=agency.code, user=officer.username)
    out, err = _run(tmp_path, agency=other_agency.code, user=officer.username)
    assert "0 filed" in out and "may not file" in err
