"""How a report is shown to whom: public text (redacted and masked), staff text, the
public and staff timelines, and the reporter's identity only where it may appear."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _

from . import deadlines, pii, roles, workflow_rules
from .models import Attachment, Complaint, ComplaintEvent

Role = ComplaintEvent.Role


def public_title(complaint: Complaint) -> str:
    return pii.mask(complaint.public_title or complaint.title)


def public_description(complaint: Complaint) -> str:
    return pii.mask(complaint.public_description or complaint.description)


def staff_title(user, complaint: Complaint) -> str:
    if roles.can_see_original_text(user, complaint):
        return complaint.title
    return pii.mask(complaint.title)


def staff_description(user, complaint: Complaint) -> str:
    if roles.can_see_original_text(user, complaint):
        return complaint.description
    return pii.mask(complaint.description)


@dataclass
class Answer:
    question: str
    answer: str


# The answers the public page shows: choices and numbers. Free text may name people, and
# the verifiers' redaction covers the title and the description only.
PUBLIC_DATATYPES = {"singlevaluelist", "multivaluelist", "number"}


def attribute_answers(complaint: Complaint, *, public: bool = False) -> list[Answer]:
    """The answers to the category's questions as people read them: each question's text
    and the chosen choices' labels ("Besar (lebih dari 1 m …)", not "besar"), in the
    category's order; an answer to a question removed since is shown as it was stored
    (to staff and the reporter). ``public``: only the choices and numbers."""
    given = complaint.attributes if isinstance(complaint.attributes, dict) else {}
    if not given:
        return []
    answers, seen = [], set()
    for attr in complaint.category.attributes.all():
        if attr.code not in given:
            continue
        seen.add(attr.code)
        if public and attr.datatype not in PUBLIC_DATATYPES:
            continue
        labels = {
            str(v.get("key")): str(v.get("name") or v.get("key"))
            for v in attr.values or []
            if isinstance(v, dict)
        }
        value = given[attr.code]
        values = value if isinstance(value, list) else [value]
        shown = ", ".join(labels.get(str(v), _number(v)) for v in values)
        answers.append(Answer(question=attr.description, answer=shown))
    for code, value in given.items():
        if code not in seen and not public:
            values = value if isinstance(value, list) else [value]
            answers.append(Answer(question=code, answer=", ".join(_number(v) for v in values)))
    return answers


def _number(value) -> str:
    """A stored answer as text: 3.0 as "3"."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def note_is_public(event: ComplaintEvent) -> bool:
    return event.is_public


ROLE_LABELS = {
    Role.REPORTER: _("Reporter"),
    Role.VERIFIER: _("Province verifier"),
    Role.SUPERVISOR: _("Province supervisor"),
    Role.SYSTEM: _("Sumsel Care"),
}


def public_actor(event: ComplaintEvent) -> str:
    """Agencies speak as the agency; people at the province as their role."""
    if event.actor_role == Role.AGENCY:
        return event.agency.short_name if event.agency_id else str(_("Agency"))
    return str(ROLE_LABELS.get(event.actor_role, ""))


@dataclass
class TimelineEntry:
    event: ComplaintEvent
    label: str
    actor: str
    note: str
    attachments: list[Attachment] = field(default_factory=list)
    is_internal: bool = False
    target: str = ""  # an agency or report the event points to


def _target(event: ComplaintEvent, complaint: Complaint) -> str:
    if event.kind == ComplaintEvent.Kind.DISPOSITIONED and event.agency_id:
        return event.agency.name
    if event.kind == ComplaintEvent.Kind.MERGED and complaint.merged_into_id:
        return complaint.merged_into.tracking_number
    return ""


def public_timeline(complaint: Complaint) -> list[TimelineEntry]:
    """The public part of the history: public events, masked notes, public files."""
    events = list(
        complaint.events.filter(is_public=True).select_related("agency").order_by("at", "id")
    )
    files = _files_by_event(complaint, public_only=True)
    return [
        TimelineEntry(
            event=e,
            label=str(ComplaintEvent.Kind(e.kind).label),
            actor=public_actor(e),
            note=pii.mask(e.note),
            attachments=files.get(e.pk, []),
            target=_target(e, complaint),
        )
        for e in events
    ]


def staff_timeline(user, complaint: Complaint) -> list[TimelineEntry]:
    """Everything, for staff: internal notes too; the reporter's words masked for those
    who may not see an anonymous reporter's identity."""
    events = list(complaint.events.select_related("agency", "actor").order_by("at", "id"))
    files = _files_by_event(complaint, public_only=False)
    original = roles.can_see_original_text(user, complaint)
    entries = []
    for e in events:
        if e.actor_role in (Role.REPORTER, Role.SYSTEM) or e.actor is None:
            actor = public_actor(e)
        else:
            actor = f"{e.actor} ({public_actor(e)})"
        note = e.note
        if not original and e.actor_role == Role.REPORTER:
            note = pii.mask(note)
        entries.append(
            TimelineEntry(
                event=e,
                label=str(ComplaintEvent.Kind(e.kind).label),
                actor=actor,
                note=note,
                attachments=files.get(e.pk, []),
                is_internal=not e.is_public,
                target=_target(e, complaint),
            )
        )
    return entries


def _files_by_event(complaint: Complaint, *, public_only: bool) -> dict[int, list[Attachment]]:
    qs = roles.public_attachments(complaint) if public_only else complaint.attachments.all()
    result: dict[int, list[Attachment]] = {}
    for a in qs:
        result.setdefault(a.event_id or 0, []).append(a)
    return result


@dataclass
class Tracked:
    """What the tracking page and the track API show of a report to one viewer. At
    ``Sight.STATUS`` (a hidden report and a number alone) everything past the status is
    empty: no category, agency, date, deadline or history."""

    number: str
    status: str
    status_label: str
    is_open: bool
    is_public: bool
    sight: roles.Sight
    category: str = ""
    agency: str = ""
    created_at: object = None  # aware datetime
    deadline: object = None  # date
    countdown: object = None  # deadlines.Countdown
    merged_into: str = ""
    timeline: list[TimelineEntry] = field(default_factory=list)

    @property
    def status_only(self) -> bool:
        return self.sight == roles.Sight.STATUS


def tracked(user, complaint: Complaint, *, secret: bool = False) -> Tracked:
    """The report as ``user`` may see it by its tracking number (``roles.sight``)."""
    sight = roles.sight(user, complaint, secret=secret)
    result = Tracked(
        number=complaint.tracking_number,
        status=complaint.status,
        status_label=str(Complaint.Status(complaint.status).label),
        is_open=complaint.is_open,
        is_public=roles.is_public(complaint),
        sight=sight,
    )
    if sight == roles.Sight.STATUS:
        return result
    result.category = complaint.category.display_name
    result.agency = complaint.agency.name if complaint.agency_id else ""
    result.created_at = complaint.created_at
    result.deadline = complaint.deadline
    result.countdown = deadlines.countdown(complaint)
    result.merged_into = complaint.merged_into.tracking_number if complaint.merged_into_id else ""
    timeline = public_timeline(complaint)
    if not result.is_public:  # its files are served through the follow-up link only
        for entry in timeline:
            entry.attachments = []
    result.timeline = timeline
    return result


@dataclass
class Identity:
    name: str
    email: str
    phone: str
    has_account: bool


def identity_for(user, complaint: Complaint) -> Identity | None:
    """The reporter's identity, or None when ``user`` may not see it."""
    if not roles.can_see_identity(user, complaint):
        return None
    return Identity(
        name=complaint.reporter_name,
        email=complaint.reporter_email,
        phone=complaint.reporter_phone,
        has_account=complaint.reporter_user_id is not None,
    )


@dataclass
class ReporterOptions:
    can_rate: bool
    can_reopen: bool
    can_reply: bool
    rate_until: object  # date or None


def reporter_options(complaint: Complaint, today) -> ReporterOptions:
    """What the reporter may do now through the follow-up link."""
    within = bool(
        workflow_rules.is_allowed_from(complaint, "rate")
        and complaint.deadline
        and today <= complaint.deadline
    )
    return ReporterOptions(
        can_rate=within,
        can_reopen=within and workflow_rules.is_allowed_from(complaint, "reopen"),
        can_reply=workflow_rules.is_allowed_from(complaint, "reporter-reply"),
        rate_until=complaint.deadline if within else None,
    )


def countdown_text(countdown) -> str:
    """The working-day countdown as one line (lists render many; a template per row costs
    more than the query)."""
    if not countdown.deadline:
        return ""
    due = date_format(countdown.deadline, "j M Y")
    if countdown.overdue:
        days = countdown.days_overdue
        return (
            ngettext("Overdue by %(days)s working day", "Overdue by %(days)s working days", days)
            % {"days": days}
            + f" ({gettext('due')} {due})"
        )
    if countdown.stage == "reopen":
        return gettext("Rating or reopening possible until %(date)s") % {"date": due}
    if countdown.working_days_left == 0:
        return gettext("Due today") + f" ({due})"
    days = countdown.working_days_left
    return (
        ngettext("%(days)s working day left", "%(days)s working days left", days) % {"days": days}
        + f" ({gettext('due')} {due})"
    )


@dataclass
class InboxRow:
    """One line of a staff list, everything already in words."""

    number: str
    url: str
    title: str
    category: str
    region: str
    privacy: str  # empty for public reports
    status: str
    status_label: str
    countdown: str
    overdue: bool
    escalated: bool
    agency: str
    assigned: str


def inbox_rows_html(rows: list[InboxRow]) -> SafeString:
    """The table rows of a staff list, built here rather than in a template loop (a page
    of 25 rows costs several milliseconds of template work otherwise). Every value is
    escaped by ``format_html``."""
    select = gettext("Select")
    escalated = gettext("escalated")
    return format_html_join(
        "\n",
        '<tr><td><input type="checkbox" name="selected" value="{}" aria-label="{} {}"></td>'
        '<td><a href="{}"><span class="tracking">{}</span></a><br>{}<br>'
        '<span class="muted small">{}</span></td>'
        '<td><span class="status status-{}">{}</span>{}</td>'
        "<td{}>{}</td><td>{}</td><td>{}</td></tr>",
        (
            (
                r.number,
                select,
                r.number,
                r.url,
                r.number,
                Truncator(r.title).chars(80),
                " · ".join(part for part in (r.category, r.region, r.privacy) if part),
                r.status,
                r.status_label,
                format_html(' <span class="flag">{}</span>', escalated) if r.escalated else "",
                mark_safe(' class="overdue"') if r.overdue else "",
                r.countdown,
                r.agency or "—",
                r.assigned or "—",
            )
            for r in rows
        ),
    )


INBOX_COLUMNS = (
    "tracking_number",
    "title",
    "privacy",
    "status",
    "deadline",
    "is_open",
    "escalated_at",
    "category__name",
    "category__name_en",
    "region__name",
    "region__kind",
    "agency__short_name",
    "assigned_to__full_name",
    "assigned_to__username",
)


def inbox_rows(user, queryset, today) -> list[InboxRow]:
    """Rows of a staff list from plain column values (no model instances: a list page is
    mostly Python time otherwise). ``queryset`` comes from ``selectors.inbox``, so every
    report in it is one the user may open: they see its own words unless it is anonymous
    and they are not a verifier."""
    english = (get_language() or "id").startswith("en")
    verifier = roles.is_verifier(user)
    url = reverse("care:staff-detail", args=["NUMBER"])
    anonymous = Complaint.Privacy.ANONIM
    rows = []
    for v in queryset.values(*INBOX_COLUMNS):
        cd = deadlines.countdown_for(v["status"], v["deadline"], v["is_open"], today)
        region = ""
        if v["region__name"]:
            prefix = "Kota" if v["region__kind"] == "kota" else "Kabupaten"
            region = f"{prefix} {v['region__name']}"
        rows.append(
            InboxRow(
                number=v["tracking_number"],
                url=url.replace("NUMBER", v["tracking_number"]),
                title=v["title"] if v["privacy"] != anonymous or verifier else pii.mask(v["title"]),
                category=(
                    v["category__name_en"]
                    if english and v["category__name_en"]
                    else v["category__name"]
                ),
                region=region,
                privacy=""
                if v["privacy"] == Complaint.Privacy.PUBLIC
                else str(Complaint.Privacy(v["privacy"]).label),
                status=v["status"],
                status_label=str(Complaint.Status(v["status"]).label),
                countdown=countdown_text(cd),
                overdue=cd.overdue,
                escalated=bool(v["escalated_at"] and v["is_open"]),
                agency=v["agency__short_name"] or "",
                assigned=v["assigned_to__full_name"] or v["assigned_to__username"] or "",
            )
        )
    return rows
