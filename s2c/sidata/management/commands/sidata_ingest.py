"""Ingest a folder or a ZIP of files into an agency's archive, with a progress line: each
file becomes a document (its title from its file name) through the same service as an
upload in the browser, so every check, the audit log, search and text extraction apply.
A file that cannot be filed is reported and skipped; what was filed stays filed, and a
run started again skips the files already in the agency's archive (same SHA-256)."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError

from s2c.core.errors import ApplicationError
from s2c.core.models import Agency
from s2c.core.progress import Progress

from ... import conf, services
from ...models import Access, Classification, DocumentVersion

MAX_ZIP_MEMBERS = 200_000


class Command(BaseCommand):
    help = "Ingest a folder or ZIP of files into an agency's archive (Sidata)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="a folder (read recursively) or a .zip file")
        parser.add_argument("--agency", required=True, help="the agency's code")
        parser.add_argument(
            "--user", required=True, help="who files them: a staff member of the agency"
        )
        parser.add_argument(
            "--access", default=Access.AGENCY, choices=Access.values, help="who may open them"
        )
        parser.add_argument("--classification", default="", help="a classification code")
        parser.add_argument("--tags", default="", help="tags, separated by commas")
        parser.add_argument(
            "--again",
            action="store_true",
            help="file a copy even when the same file is already in the agency's archive",
        )

    def handle(self, path, *, agency, user, access, classification, tags, again, **options):
        agency_obj = Agency.objects.filter(code=agency).first()
        if agency_obj is None:
            raise CommandError(f"There is no agency with the code {agency!r}.")
        by = get_user_model().objects.filter(username=user, is_active=True).first()
        if by is None:
            raise CommandError(f"There is no active user {user!r}.")
        code = (
            Classification.objects.filter(code=classification).first() if classification else None
        )
        if classification and code is None:
            raise CommandError(f"There is no classification code {classification!r}.")
        source = Path(path)
        if not source.exists():
            raise CommandError(f"{path} does not exist.")
        entries = _zip_entries(source) if source.is_file() else _folder_entries(source)
        known = set() if again else _known_hashes(agency_obj)
        filed = skipped = duplicates = 0
        problems: list[str] = []
        meter = Progress(sys.stderr, len(entries), unit="files", verb="read")
        for done, (name, read) in enumerate(entries, start=1):
            try:
                content = read()
            except (OSError, zipfile.BadZipFile, RuntimeError) as exc:
                problems.append(f"{name}: {exc}")
                skipped += 1
                meter.update(done)
                continue
            if not again and services.sha256_of(content) in known:
                duplicates += 1
                meter.update(done)
                continue
            try:
                document = services.document_create(
                    agency=agency_obj,
                    file=ContentFile(content, name=Path(name).name),
                    by=by,
                    classification=code,
                    tags=[t for t in tags.split(",") if t.strip()],
                    access=access,
                )
            except ApplicationError as exc:
                problems.append(f"{name}: {exc.message}")
                skipped += 1
            else:
                known.add(document.current.sha256)
                filed += 1
            meter.update(done)
        meter.done(len(entries))
        for line in problems:
            self.stderr.write(f"skipped {line}")
        summary = f"{filed} filed, {duplicates} already in the archive, {skipped} skipped"
        self.stdout.write(
            self.style.SUCCESS(summary) if not skipped else self.style.WARNING(summary)
        )


def _folder_entries(folder: Path):
    files = sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))
    return [(str(p.relative_to(folder)), p.read_bytes) for p in files]


def _zip_entries(path: Path):
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise CommandError(f"{path} is neither a folder nor a ZIP file.") from None
    members = [
        m
        for m in archive.infolist()
        if not m.is_dir() and not Path(m.filename).name.startswith(".")
    ]
    if len(members) > MAX_ZIP_MEMBERS:
        raise CommandError(f"{path} holds more than {MAX_ZIP_MEMBERS:,} files; split it.")
    limit = conf.archive_policy().limit

    def reader(member):
        def read() -> bytes:
            if member.file_size > limit:
                raise OSError(f"larger than the limit of {limit:,} bytes")
            with archive.open(member) as handle:
                data = handle.read(limit + 1)
            if len(data) > limit:
                raise OSError(f"larger than the limit of {limit:,} bytes")
            return data

        return read

    return [(m.filename, reader(m)) for m in sorted(members, key=lambda m: m.filename)]


def _known_hashes(agency) -> set[str]:
    return set(
        DocumentVersion.objects.filter(document__agency=agency).values_list("sha256", flat=True)
    )
