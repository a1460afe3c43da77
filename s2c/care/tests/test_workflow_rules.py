"""The workflow table walked through: for every state, action and role, the services
accept exactly what ``actions.available`` offers, and refuse the rest with an
``ApplicationError`` (never a 500 through the staff API)."""

import datetime as dt

import pytest
from django.db import transaction
from django.utils import translation

from s2c.care import actions, services, workflow_rules
from s2c.care.models import Complaint
from s2c.core.errors import ApplicationError
from s2c.core.tests import factories as core

from . import factories as f

pytestmark = pytest.mark.django_db
S = Complaint.Status
API = "/api/v1/care"
# Within the rating window of the complaints completed by the factories.
WITHIN_WINDOW = f.MONDAY + dt.timedelta(days=5)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def people(verifier, supervisor, officer, other_officer):
    """Everyone who could try: both province roles, the responsible agency's officer,
    another agency's officer and a citizen without a role."""
    return {
        "verifier": verifier,
        "supervisor": supervisor,
        "officer": officer,
        "other agency": other_officer,
        "citizen": core.make_user(username="warga"),
    }


@pytest.fixture
def complaints(category, verifier, officer):
    """A complaint in every state (and one dispositioned again after its one return)."""
    made = {
        s: f.make_complaint(category, status=s, verifier=verifier, officer=officer)
        for s in (S.RECEIVED, S.VERIFIED, S.DISPOSITIONED, S.IN_PROGRESS, S.COMPLETED, S.CLOSED)
    }
    made[S.REJECTED] = services.complaint_reject(
        complaint=f.make_complaint(category), by=verifier, reason="Bukan laporan yang jelas."
    )
    made[S.NOT_AUTHORITY] = services.complaint_not_authority(
        complaint=f.make_complaint(category), by=verifier, where_to_go="Ke pemerintah kota."
    )
    made[S.MERGED] = services.complaint_merge(
        complaint=f.make_complaint(
            category, status=S.IN_PROGRESS, verifier=verifier, officer=officer
        ),
        into=made[S.RECEIVED],
        by=verifier,
    )
    returned = f.make_complaint(category, status=S.DISPOSITIONED, verifier=verifier)
    services.complaint_return(complaint=returned, by=officer, reason="Bukan urusan dinas kami.")
    made["returned once"] = services.complaint_disposition(
        complaint=returned, by=verifier, agency=category.agency
    )
    return made


class _Undo(Exception):
    pass


def _attempt(name, complaint, user, target) -> bool | ApplicationError:
    """Run the action in a savepoint that is rolled back: True when the services accept,
    the error when they refuse."""
    data = actions.ActionInput(
        note="Catatan yang cukup panjang untuk setiap tindakan.",
        agency=complaint.category.agency.code,
        officer="",
        into=target.tracking_number,
        public_title="Jalan berlubang",
    )
    try:
        with transaction.atomic():
            actions.run(name, complaint=Complaint.objects.get(pk=complaint.pk), by=user, data=data)
            raise _Undo
    except _Undo:
        return True
    except ApplicationError as exc:
        return exc


def test_every_state_action_and_role_is_accepted_exactly_when_offered(complaints, people, category):
    target = f.make_complaint(category)
    walked = 0
    for state, complaint in complaints.items():
        complaint.refresh_from_db()
        for who, user in people.items():
            offered = actions.available(user, complaint)
            assert offered == [n for n in workflow_rules.STAFF_ACTIONS if n in offered]
            for name in workflow_rules.STAFF_ACTIONS:
                outcome = _attempt(name, complaint, user, target)
                assert (outcome is True) == (name in offered), (state, who, name, outcome)
                walked += 1
    assert walked == len(complaints) * len(people) * len(workflow_rules.STAFF_ACTIONS)


def test_the_table_offers_what_the_workflow_had(complaints, people):
    """A few fixed points, so a wrong table cannot pass the walk by being wrong twice."""

    def offered(state, who):
        complaints[state].refresh_from_db()
        return actions.available(people[who], complaints[state])

    assert offered(S.RECEIVED, "verifier") == [
        "verify",
        "disposition",
        "reject",
        "not-authority",
        "merge",
        "note",
        "redact",
    ]
    assert offered(S.DISPOSITIONED, "officer") == ["reply", "complete", "assign", "return", "note"]
    assert offered("returned once", "officer") == ["reply", "complete", "assign", "note"]
    assert offered(S.IN_PROGRESS, "supervisor") == ["note"]
    assert offered(S.CLOSED, "verifier") == ["note", "redact"]
    assert offered(S.IN_PROGRESS, "other agency") == []
    assert offered(S.RECEIVED, "citizen") == []


def test_refusals_through_the_staff_api_are_client_errors(client, complaints, people):
    for who in ("verifier", "officer"):
        client.force_login(people[who])
        for state in (S.CLOSED, S.MERGED, "returned once"):
            c = complaints[state]
            c.refresh_from_db()
            offered = actions.available(people[who], c)
            for name in workflow_rules.STAFF_ACTIONS:
                if name in offered:
                    continue
                response = client.post(
                    f"{API}/staff/reports/{c.tracking_number}/{name}",
                    {"note": "Catatan yang cukup panjang.", "agency": "dinas-a"},
                    content_type="application/json",
                )
                assert 400 <= response.status_code < 500, (who, state, name)
                assert response.json()["error"]["message"]


def test_reporter_options_follow_the_table(complaints):
    completed = complaints[S.COMPLETED]
    assert workflow_rules.is_allowed_from(completed, "rate")
    assert workflow_rules.is_allowed_from(completed, "reopen")
    completed.reopen_count = workflow_rules.MAX_REOPENS
    assert not workflow_rules.is_allowed_from(completed, "reopen")
    assert not workflow_rules.is_allowed_from(complaints[S.IN_PROGRESS], "rate")


def test_every_state_and_reporter_action_is_accepted_exactly_when_allowed(complaints):
    run = {
        "rate": lambda c: services.reporter_rate(complaint=c, rating=4, now=WITHIN_WINDOW),
        "reopen": lambda c: services.reporter_reopen(
            complaint=c, reason="Lubangnya muncul lagi.", now=WITHIN_WINDOW
        ),
        "reporter-reply": lambda c: services.reporter_reply(
            complaint=c, message="Tambahan informasi.", now=WITHIN_WINDOW
        ),
    }
    for state, complaint in complaints.items():
        complaint.refresh_from_db()
        for name, action in run.items():
            try:
                with transaction.atomic():
                    action(Complaint.objects.get(pk=complaint.pk))
                    raise _Undo
            except _Undo:
                accepted = True
            except ApplicationError:
                accepted = False
            assert accepted == workflow_rules.is_allowed_from(complaint, name), (state, name)
    assert not workflow_rules.is_allowed_from(complaints[S.CLOSED], "reporter-reply")
