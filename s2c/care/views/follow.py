"""The reporter's own page behind the secret follow-up link: no account needed."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from s2c.core import calendar
from s2c.core.errors import ApplicationError
from s2c.core.forms import apply_error
from s2c.core.views.decorators import public_view

from .. import deadlines, presenters, roles, selectors, services
from ..forms import RatingForm, ReopenForm, ReplyForm
from ..models import Attachment, ComplaintEvent
from .public import file_response


def _page(request, secret, complaint, *, reply=None, rating=None, reopen=None, status=200):
    options = presenters.reporter_options(complaint, calendar.today())
    timeline = presenters.public_timeline(complaint)
    own_replies = [
        presenters.TimelineEntry(
            event=e,
            label=str(ComplaintEvent.Kind(e.kind).label),
            actor=str(presenters.ROLE_LABELS[ComplaintEvent.Role.REPORTER]),
            note=e.note,
        )
        for e in complaint.events.filter(kind=ComplaintEvent.Kind.REPORTER_REPLY)
    ]
    timeline = sorted(timeline + own_replies, key=lambda t: (t.event.at, t.event.pk))
    original = complaint.merged_into if complaint.merged_into_id else None
    return render(
        request,
        "care/follow.html",
        {
            "complaint": complaint,
            "secret": secret,
            "options": options,
            "countdown": deadlines.countdown(complaint),
            "timeline": timeline,
            "original": original,
            "original_timeline": presenters.public_timeline(original) if original else [],
            "files": complaint.attachments.filter(uploaded_by_role=ComplaintEvent.Role.REPORTER),
            "answers": presenters.attribute_answers(complaint),
            "reply_form": reply or ReplyForm(),
            "rating_form": rating or RatingForm(),
            "reopen_form": reopen or ReopenForm(),
        },
        status=status,
    )


@require_GET
@public_view
def follow(request, secret: str):
    complaint = selectors.complaint_for_secret(secret)
    return _page(request, secret, complaint)


@require_POST
@public_view
def follow_action(request, secret: str, action: str):
    complaint = selectors.complaint_for_secret(secret)
    forms = {"reply": ReplyForm, "rate": RatingForm, "reopen": ReopenForm}
    if action not in forms:
        raise Http404
    form = forms[action](request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            if action == "reply":
                services.reporter_reply(
                    complaint=complaint, message=d["message"], files=request.FILES.getlist("files")
                )
                messages.success(request, _msg("reply"))
            elif action == "rate":
                services.reporter_rate(
                    complaint=complaint, rating=d["rating"], comment=d["comment"]
                )
                messages.success(request, _msg("rate"))
            else:
                services.reporter_reopen(complaint=complaint, reason=d["reason"])
                messages.success(request, _msg("reopen"))
        except ApplicationError as exc:
            apply_error(form, exc)
        else:
            return redirect("care:follow", secret)
    key = {"reply": "reply", "rate": "rating", "reopen": "reopen"}[action]
    return _page(request, secret, selectors.complaint_for_secret(secret), status=400, **{key: form})


def _msg(action: str) -> str:
    return {
        "reply": _("Your reply was sent to the officers handling your report."),
        "rate": _("Thank you for rating the resolution. The report is now closed."),
        "reopen": _("Your report is reopened; the agency has been told why."),
    }[action]


@require_GET
@public_view
def follow_file(request, secret: str, pk: int):
    """A file of the reporter's own report (their own uploads and the public files)."""
    complaint = selectors.complaint_for_secret(secret)
    a = Attachment.objects.filter(pk=pk, complaint=complaint).first()
    if a is None or not roles.can_see_attachment(request.user, a, via=roles.REPORTER):
        raise Http404
    return file_response(a)
