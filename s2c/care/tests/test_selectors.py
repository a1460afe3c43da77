import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from s2c.care import selectors, services
from s2c.core.errors import ApplicationError, NotFound, PermissionDenied

from . import factories as f

pytestmark = pytest.mark.django_db
TODAY = dt.date(2025, 2, 12)


def numbers(qs):
    return [c.tracking_number for c in qs]


@pytest.fixture
def reports(category, verifier, officer, other_agency):
    a1 = f.make_complaint(category, status="dispositioned", verifier=verifier)
    a2 = f.make_complaint(category, status="in_progress", verifier=verifier, officer=officer)
    b1 = f.make_complaint(category, status="dispositioned", verifier=verifier, agency=other_agency)
    waiting = f.make_complaint(category)
    closed = f.make_complaint(category, status="closed", verifier=verifier, officer=officer)
    return {"a1": a1, "a2": a2, "b1": b1, "waiting": waiting, "closed": closed}


def test_officer_sees_only_the_agency(reports, officer):
    inbox = selectors.inbox(officer, today=TODAY)
    assert numbers(inbox) == [reports["a1"].tracking_number, reports["a2"].tracking_number]
    everything = selectors.inbox(officer, selectors.InboxFilters(status="all"), today=TODAY)
    assert set(numbers(everything)) == {reports[k].tracking_number for k in ("a1", "a2", "closed")}


def test_other_agency_sees_its_own(reports, other_officer):
    assert numbers(selectors.inbox(other_officer, today=TODAY)) == [reports["b1"].tracking_number]


def test_verifier_and_supervisor_see_everything(reports, verifier, supervisor):
    for user in (verifier, supervisor):
        assert len(selectors.inbox(user, today=TODAY)) == 4  # the open ones
    queue = selectors.inbox(verifier, selectors.InboxFilters(view="verify"), today=TODAY)
    assert numbers(queue) == [reports["waiting"].tracking_number]


def test_citizen_has_no_inbox(citizen):
    with pytest.raises(PermissionDenied):
        selectors.inbox(citizen)


def test_inbox_is_sorted_by_deadline_overdue_first(category, verifier, supervisor):
    late = f.make_complaint(category, status="dispositioned", verifier=verifier)  # due 10 Feb
    fresh = f.make_complaint(category, now=dt.datetime(2025, 2, 11, 9, tzinfo=dt.UTC))
    inbox = selectors.inbox(supervisor, today=TODAY)
    assert numbers(inbox) == [late.tracking_number, fresh.tracking_number]
    overdue = selectors.inbox(supervisor, selectors.InboxFilters(overdue=True), today=TODAY)
    assert numbers(overdue) == [late.tracking_number]
    newest = selectors.inbox(supervisor, selectors.InboxFilters(sort="newest"), today=TODAY)
    assert numbers(newest) == [fresh.tracking_number, late.tracking_number]


def test_related_view(category, verifier, other_agency, other_officer):
    c = f.submit(category).complaint
    services.complaint_disposition(
        complaint=c, by=verifier, agency=category.agency, related_agencies=[other_agency]
    )
    related = selectors.inbox(other_officer, selectors.InboxFilters(view="related"))
    assert numbers(related) == [c.tracking_number]
    assert selectors.complaint_for_staff(other_officer, c.tracking_number) == c


def test_inbox_filters(reports, supervisor, other_agency):
    f_ = selectors.InboxFilters
    assert numbers(selectors.inbox(supervisor, f_(agency=other_agency.code))) == [
        reports["b1"].tracking_number
    ]
    assert numbers(selectors.inbox(supervisor, f_(status="in_progress"))) == [
        reports["a2"].tracking_number
    ]
    assert numbers(selectors.inbox(supervisor, f_(category="other"))) == []
    with pytest.raises(ApplicationError):
        selectors.inbox(supervisor, f_(status="nonsense"))


def test_mine(reports, officer):
    services.complaint_assign(complaint=reports["a1"], by=officer, officer=officer)
    assert numbers(selectors.inbox(officer, selectors.InboxFilters(view="mine"))) == [
        reports["a1"].tracking_number
    ]


def test_complaint_for_staff_checks_access(reports, officer, other_officer):
    number = reports["a1"].tracking_number
    assert selectors.complaint_for_staff(officer, number.lower()).pk == reports["a1"].pk
    with pytest.raises(PermissionDenied):
        selectors.complaint_for_staff(other_officer, number)
    with pytest.raises(NotFound):
        selectors.complaint_for_staff(officer, "SC-2025-424242")


def test_inbox_page_query_count_does_not_grow(client, category, verifier, supervisor):
    client.force_login(supervisor)
    client.get(reverse("care:staff-inbox"))  # the cached reference lists (filters)
    f.make_complaint(category, status="dispositioned", verifier=verifier)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("care:staff-inbox"))
    for _ in range(5):
        f.make_complaint(category, status="dispositioned", verifier=verifier)
    with CaptureQueriesContext(connection) as six:
        client.get(reverse("care:staff-inbox"))
    assert len(six) == len(one)


def test_public_list_query_count_does_not_grow(client, category, verifier):
    f.make_complaint(category, status="verified", verifier=verifier)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("care:public-list"))
    for _ in range(5):
        f.make_complaint(category, status="verified", verifier=verifier)
    with CaptureQueriesContext(connection) as six:
        client.get(reverse("care:public-list"))
    assert len(six) == len(one)


def test_map_defaults_to_open_reports(category, verifier, officer):
    open_ = f.make_complaint(
        category, status="verified", verifier=verifier, latitude=-2.99, longitude=104.76
    )
    done = f.make_complaint(
        category,
        status="closed",
        verifier=verifier,
        officer=officer,
        latitude=-2.98,
        longitude=104.75,
    )
    box = selectors.BBox.parse("104.7,-3.0,104.8,-2.9")
    assert [r["tracking_number"] for r in selectors.map_complaints(box)] == [open_.tracking_number]
    done_only = selectors.map_complaints(box, selectors.PublicFilters(status="completed"))
    assert [r["tracking_number"] for r in done_only] == [done.tracking_number]


@pytest.mark.parametrize("bbox", ["", "a,b,c,d", "104,-3,103,-2", "1,2,3,4,5", "nan,1,2,3"])
def test_bad_bbox(bbox):
    with pytest.raises(ApplicationError):
        selectors.BBox.parse(bbox)


def test_similar_reports_nearby_same_category(category, verifier, agency):
    near = f.make_complaint(
        category, status="verified", verifier=verifier, latitude=-2.99050, longitude=104.76050
    )  # about 80 m away
    f.make_complaint(
        category, status="verified", verifier=verifier, latitude=-2.9930, longitude=104.7600
    )  # about 330 m away
    other_cat = f.make_category(agency=agency)
    f.make_complaint(
        other_cat, status="verified", verifier=verifier, latitude=-2.9905, longitude=104.7605
    )
    found = selectors.similar_complaints(category=category.code, latitude=-2.99, longitude=104.76)
    assert numbers(found) == [near.tracking_number]


def test_similar_reports_by_words(category, verifier, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        match = f.make_complaint(
            category,
            status="verified",
            verifier=verifier,
            title="Lampu penerangan jalan mati total",
        )
    found = selectors.similar_complaints(text="lampu penerangan jalan mati")
    assert numbers(found) == [match.tracking_number]
