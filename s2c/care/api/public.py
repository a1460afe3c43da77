"""Public endpoints of /api/v1/care/: no account needed."""

from django.urls import reverse
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from s2c.core import api_auth, calendar, pagecache
from s2c.core.api_pagination import PagePagination
from s2c.core.middleware import client_ip
from s2c.core.textinput import TextIn

from .. import presenters, selectors, services
from ..models import Complaint
from ..selectors import stats
from ..web import attributes_from, supporter_key
from .schemas import (
    CategoryOut,
    FollowOut,
    LeagueOut,
    RatingIn,
    ReopenIn,
    ReplyIn,
    ReportCreatedOut,
    ReportDetailOut,
    ReportIn,
    ReportOut,
    SupportOut,
    TrackOut,
    _absolute,
    detail_out,
)

router = Router()


class PublicFilterIn(TextIn):
    agency: str = ""
    category: str = ""
    region: str = ""
    status: str = ""


@router.get("/categories", response=list[CategoryOut], summary="Report categories")
@pagecache.public_answer
def category_list(request):
    return selectors.active_categories().prefetch_related("attributes")


@router.post("/reports", response={201: ReportCreatedOut}, summary="Submit a report")
def report_create(request, data: Form[ReportIn], files: File[list[UploadedFile]] = None):
    """Form-encoded or multipart; answers to the category's questions as
    ``attribute[code]=value``. The answer's ``follow_secret`` is shown once: with it the
    reporter follows, replies, rates and reopens without an account."""
    user = api_auth.acting_user(request)
    submitted = services.complaint_submit(
        data=services.ComplaintInput(**data.dict(), attributes=attributes_from(request.POST)),
        files=files or [],
        user=user,
        client_ip=client_ip(request),
        source=Complaint.Source.API,
    )
    c = submitted.complaint
    return Status(
        201,
        {
            "tracking_number": c.tracking_number,
            "status": c.status,
            "deadline": c.deadline,
            "follow_secret": submitted.secret,
            "follow_url": _absolute(request, reverse("care:follow", args=[submitted.secret])),
            "track_url": _absolute(request, reverse("care:track") + f"?number={c.tracking_number}"),
        },
    )


@router.get("/reports", response=list[ReportOut], summary="Public reports")
@pagecache.public_answer
@paginate(PagePagination)
def report_list(request, filters: Query[PublicFilterIn]):
    qs = selectors.public_complaints(selectors.PublicFilters(**filters.dict()))
    return _Mapped(qs, lambda c: ReportOut.from_complaint(c, request))


@router.get("/reports/{number}", response=ReportDetailOut, summary="One public report")
@pagecache.public_answer
def report_detail(request, number: str):
    return detail_out(selectors.public_complaint(number), request)


@router.get("/track/{number}", response=TrackOut, summary="The status of any report")
def report_track(request, number: str):
    """Any report by its tracking number, typed in any case, with or without dashes. A
    report that is not public shows its status only, unless the caller is its reporter
    (signed in) or staff who handle it."""
    c = selectors.complaint_for_tracking(number)
    t = presenters.tracked(api_auth.acting_user(request), c)
    return {
        "tracking_number": t.number,
        "status": t.status,
        "status_label": t.status_label,
        "is_public": t.is_public,
        "deadline": t.deadline,
        "agency_name": t.agency or None,
        "created_at": t.created_at,
        "url": _absolute(request, c.get_absolute_url()) if t.is_public else None,
    }


@router.post("/reports/{number}/support", response=SupportOut, summary="Support (+1)")
def report_support(request, number: str):
    c = selectors.public_complaint(number)
    counted = services.support_add(
        complaint=c, supporter_key=supporter_key(request), client_ip=client_ip(request)
    )
    c.refresh_from_db(fields=["supporters_count"])
    return {"counted": counted, "supporters": c.supporters_count}


def _follow_out(request, c: Complaint) -> dict:
    data = detail_out(c, request)
    options = presenters.reporter_options(c, calendar.today())
    data.update(
        title=c.title,
        description=c.description,
        privacy=c.privacy,
        can_rate=options.can_rate,
        can_reopen=options.can_reopen,
        can_reply=options.can_reply,
        rate_until=options.rate_until,
    )
    return data


@router.get("/follow/{secret}", response=FollowOut, summary="The reporter's own report")
def follow_detail(request, secret: str):
    return _follow_out(request, selectors.complaint_for_secret(secret))


@router.post("/follow/{secret}/replies", response={201: FollowOut}, summary="Reply")
def follow_reply(request, secret: str, data: Form[ReplyIn], files: File[list[UploadedFile]] = None):
    c = selectors.complaint_for_secret(secret)
    services.reporter_reply(complaint=c, message=data.message, files=files or [])
    return Status(201, _follow_out(request, selectors.complaint_for_secret(secret)))


@router.post("/follow/{secret}/rating", response=FollowOut, summary="Rate the resolution")
def follow_rate(request, secret: str, data: RatingIn):
    c = selectors.complaint_for_secret(secret)
    services.reporter_rate(complaint=c, rating=data.rating, comment=data.comment)
    return _follow_out(request, selectors.complaint_for_secret(secret))


@router.post("/follow/{secret}/reopen", response=FollowOut, summary="Reopen")
def follow_reopen(request, secret: str, data: ReopenIn):
    c = selectors.complaint_for_secret(secret)
    services.reporter_reopen(complaint=c, reason=data.reason)
    return _follow_out(request, selectors.complaint_for_secret(secret))


@router.get("/league", response=list[LeagueOut], summary="Agencies by response time")
@pagecache.public_answer
def league(request):
    services.statistics_refresh(unless_done=True)
    start, end = stats.default_period()
    rows = stats.league(stats.compute(start=start, end=end))
    return [
        {
            "agency": r.agency.code,
            "agency_name": r.agency.name,
            "received": r.received,
            "completed": r.completed,
            "overdue": r.overdue,
            "sla_percent": r.sla_percent,
            "median_followup_hours": r.median_followup_hours,
            "median_followup_days": r.median_followup_days,
            "satisfaction": r.satisfaction,
        }
        for r in rows
    ]


class _Mapped:
    """A queryset that the paginator slices and counts, mapped to output dicts."""

    def __init__(self, qs, fn):
        self.qs, self.fn = qs, fn

    def count(self):
        return self.qs.count()

    def __len__(self):
        return self.count()

    def __getitem__(self, item):
        return [self.fn(c) for c in self.qs[item]]
