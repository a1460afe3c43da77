"""The complaint's workflow as one table: for every action, the states it is allowed from,
who may take it and the state that follows.

The workflow services (``s2c.care.services``) check an action against this table before
they change anything, and ``s2c.care.actions.available`` offers exactly the staff actions
the table allows, so the staff page, the staff API and the services cannot disagree. No
other module lists which states an action is allowed from.

This module reads only the models and ``roles``; the services import it, never the
other way round.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from s2c.core import permissions
from s2c.core.errors import Conflict, PermissionDenied

from . import roles
from .models import Complaint

S = Complaint.Status
ANY_STATUS = frozenset(S.values)
# How often a reporter may reopen a completed complaint.
MAX_REOPENS = 2
# How often an agency may return a complaint to the verifiers.
MAX_RETURNS = 1


class Who(StrEnum):
    """Who may take an action."""

    VERIFIER = "verifier"  # the province's verifiers (and administrators)
    AGENCY = "agency"  # staff of the responsible agency
    STAFF = "staff"  # anyone who may open the complaint in the staff area
    REPORTER = "reporter"  # the reporter, through the secret follow-up link
    SYSTEM = "system"  # the background check (``services.deadlines_check``)


@dataclass(frozen=True)
class Rule:
    action: str
    label: object  # lazy text: the staff button's label ("" for the reporter's actions)
    allowed_from: frozenset[str]
    who: Who
    leads_to: str | None  # the state that follows; None: the state stays
    done: object  # lazy text: "This complaint cannot be <done> while it is …"
    refusal: object = None  # lazy text: why someone else may not (default by ``who``)
    # A refusal of the state other than "cannot be <done> while it is …": (text, code).
    state_refusal: tuple | None = None


# The staff actions in the order the staff page and the API offer them, then the
# reporter's and the background check's. ``disposition`` from "received" verifies on the
# way; ``return`` is allowed MAX_RETURNS times, ``reopen`` MAX_REOPENS times.
RULES: dict[str, Rule] = {
    rule.action: rule
    for rule in [
        Rule(
            "verify",
            gettext_lazy("Verify"),
            frozenset({S.RECEIVED}),
            Who.VERIFIER,
            S.VERIFIED,
            gettext_lazy("verified"),
        ),
        Rule(
            "disposition",
            gettext_lazy("Send to agency"),
            Complaint.VERIFIER_STATUSES,
            Who.VERIFIER,
            S.DISPOSITIONED,
            gettext_lazy("sent to an agency"),
        ),
        Rule(
            "reject",
            gettext_lazy("Reject"),
            Complaint.VERIFIER_STATUSES,
            Who.VERIFIER,
            S.REJECTED,
            gettext_lazy("rejected"),
        ),
        Rule(
            "not-authority",
            gettext_lazy("Not the province's authority"),
            Complaint.VERIFIER_STATUSES,
            Who.VERIFIER,
            S.NOT_AUTHORITY,
            gettext_lazy("marked as not the province's authority"),
        ),
        Rule(
            "merge",
            gettext_lazy("Merge into another report"),
            Complaint.OPEN_STATUSES,
            Who.VERIFIER,
            S.MERGED,
            gettext_lazy("merged"),
        ),
        Rule(
            "reply",
            gettext_lazy("Post a public reply"),
            Complaint.AGENCY_STATUSES,
            Who.AGENCY,
            S.IN_PROGRESS,
            gettext_lazy("answered"),
        ),
        Rule(
            "complete",
            gettext_lazy("Complete"),
            Complaint.AGENCY_STATUSES,
            Who.AGENCY,
            S.COMPLETED,
            gettext_lazy("completed"),
        ),
        Rule(
            "assign",
            gettext_lazy("Assign"),
            Complaint.AGENCY_STATUSES,
            Who.AGENCY,
            None,
            gettext_lazy("assigned"),
            gettext_lazy("Only staff of the responsible agency may assign reports."),
        ),
        Rule(
            "return",
            gettext_lazy("Return to the verifier"),
            frozenset({S.DISPOSITIONED}),
            Who.AGENCY,
            S.VERIFIED,
            gettext_lazy("returned"),
        ),
        Rule(
            "note",
            gettext_lazy("Add an internal note"),
            ANY_STATUS,
            Who.STAFF,
            None,
            "",
        ),
        Rule(
            "redact",
            gettext_lazy("Save the public version"),
            ANY_STATUS,
            Who.VERIFIER,
            None,
            "",
            gettext_lazy("Only the province's verifiers may redact reports."),
        ),
        Rule(
            "rate",
            "",
            frozenset({S.COMPLETED}),
            Who.REPORTER,
            S.CLOSED,
            gettext_lazy("rated"),
        ),
        Rule(
            "reopen",
            "",
            frozenset({S.COMPLETED}),
            Who.REPORTER,
            S.IN_PROGRESS,
            gettext_lazy("reopened"),
        ),
        Rule(
            "reporter-reply",
            "",
            ANY_STATUS - {S.CLOSED},
            Who.REPORTER,
            None,
            "",
            state_refusal=(
                gettext_lazy("This report is closed; submit a new report instead."),
                "closed",
            ),
        ),
        Rule(
            "close-expired",
            "",
            frozenset({S.COMPLETED}),
            Who.SYSTEM,
            S.CLOSED,
            "",
        ),
    ]
}
STAFF_ACTIONS = [name for name, rule in RULES.items() if rule.who not in (Who.REPORTER, Who.SYSTEM)]
# A complaint in these states cannot receive the duplicates merged into it.
NOT_MERGE_TARGETS = frozenset({S.MERGED, S.REJECTED, S.NOT_AUTHORITY})

_REFUSALS = {
    Who.VERIFIER: gettext_lazy("Only the province's verifiers may do this."),
    Who.AGENCY: gettext_lazy("Only staff of the responsible agency may do this."),
    Who.STAFF: gettext_lazy("You may not work on this report."),
}


def _stored_agency_id(complaint: Complaint) -> int | None:
    """The responsible agency on the stored row (the caller's copy may predate a
    disposition); the complaint as given when it is not saved."""
    if complaint.pk is None:
        return complaint.agency_id
    return Complaint.objects.filter(pk=complaint.pk).values_list("agency_id", flat=True).first()


def may_act(user, complaint: Complaint, action: str) -> bool:
    """Whether ``user`` holds the role the action needs on this complaint (any state)."""
    who = RULES[action].who
    if who == Who.VERIFIER:
        return roles.is_verifier(user)
    if who == Who.AGENCY:
        return roles.can_act_as_agency(user, complaint)
    if who == Who.STAFF:
        return roles.can_view(user, complaint)
    return False  # the reporter (secret link) and the background check are not users


def is_allowed_from(complaint: Complaint, action: str) -> bool:
    """Whether the action is allowed from the complaint's state (and its counters)."""
    if complaint.status not in RULES[action].allowed_from:
        return False
    if action == "return":
        return complaint.return_count < MAX_RETURNS
    if action == "reopen":
        return complaint.reopen_count < MAX_REOPENS
    return True


def available(user, complaint: Complaint) -> list[str]:
    """The staff actions ``user`` may take on this complaint now, in the table's order."""
    return [
        name
        for name in STAFF_ACTIONS
        if may_act(user, complaint, name) and is_allowed_from(complaint, name)
    ]


def require_role(user, complaint: Complaint, action: str) -> None:
    """Refuse someone who may not take the action (checked on the stored row for the
    agency's actions)."""
    rule = RULES[action]
    if rule.who == Who.AGENCY:
        allowed = permissions.has_agency_role(user, _stored_agency_id(complaint))
    else:
        allowed = may_act(user, complaint, action)
    if not allowed:
        raise PermissionDenied(str(rule.refusal or _REFUSALS[rule.who]))


def require_state(complaint: Complaint, action: str) -> None:
    """Refuse an action that the complaint's state does not allow (the caller has locked
    the row); the counters are checked by ``require_within_limits``."""
    rule = RULES[action]
    if complaint.status not in rule.allowed_from and rule.state_refusal:
        message, code = rule.state_refusal
        raise Conflict(str(message), code=code)
    if complaint.status not in rule.allowed_from:
        raise Conflict(
            _("This report cannot be %(action)s while it is “%(status)s”.")
            % {"action": rule.done, "status": complaint.get_status_display()},
            code="invalid_status",
            extra={"status": complaint.status},
        )


def require_within_limits(complaint: Complaint, action: str) -> None:
    """Refuse a second return or a reopening beyond MAX_REOPENS."""
    if action == "return" and complaint.return_count >= MAX_RETURNS:
        raise Conflict(
            _("This report was already returned once; ask the province supervisor to route it."),
            code="already_returned",
        )
    if action == "reopen" and complaint.reopen_count >= MAX_REOPENS:
        raise Conflict(
            _("This report was already reopened %(n)s times; please submit a new report.")
            % {"n": MAX_REOPENS},
            code="reopen_limit",
        )


def require_merge_target(into: Complaint) -> None:
    """Refuse merging into a complaint that cannot receive duplicates."""
    if into.status in NOT_MERGE_TARGETS:
        raise Conflict(
            _("Report %(number)s cannot receive duplicates.") % {"number": into.tracking_number},
            code="merge_target",
        )
