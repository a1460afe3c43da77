"""Deadlines in working days (weekends, national holidays, cuti bersama) and the
background check: reminders, escalations and closing, each exactly once."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import translation

from s2c.care import deadlines, services, tasks
from s2c.care.models import Complaint, ComplaintEvent, DeadlineAlert
from s2c.core import scheduler
from s2c.core.tests import factories as core

from . import factories as f

pytestmark = pytest.mark.django_db
WIB = dt.timezone(dt.timedelta(hours=7))


def at(day: str, hour: int = 9) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=WIB)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_verify_deadline_skips_weekend_and_eid(category):
    # Thursday 27 March 2025: Friday counts, then Nyepi (Sat), Sunday, Eid al-Fitr (Mon,
    # Tue) do not.
    c = f.submit(category, now=at("2025-03-27")).complaint
    assert c.deadline == dt.date(2025, 4, 3)


def test_verify_deadline_skips_cuti_bersama(category):
    core.make_joint_leave_day(date=dt.date(2025, 4, 2), name="Cuti bersama Idul Fitri")
    core.make_joint_leave_day(date=dt.date(2025, 4, 3), name="Cuti bersama Idul Fitri")
    c = f.submit(category, now=at("2025-03-27")).complaint
    assert c.deadline == dt.date(2025, 4, 7)


def test_deadlines_follow_the_category(agency, verifier):
    quick = f.make_category(agency=agency, verify_days=1, followup_days=2, resolve_days=3)
    c = f.submit(quick, now=at("2025-02-07")).complaint  # a Friday
    assert c.deadline == dt.date(2025, 2, 10)
    c = services.complaint_disposition(
        complaint=c, by=verifier, agency=agency, now=at("2025-02-07", 15)
    )
    assert (c.followup_due, c.resolve_due) == (dt.date(2025, 2, 11), dt.date(2025, 2, 12))


def test_countdown_in_working_days(dispositioned):
    # Follow-up due Monday 10 February.
    cd = deadlines.countdown(dispositioned, dt.date(2025, 2, 6))  # Thursday
    assert (cd.working_days_left, cd.overdue, cd.stage) == (2, False, "followup")
    cd = deadlines.countdown(dispositioned, dt.date(2025, 2, 8))  # Saturday
    assert (cd.working_days_left, cd.overdue) == (1, False)
    cd = deadlines.countdown(dispositioned, dt.date(2025, 2, 10))
    assert (cd.working_days_left, cd.overdue) == (0, False)
    cd = deadlines.countdown(dispositioned, dt.date(2025, 2, 12))
    assert (cd.working_days_left, cd.overdue, cd.days_overdue) == (-2, True, 2)


def test_countdown_of_a_closed_report_is_empty(category, verifier, officer):
    c = f.make_complaint(category, status="closed", verifier=verifier, officer=officer)
    assert deadlines.countdown(c).deadline is None


@pytest.fixture
def overdue_case(category, verifier, agency_head, supervisor):
    """Dispositioned Monday 3 Feb 2025; first follow-up due Monday 10 Feb."""
    return f.make_complaint(category, status="dispositioned", verifier=verifier)


def run(day: str, hour: int = 8):
    return services.deadlines_check(now=at(day, hour))


def test_reminder_once_then_escalation_once(overdue_case, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        on_deadline = run("2025-02-10", 20)
    assert (on_deadline.overdue, on_deadline.reminded) == (0, 0)

    with django_capture_on_commit_callbacks(execute=True):
        first = run("2025-02-11")
        again = run("2025-02-11", 16)
    assert (first.overdue, first.reminded, first.escalated) == (1, 1, 0)
    assert (again.overdue, again.reminded, again.escalated) == (1, 0, 0)
    n = overdue_case.tracking_number
    assert [(m.to[0], m.subject) for m in mail.outbox] == [
        ("Kepala Dinas A <agencyhead@example.test>", f"Overdue: report {n}")
    ]

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        escalated = run("2025-02-12")
        run("2025-02-13")
    assert (escalated.reminded, escalated.escalated) == (0, 1)
    assert [(m.to[0], m.subject) for m in mail.outbox] == [
        ("Supervisor Provinsi <supervisor@example.test>", f"Escalated: report {n} is still overdue")
    ]
    c = Complaint.objects.get(pk=overdue_case.pk)
    assert c.escalated_at == at("2025-02-12", 8)
    assert list(
        DeadlineAlert.objects.order_by("sent_at").values_list("kind", "stage", "deadline")
    ) == [
        ("reminder", "dispositioned", dt.date(2025, 2, 10)),
        ("escalation", "dispositioned", dt.date(2025, 2, 10)),
    ]
    internal = c.events.filter(kind__in=["reminder", "escalated"]).values_list(
        "is_public", flat=True
    )
    assert list(internal) == [False, False]


def test_escalation_waits_over_cuti_bersama(overdue_case):
    core.make_joint_leave_day(date=dt.date(2025, 2, 12), name="Cuti bersama")
    run("2025-02-11")
    assert run("2025-02-12").escalated == 0
    assert run("2025-02-13").escalated == 1


def test_escalation_over_a_weekend(category, verifier, agency_head, supervisor):
    # Dispositioned Monday 10 March: follow-up due Monday 17 March... use a Friday deadline:
    c = f.make_complaint(
        category, status="dispositioned", verifier=verifier, now=at("2025-03-07")
    )  # a Friday: due Friday 14 March
    assert c.deadline == dt.date(2025, 3, 14)
    assert run("2025-03-15").reminded == 1  # Saturday: overdue, reminded
    assert run("2025-03-17").escalated == 0  # Monday: one working day late
    assert run("2025-03-18").escalated == 1  # Tuesday: two


def test_a_new_deadline_gets_its_own_reminder(overdue_case, officer):
    run("2025-02-11")
    services.complaint_post_update(
        complaint=overdue_case,
        by=officer,
        message="Maaf terlambat, sudah kami tangani.",
        now=at("2025-02-11", 10),
    )
    c = Complaint.objects.get(pk=overdue_case.pk)
    assert (c.status, c.deadline, c.escalated_at) == ("in_progress", dt.date(2025, 2, 21), None)
    assert run("2025-02-24").reminded == 1  # the completion deadline was missed too
    assert DeadlineAlert.objects.filter(complaint=c).count() == 2


def test_verifier_stage_reminds_the_verifiers(category, verifier, supervisor):
    f.submit(category)  # due Thursday 6 Feb
    mail.outbox.clear()
    result = run("2025-02-07")
    assert result.reminded == 1


def test_expired_rating_window_closes_the_report(completed, django_capture_on_commit_callbacks):
    # Completed Thursday 6 Feb: rating possible until Thursday 20 Feb.
    assert run("2025-02-20").closed == 0
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert run("2025-02-21").closed == 1
        assert run("2025-02-22").closed == 0
    c = Complaint.objects.get(pk=completed.pk)
    assert (c.status, c.rating) == ("closed", None)
    closed = c.events.get(kind=ComplaintEvent.Kind.CLOSED)
    assert (closed.actor_role, closed.is_public) == ("system", True)
    assert [m.subject for m in mail.outbox] == [
        f"Update on your report {c.tracking_number}: Closed"
    ]


def test_the_task_runs_the_check(overdue_case):
    result = tasks.check_deadlines.enqueue()
    assert result.return_value["overdue"] == 1  # today is long after February 2025


def test_the_check_is_registered_every_15_minutes():
    spec = {s.key: s for s in scheduler.periodic_jobs()}["care.deadlines"]
    assert (spec.task_path, spec.interval) == (
        "s2c.care.tasks.check_deadlines",
        dt.timedelta(minutes=15),
    )
