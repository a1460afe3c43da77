"""Files on a report, stored only through ``s2c.core.uploads``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from contextlib import contextmanager

from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

from s2c.core import uploads
from s2c.core.errors import ApplicationError

from ..models import Attachment, Complaint, ComplaintEvent

MAX_FILES = 5


def store_files(files: Sequence, *, folder: str) -> list:
    """Check and store the files (before the transaction: images are re-encoded, which
    takes time). A refused file raises ``ApplicationError`` and nothing is kept."""
    files = [f for f in files or () if f]
    if len(files) > MAX_FILES:
        raise ApplicationError(
            _("Attach at most %(n)s files.") % {"n": MAX_FILES}, code="too_many_files"
        )
    stored = []
    try:
        for f in files:
            stored.append(
                uploads.accept(file=f, policy=uploads.IMAGES_AND_DOCUMENTS, folder=folder)
            )
    except Exception:
        discard(stored)
        raise
    return stored


@contextmanager
def kept_on_success(stored: Sequence):
    """Delete the stored files again when the block that records them fails."""
    try:
        yield
    except BaseException:
        discard(stored)
        raise


def discard(stored: Sequence) -> None:
    for s in stored:
        default_storage.delete(s.name)


def attach_files(
    complaint: Complaint,
    event: ComplaintEvent | None,
    stored: Sequence,
    *,
    role: str,
    public: bool,
    at: dt.datetime,
) -> list[Attachment]:
    """Record stored files on the report. Photos of a non-confidential report are public
    when ``public``; documents (often ID scans) stay with staff."""
    return Attachment.objects.bulk_create(
        [
            Attachment(
                complaint=complaint,
                event=event,
                kind=Attachment.Kind.PHOTO
                if s.content_type.startswith("image/")
                else Attachment.Kind.DOCUMENT,
                file=s.name,
                original_name=(s.original_name or "")[:255],
                content_type=s.content_type,
                size=s.size,
                sha256=s.sha256,
                is_public=bool(
                    public
                    and complaint.privacy != Complaint.Privacy.RAHASIA
                    and (s.content_type.startswith("image/") or role != "reporter")
                ),
                uploaded_by_role=role,
                created_at=at,
            )
            for s in stored
        ]
    )
