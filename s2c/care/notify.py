"""Who Sumsel Care tells what, through ``s2c.core.notifications.notify`` (email now;
SMS and WhatsApp when channels are added). Functions take ids and run after commit.

Staff messages never carry the reporter's identity and use the masked text."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from s2c.core.models import Membership, User
from s2c.core.notifications import Recipient, notify

from . import pii
from .models import CareRole, Complaint, ComplaintEvent
from .presenters import attribute_answers, note_is_public


def _reporter(complaint: Complaint) -> Recipient | None:
    if not complaint.reporter_email:
        return None
    return Recipient(
        email=complaint.reporter_email,
        phone=complaint.reporter_phone,
        name=complaint.reporter_name,
        language=complaint.language,
    )


def _staff_context(complaint: Complaint) -> dict:
    return {
        "tracking_number": complaint.tracking_number,
        "title": pii.mask(complaint.public_title or complaint.title),
        "category": complaint.category,
        "answers": attribute_answers(complaint),
        "status": Complaint.Status(complaint.status).label,
        "deadline": complaint.deadline,
        "agency": complaint.agency.name if complaint.agency_id else "",
        "url": settings.SITE_URL + reverse("care:staff-detail", args=[complaint.tracking_number]),
    }


def reporter_received(complaint_id: int, secret: str) -> None:
    complaint = Complaint.objects.select_related("category").get(pk=complaint_id)
    recipient = _reporter(complaint)
    if recipient is None:
        return
    notify(
        recipient=recipient,
        template="care/emails/received",
        purpose="care.received",
        context={
            "tracking_number": complaint.tracking_number,
            "title": complaint.title,
            "deadline": complaint.deadline,
            "follow_url": settings.SITE_URL + reverse("care:follow", args=[secret]),
            "track_url": settings.SITE_URL
            + reverse("care:track")
            + f"?number={complaint.tracking_number}",
        },
    )


def reporter_event(event_id: int) -> None:
    """A public change: tell the reporter, and the reporters of duplicates merged into it."""
    event = ComplaintEvent.objects.select_related("complaint", "agency").get(pk=event_id)
    if not event.is_public or event.actor_role == ComplaintEvent.Role.REPORTER:
        return
    if event.kind == ComplaintEvent.Kind.SUBMITTED:
        return
    complaint = event.complaint
    people = [complaint, *Complaint.objects.filter(merged_into=complaint)]
    for person in people:
        recipient = _reporter(person)
        if recipient is None:
            continue
        notify(
            recipient=recipient,
            template="care/emails/update",
            purpose="care.update",
            context={
                "tracking_number": person.tracking_number,
                "original_number": complaint.tracking_number if person != complaint else "",
                "event": ComplaintEvent.Kind(event.kind).label,
                "status": Complaint.Status(event.to_status or complaint.status).label,
                "note": pii.mask(event.note) if _public_note(event) else "",
                "agency": event.agency.name if event.agency_id else "",
                "track_url": settings.SITE_URL
                + reverse("care:track")
                + f"?number={person.tracking_number}",
            },
        )


def _public_note(event: ComplaintEvent) -> bool:
    return note_is_public(event)


def _users(qs) -> list[User]:
    seen, result = set(), []
    for user in qs:
        if user.pk not in seen and user.is_active:
            seen.add(user.pk)
            result.append(user)
    return result


def agency_members(agency_id: int, roles: set[str] | None = None) -> list[User]:
    memberships = Membership.objects.filter(agency_id=agency_id, is_active=True)
    if roles:
        memberships = memberships.filter(role__in=roles)
    return _users(User.objects.filter(pk__in=memberships.values("user_id")).order_by("pk"))


def verifiers() -> list[User]:
    role_users = CareRole.objects.filter(role=CareRole.Role.VERIFIER, is_active=True)
    return _users(User.objects.filter(pk__in=role_users.values("user_id")).order_by("pk"))


def supervisors() -> list[User]:
    role_users = CareRole.objects.filter(role=CareRole.Role.SUPERVISOR, is_active=True)
    found = _users(User.objects.filter(pk__in=role_users.values("user_id")).order_by("pk"))
    return found or _users(User.objects.filter(is_province_admin=True).order_by("pk"))


def _tell(users, complaint: Complaint, template: str, purpose: str, extra=None):
    context = {**_staff_context(complaint), **(extra or {})}
    for user in users:
        notify(recipient=user, template=template, purpose=purpose, context=context)


def agency_dispositioned(complaint_id: int) -> None:
    complaint = Complaint.objects.select_related("category", "agency").get(pk=complaint_id)
    if not complaint.agency_id:
        return
    _tell(
        agency_members(complaint.agency_id, {Membership.Role.HEAD, Membership.Role.OFFICER}),
        complaint,
        "care/emails/staff_dispositioned",
        "care.dispositioned",
    )


def officer_assigned(complaint_id: int, officer_id: int) -> None:
    complaint = Complaint.objects.select_related("category", "agency").get(pk=complaint_id)
    _tell(
        User.objects.filter(pk=officer_id, is_active=True),
        complaint,
        "care/emails/staff_assigned",
        "care.assigned",
    )


def staff_reporter_replied(complaint_id: int) -> None:
    complaint = Complaint.objects.select_related("category", "agency").get(pk=complaint_id)
    if complaint.assigned_to_id:
        users = User.objects.filter(pk=complaint.assigned_to_id, is_active=True)
    elif complaint.agency_id and complaint.status in Complaint.AGENCY_STATUSES:
        users = agency_members(complaint.agency_id, {Membership.Role.HEAD})
    else:
        users = verifiers()
    _tell(users, complaint, "care/emails/staff_reply", "care.reporter_reply")


def deadline_reminder(complaint_id: int) -> None:
    complaint = Complaint.objects.select_related("category", "agency").get(pk=complaint_id)
    if complaint.agency_id and complaint.status in Complaint.AGENCY_STATUSES:
        users = agency_members(complaint.agency_id, {Membership.Role.HEAD})
    else:
        users = verifiers()
    _tell(users, complaint, "care/emails/staff_overdue", "care.reminder")


def supervisor_escalation(complaint_id: int) -> None:
    complaint = Complaint.objects.select_related("category", "agency").get(pk=complaint_id)
    _tell(supervisors(), complaint, "care/emails/staff_escalated", "care.escalation")
