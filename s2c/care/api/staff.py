"""Staff endpoints of /api/v1/care/staff/: the inbox, one report, its actions and the
statistics. Everything goes through the staff selectors; the reporter's identity appears
only where ``roles.can_see_identity`` allows."""

import datetime as dt

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from s2c.core import api_auth, calendar
from s2c.core.api_pagination import PagePagination
from s2c.core.errors import PermissionDenied
from s2c.core.textinput import TextIn

from .. import actions, deadlines, inputs, presenters, roles, selectors, services
from ..models import Complaint
from ..selectors import stats
from .public import _Mapped
from .schemas import TimelineOut, limited, timeline_out

router = Router(auth=api_auth.signed_in)


class InboxIn(TextIn):
    view: str = Field("", description='"", "verify", "related", "escalated" or "mine"')
    status: str = Field("open", description='"open", "all" or a status')
    category: str = ""
    region: str = ""
    agency: str = ""
    overdue: bool = False
    sort: str = Field("deadline", description='"deadline", "newest" or "oldest"')


class StaffReportOut(Schema):
    tracking_number: str
    kind: str
    privacy: str
    category: str
    title: str
    status: str
    agency: str | None
    region: str | None
    assigned_to: str | None
    deadline: dt.date | None
    working_days_left: int | None
    overdue: bool
    escalated: bool
    created_at: dt.datetime


class IdentityOut(Schema):
    name: str
    email: str
    phone: str
    has_account: bool


class AnswerOut(Schema):
    question: str
    answer: str = Field(description="The chosen choices' labels, or the answer as given")


class StaffDetailOut(StaffReportOut):
    description: str
    answers: list[AnswerOut] = Field(description="Answers to the category's questions")
    address: str
    kecamatan: str
    latitude: float | None
    longitude: float | None
    related_agencies: list[str]
    reporter: IdentityOut | None = Field(description="Null when you may not see it")
    public_title: str
    public_description: str
    resolution: str
    actions: list[str]
    timeline: list[TimelineOut]


def _row(user, c: Complaint, today: dt.date) -> dict:
    countdown = deadlines.countdown(c, today)
    return {
        "tracking_number": c.tracking_number,
        "kind": c.kind,
        "privacy": c.privacy,
        "category": c.category.code,
        "title": presenters.staff_title(user, c),
        "status": c.status,
        "agency": c.agency.code if c.agency_id else None,
        "region": c.region.code if c.region_id else None,
        "assigned_to": c.assigned_to.username if c.assigned_to_id else None,
        "deadline": c.deadline,
        "working_days_left": countdown.working_days_left,
        "overdue": countdown.overdue,
        "escalated": c.escalated_at is not None,
        "created_at": c.created_at,
    }


@router.get("/reports", response=list[StaffReportOut], summary="The inbox")
@paginate(PagePagination)
def inbox(request, filters: Query[InboxIn]):
    user = request.auth
    today = calendar.today()
    qs = selectors.inbox(user, selectors.InboxFilters(**filters.dict()), today=today)
    return _Mapped(qs, lambda c: _row(user, c, today))


def _detail(user, c: Complaint) -> dict:
    data = _row(user, c, calendar.today())
    identity = presenters.identity_for(user, c)
    data.update(
        description=presenters.staff_description(user, c),
        answers=[a.__dict__ for a in presenters.attribute_answers(c)],
        address=c.address,
        kecamatan=c.kecamatan,
        latitude=c.latitude,
        longitude=c.longitude,
        related_agencies=list(c.related_agencies.values_list("code", flat=True)),
        reporter=identity.__dict__ if identity else None,
        public_title=presenters.public_title(c),
        public_description=presenters.public_description(c),
        resolution=c.resolution,
        actions=actions.available(user, c),
        timeline=timeline_out(presenters.staff_timeline(user, c)),
    )
    return data


@router.get("/reports/{number}", response=StaffDetailOut, summary="One report")
def report_detail(request, number: str):
    return _detail(request.auth, selectors.complaint_for_staff(request.auth, number))


class ActionIn(TextIn):
    note: str = limited(
        inputs.TEXT,
        "",
        description=(
            "The action's text. Public (the reporter and the report's readers see it) for "
            "verify and disposition (an optional note), reject (the reason), not-authority "
            "(where to go), reply and complete (the resolution); staff-only for note, merge "
            "and return (the reason)"
        ),
    )
    internal_note: str = limited(
        inputs.TEXT,
        "",
        description=(
            "A note only staff see, kept beside the action (verify, disposition, reject, "
            "not-authority, reply, complete, assign); never public"
        ),
    )
    agency: str = Field("", max_length=50)
    related_agencies: list[str] = Field(default_factory=list)
    officer: str = Field("", max_length=150, description="Username; empty unassigns")
    into: str = Field("", max_length=20, description="Tracking number of the original")
    public_title: str = limited(inputs.PUBLIC_TITLE, "")
    public_description: str = limited(inputs.PUBLIC_DESCRIPTION, "")


@router.post("/reports/{number}/{action}", response=StaffDetailOut, summary="Act on a report")
def report_action(request, number: str, action: str, data: ActionIn):
    """``action``: verify, reject, not-authority, disposition, return, reply, complete,
    note, assign, merge or redact."""
    user = request.auth
    c = selectors.complaint_for_staff(user, number)
    actions.run(action, complaint=c, by=user, data=actions.ActionInput(**data.dict()))
    return _detail(user, selectors.complaint_for_staff(user, number))


class StatsIn(TextIn):
    start: str = Field("", alias="from", description="First month, YYYY-MM")
    end: str = Field("", alias="to", description="Last month, YYYY-MM")


class StatRowOut(Schema):
    agency: str | None
    agency_name: str | None
    category: str | None
    category_name: str | None
    received: int
    completed: int
    overdue: int
    median_followup_days: float | None
    median_followup_hours: float | None
    median_completion_days: float | None
    median_completion_hours: float | None
    sla_percent: float | None
    satisfaction: float | None
    ratings: int


class StatsOut(Schema):
    start: dt.date
    end: dt.date
    rows: list[StatRowOut]
    agencies: list[StatRowOut]
    total: StatRowOut


def stat_row(r: stats.StatRow) -> dict:
    return {
        "agency": r.agency.code if r.agency else None,
        "agency_name": r.agency.name if r.agency else None,
        "category": r.category.code if r.category else None,
        "category_name": r.category.name if r.category else None,
        "received": r.received,
        "completed": r.completed,
        "overdue": r.overdue,
        "median_followup_days": r.median_followup_days,
        "median_followup_hours": r.median_followup_hours,
        "median_completion_days": r.median_completion_days,
        "median_completion_hours": r.median_completion_hours,
        "sla_percent": r.sla_percent,
        "satisfaction": r.satisfaction,
        "ratings": r.rating_count,
    }


@router.get("/statistics", response=StatsOut, summary="Statistics per agency and category")
def statistics(request, params: Query[StatsIn]):
    if not roles.is_care_staff(request.auth):
        raise PermissionDenied(_("Only Sumsel Care staff may see these statistics."))
    services.statistics_refresh(unless_done=True)
    start, end = stats.parse_period(params.start, params.end)
    result = stats.compute(start=start, end=end, agency_ids=roles.statistics_scope(request.auth))
    return {
        "start": result.start,
        "end": result.end,
        "rows": [stat_row(r) for r in result.rows],
        "agencies": [stat_row(r) for r in result.agencies],
        "total": stat_row(result.total),
    }
