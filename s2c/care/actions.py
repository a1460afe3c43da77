"""Staff actions by name, shared by the staff pages and the staff API: each parses its
plain inputs (codes, text, files) and calls one service. Which actions are offered, to
whom and from which states is ``workflow_rules``' table."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from s2c.core.errors import ApplicationError
from s2c.core.models import Agency, User

from . import services, workflow_rules
from .models import Complaint
from .selectors import complaint_for_staff


@dataclass
class ActionInput:
    # The action's text: public for verify and disposition (a note for the reporter and
    # the public), reject, not-authority, reply and complete; staff-only for note, merge
    # and return.
    note: str = ""
    internal_note: str = ""  # staff only, with any action that changes the report
    agency: str = ""  # Agency.code
    related_agencies: list[str] = field(default_factory=list)
    officer: str = ""  # username ("" unassigns)
    into: str = ""  # tracking number of the original
    public_title: str = ""
    public_description: str = ""
    files: list = field(default_factory=list)


def _agency(code: str) -> Agency:
    agency = Agency.objects.filter(code=code, is_active=True).first() if code else None
    if agency is None:
        raise ApplicationError(_("Choose an active agency from the list."), code="agency")
    return agency


def _related(codes: list[str]) -> list[Agency]:
    codes = [c for c in codes if c]
    found = list(Agency.objects.filter(code__in=codes, is_active=True))
    if len(found) != len(set(codes)):
        raise ApplicationError(_("Choose related agencies from the list."), code="agency")
    return found


def _officer(username: str):
    if not username:
        return None
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise ApplicationError(_("Choose an officer from the list."), code="officer")
    return user


def _merge(c, by, d):
    return services.complaint_merge(
        complaint=c, by=by, note=d.note, into=complaint_for_staff(by, d.into)
    )


_RUNNERS: dict[str, Callable] = {
    "verify": lambda c, by, d: services.complaint_verify(
        complaint=c, by=by, note=d.note, internal_note=d.internal_note
    ),
    "reject": lambda c, by, d: services.complaint_reject(
        complaint=c, by=by, reason=d.note, internal_note=d.internal_note
    ),
    "not-authority": lambda c, by, d: services.complaint_not_authority(
        complaint=c, by=by, where_to_go=d.note, internal_note=d.internal_note
    ),
    "disposition": lambda c, by, d: services.complaint_disposition(
        complaint=c,
        by=by,
        agency=_agency(d.agency),
        related_agencies=_related(d.related_agencies),
        note=d.note,
        internal_note=d.internal_note,
    ),
    "return": lambda c, by, d: services.complaint_return(complaint=c, by=by, reason=d.note),
    "reply": lambda c, by, d: services.complaint_post_update(
        complaint=c, by=by, message=d.note, files=d.files, internal_note=d.internal_note
    ),
    "complete": lambda c, by, d: services.complaint_complete(
        complaint=c, by=by, resolution=d.note, files=d.files, internal_note=d.internal_note
    ),
    "note": lambda c, by, d: services.complaint_add_note(
        complaint=c, by=by, note=d.note, files=d.files
    ),
    "assign": lambda c, by, d: services.complaint_assign(
        complaint=c, by=by, officer=_officer(d.officer), internal_note=d.internal_note
    ),
    "merge": _merge,
    "redact": lambda c, by, d: services.complaint_redact(
        complaint=c, by=by, public_title=d.public_title, public_description=d.public_description
    ),
}

# The actions whose text is required (the services refuse them without it).
REQUIRED_NOTE = frozenset({"reject", "not-authority", "return", "reply", "complete", "note"})
# The actions whose form offers a staff-only note beside their own text.
WITH_INTERNAL_NOTE = frozenset(
    {"verify", "disposition", "reject", "not-authority", "reply", "complete", "assign"}
)


# name -> (label, runner), in the order of the workflow table.
ACTIONS: dict[str, tuple[object, Callable]] = {
    name: (workflow_rules.RULES[name].label, _RUNNERS[name])
    for name in workflow_rules.STAFF_ACTIONS
}


def run(name: str, *, complaint: Complaint, by, data: ActionInput):
    if name not in ACTIONS:
        raise ApplicationError(_("Unknown action."), code="unknown_action")
    return ACTIONS[name][1](complaint, by, data)


BULK = {"assign", "disposition"}


def run_bulk(name: str, *, numbers: list[str], by, data: ActionInput) -> int:
    """A bulk action over the given reports (each found through the staff selector)."""
    if name not in BULK:
        raise ApplicationError(
            _("This action cannot be applied to several reports."), code="unknown_action"
        )
    if not numbers:
        raise ApplicationError(_("Select at least one report."), code="nothing_selected")
    complaints = [complaint_for_staff(by, n) for n in numbers[:200]]
    if name == "assign":
        return services.complaints_bulk_assign(
            complaints=complaints, by=by, officer=_officer(data.officer)
        )
    return services.complaints_bulk_disposition(
        complaints=complaints, by=by, agency=_agency(data.agency)
    )


def done_message(name: str, complaint: Complaint) -> str:
    """The sentence that tells staff what their action did, from the report as it is now
    (e.g. "Report SC-2026-000123 was sent to Dinas PU.")."""
    facts = {"number": complaint.tracking_number}
    if name == "verify":
        return _("Report %(number)s is verified.") % facts
    if name == "disposition":
        agency = complaint.agency.name if complaint.agency_id else ""
        return _("Report %(number)s was sent to %(agency)s.") % {**facts, "agency": agency}
    if name == "reject":
        return _("Report %(number)s was rejected; the reporter is told why.") % facts
    if name == "not-authority":
        return (
            _(
                "Report %(number)s is marked as not the province's authority; the reporter is "
                "told where to go instead."
            )
            % facts
        )
    if name == "merge":
        into = complaint.merged_into.tracking_number if complaint.merged_into_id else ""
        return _("Report %(number)s was merged into %(into)s.") % {**facts, "into": into}
    if name == "reply":
        return _("Your reply on report %(number)s is published; the reporter is notified.") % (
            facts
        )
    if name == "complete":
        return _("Report %(number)s is completed; the reporter may now rate it.") % facts
    if name == "assign":
        if complaint.assigned_to_id:
            return _("Report %(number)s was assigned to %(officer)s.") % {
                **facts,
                "officer": complaint.assigned_to,
            }
        return _("Report %(number)s is no longer assigned to anyone.") % facts
    if name == "return":
        return _("Report %(number)s was returned to the province's verifiers.") % facts
    if name == "note":
        return _("Your internal note on report %(number)s was saved.") % facts
    if name == "redact":
        return _("The public version of report %(number)s was saved.") % facts
    raise ValueError(f"No message for the action {name!r}")


def bulk_done_message(name: str, count: int, data: ActionInput) -> str:
    """What a bulk action did, as a sentence."""
    if name == "assign" and data.officer:
        officer = User.objects.filter(username=data.officer).first()
        return ngettext(
            "%(count)s report was assigned to %(officer)s.",
            "%(count)s reports were assigned to %(officer)s.",
            count,
        ) % {"count": count, "officer": officer or data.officer}
    if name == "assign":
        return ngettext(
            "%(count)s report is no longer assigned to anyone.",
            "%(count)s reports are no longer assigned to anyone.",
            count,
        ) % {"count": count}
    agency = Agency.objects.filter(code=data.agency).first()
    return ngettext(
        "%(count)s report was sent to %(agency)s.",
        "%(count)s reports were sent to %(agency)s.",
        count,
    ) % {"count": count, "agency": agency.name if agency else data.agency}


def available(user, complaint: Complaint) -> list[str]:
    """The actions to offer ``user`` on this complaint now (the services check again,
    against the same table)."""
    return workflow_rules.available(user, complaint)
