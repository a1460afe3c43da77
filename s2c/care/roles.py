"""Who may see and do what in Sumsel Care, built on ``s2c.core.permissions``.

- province verifiers (``CareRole.VERIFIER``) check and route new reports and are the only
  staff who see an anonymous reporter's identity;
- province supervisors (``CareRole.SUPERVISOR``) see every agency's reports and receive
  escalations;
- province administrators hold both roles;
- agency staff (any ``Membership`` role) work on the reports dispositioned to their agency
  and read those where their agency is a related agency.
"""

from __future__ import annotations

import enum

from django.db.models import QuerySet

from s2c.core import permissions

from .models import YES, Attachment, CareRole, Complaint, ComplaintEvent


def _care_roles(user) -> frozenset[str]:
    if not permissions.is_authenticated(user) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_s2c_care_roles", None)
    if cached is None:
        cached = frozenset(
            CareRole.objects.filter(user=user, is_active=True).values_list("role", flat=True)
        )
        user._s2c_care_roles = cached
    return cached


def forget_cached_roles(user) -> None:
    for attr in ("_s2c_care_roles",):
        if hasattr(user, attr):
            delattr(user, attr)
    permissions.forget_cached_roles(user)


def has_care_role(user) -> bool:
    """Holds a province role of Sumsel Care (registered as a core staff check)."""
    return bool(_care_roles(user))


def is_verifier(user) -> bool:
    return permissions.is_province_admin(user) or CareRole.Role.VERIFIER in _care_roles(user)


def is_supervisor(user) -> bool:
    return permissions.is_province_admin(user) or CareRole.Role.SUPERVISOR in _care_roles(user)


def is_province_staff(user) -> bool:
    """Sees every report of every agency."""
    return is_verifier(user) or is_supervisor(user)


def is_care_staff(user) -> bool:
    """Has a place in the care staff area at all."""
    return is_province_staff(user) or permissions.is_staff_member(user)


def can_view(user, complaint: Complaint, related_agency_ids: set[int] | None = None) -> bool:
    """May open the report in the staff area."""
    if is_province_staff(user):
        return True
    if complaint.agency_id and permissions.has_agency_role(user, complaint.agency_id):
        return True
    if related_agency_ids is None:
        related_agency_ids = set(complaint.related_agencies.values_list("id", flat=True))
    return bool(related_agency_ids & permissions.agency_ids(user))


def can_act_as_agency(user, complaint: Complaint) -> bool:
    """May post follow-ups, complete, assign and return: staff of the responsible agency."""
    return complaint.agency_id is not None and permissions.has_agency_role(
        user, complaint.agency_id
    )


def can_see_identity(user, complaint: Complaint) -> bool:
    """May see the reporter's name and contact details."""
    if not complaint.is_anonymous:
        return can_view(user, complaint)
    return is_verifier(user)


def can_see_original_text(user, complaint: Complaint) -> bool:
    """Sees the text as typed; others see it with personal data masked. Staff who may not
    see an anonymous reporter's identity get the masked text too, since people type their
    phone number into the description."""
    return can_see_identity(user, complaint)


def statistics_scope(user) -> set[int] | None:
    """The agencies whose statistics the user sees: None for all (province staff), else
    the user's own agencies."""
    return None if is_province_staff(user) else permissions.agency_ids(user)


# --- what a viewer sees of a report ---------------------------------------------------------
# The one rule, for single reports and for lists. Tracking numbers are sequential, so a
# number alone must show no more than the status: every page, API, feed, map, search
# document and Open311 answer asks here (``sight`` for one report, ``public_reports`` for
# a list), never the flags themselves.


class Sight(enum.IntEnum):
    """How much of a report a viewer sees, each level including the ones below."""

    STATUS = 1  # anyone with the number: the status, nothing else
    PUBLIC = 2  # a publicly listed report: its public (redacted, masked) content
    REPORTER = 3  # the reporter, signed in or through the secret link: their own report
    STAFF = 4  # staff who may open it in the staff area


def is_public(complaint: Complaint) -> bool:
    """Publicly listed: verified (or further on) and not confidential. The flag is derived
    from the status and the privacy by ``Complaint.sync_flags`` on every save."""
    return complaint.is_listed


def public_reports(queryset: QuerySet[Complaint]) -> QuerySet[Complaint]:
    """The publicly listed reports of ``queryset``: what every public list, feed, map,
    sitemap and search index holds."""
    return queryset.filter(is_listed__in=YES)


def is_reporter(user, complaint: Complaint) -> bool:
    """Signed in as the account that sent the report."""
    return (
        complaint.reporter_user_id is not None
        and permissions.is_authenticated(user)
        and user.pk == complaint.reporter_user_id
    )


def sight(user, complaint: Complaint, *, secret: bool = False) -> Sight:
    """What ``user`` sees of ``complaint``: ``user`` is None for anyone at all (Open311,
    the search index); ``secret`` when the caller found the report by the reporter's
    secret follow-up link (or in the session of the browser that sent it)."""
    if is_care_staff(user) and can_view(user, complaint):
        return Sight.STAFF
    if secret or is_reporter(user, complaint):
        return Sight.REPORTER
    if is_public(complaint):
        return Sight.PUBLIC
    return Sight.STATUS


# --- files ---------------------------------------------------------------------------------
# Who may see a complaint's file, in one place: the public pages, the public API (its
# timelines), Open311, the reporter's follow-up link and the staff area all ask here.
PUBLIC, REPORTER, STAFF = "public", "reporter", "staff"


def public_attachments(complaint: Complaint) -> QuerySet[Attachment]:
    """The files shown with the complaint's public text: the public ones, never those of a
    confidential complaint."""
    if complaint.is_confidential:
        return complaint.attachments.none()
    return complaint.attachments.filter(is_public=True)


def public_files() -> QuerySet[Attachment]:
    """``public_attachments`` of every complaint at once, for a list's prefetch or
    subquery."""
    return Attachment.objects.filter(is_public=True).exclude(
        complaint__privacy=Complaint.Privacy.RAHASIA
    )


def can_see_attachment(user, attachment: Attachment, *, via: str = PUBLIC) -> bool:
    """May ``user`` open this file, asking through ``via``:

    - ``STAFF``, the staff area: anyone who may open the complaint there sees every file;
    - ``REPORTER``, the secret follow-up link (the caller found the complaint by the
      secret): the reporter's own uploads and the public files;
    - ``PUBLIC``, everyone: the public files of a publicly listed, non-confidential
      complaint.
    """
    complaint = attachment.complaint
    if via == STAFF:
        return can_view(user, complaint)
    if via == REPORTER:
        return attachment.is_public or attachment.uploaded_by_role == ComplaintEvent.Role.REPORTER
    return attachment.is_public and is_public(complaint) and not complaint.is_confidential
