"""Writes to the catalogue and its publication workflow.

draft ──submit──▶ draft (review requested) ──publish──▶ published ──withdraw──▶ withdrawn
published + an agency admin's edit ──▶ pending revision ──approve──▶ published (changed)
                                                        └─reject──▶ published (unchanged)
Province administrators edit any service in place; agency admins edit drafts in place and
propose changes to published services. Every transition is in the audit log.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from s2c.core import audit, permissions
from s2c.core.errors import ApplicationError, Conflict
from s2c.core.models import Agency

from ..content import ServiceContent, apply_content, changes, content_of
from ..indexing import reindex_service_on_commit
from ..models import MonitoredEndpoint, Service, ServiceRevision
from ._common import require_manage, require_province_admin

S = Service.Status


def _unique_code(base: str) -> str:
    base = slugify(base)[:72].strip("-") or "layanan"
    code, n = base, 1
    while Service.objects.filter(code=code).exists():
        n += 1
        code = f"{base}-{n}"
    return code


def _locked(service: Service) -> Service:
    return Service.objects.select_for_update().select_related("agency").get(pk=service.pk)


def _require_complete(content: ServiceContent) -> None:
    missing = content.missing_for_publication()
    if missing:
        raise ApplicationError(
            _("The Standar Pelayanan is incomplete: add %(missing)s.")
            % {"missing": ", ".join(str(m) for m in missing)},
            code="incomplete",
            extra={"missing": [str(m) for m in missing]},
        )


def _ensure_online_endpoint(service: Service, by) -> None:
    """A published service's online channel is monitored on the status page."""
    if not service.online_url:
        return
    endpoint = MonitoredEndpoint.objects.filter(
        agency_id=service.agency_id, url=service.online_url
    ).first()
    if endpoint is None:
        endpoint = MonitoredEndpoint.objects.create(
            agency_id=service.agency_id,
            service=service,
            name=service.name[:200],
            url=service.online_url,
            kind=MonitoredEndpoint.Kind.ONLINE_SERVICE,
        )
        audit.record(
            actor=by, action="portal.endpoint.create", obj=endpoint, after=audit.snapshot(endpoint)
        )
    elif endpoint.service_id is None:
        endpoint.service = service
        endpoint.save(update_fields=["service", "updated_at"])


@transaction.atomic
def service_create(*, by, agency: Agency, content: ServiceContent, code: str = "") -> Service:
    """A new service, as a draft of ``agency``."""
    require_manage(by=by, agency_id=agency.pk)
    content.validate(agency_id=agency.pk)
    if code:
        if slugify(code) != code or len(code) > 80:
            raise ApplicationError(
                _("A service code may hold only lower-case letters, digits and hyphens."),
                extra={
                    "fields": {
                        "code": [
                            _(
                                "Use only lower-case letters, digits and hyphens, e.g. "
                                "bapenda-perpanjangan-stnk."
                            )
                        ]
                    }
                },
            )
        if Service.objects.filter(code=code).exists():
            raise Conflict(
                _("The service code %(code)s is already taken.") % {"code": code},
                extra={"fields": {"code": [_("This code is already taken.")]}},
            )
    service = Service(
        agency=agency,
        code=code or _unique_code(f"{agency.code}-{content.name}"),
        created_by=by if permissions.is_authenticated(by) else None,
    )
    service.name = content.name
    service.save()
    apply_content(service, content)
    audit.record(
        actor=by,
        action="portal.service.create",
        obj=service,
        after={"status": service.status, **content.to_dict()},
    )
    return service


@transaction.atomic
def service_update(
    *, by, service: Service, content: ServiceContent
) -> tuple[Service, ServiceRevision | None]:
    """Change a service. A published service changed by an agency admin gets a pending
    revision instead (returned), and the public keeps seeing the published version."""
    service = _locked(service)
    require_manage(by=by, agency_id=service.agency_id)
    content.validate(agency_id=service.agency_id)
    current = content_of(service)
    if not changes(current, content):
        raise ApplicationError(_("Nothing was changed."), code="no_change")
    if service.status == S.PUBLISHED and not permissions.is_province_admin(by):
        _require_complete(content)
        revision = ServiceRevision.objects.filter(service=service, status="pending").first()
        action = "portal.revision.update"
        if revision is None:
            revision = ServiceRevision(service=service, submitted_by=by)
            action = "portal.revision.submit"
        revision.content = content.to_dict()
        revision.submitted_by = by
        revision.save()
        audit.record(
            actor=by,
            action=action,
            obj=service,
            before=current.to_dict(),
            after=content.to_dict(),
            note=_("Revision %(id)s waits for approval.") % {"id": revision.pk},
        )
        return service, revision
    if service.status == S.PUBLISHED:
        _require_complete(content)
    apply_content(service, content)
    audit.record(
        actor=by,
        action="portal.service.update",
        obj=service,
        before=current.to_dict(),
        after=content.to_dict(),
    )
    if service.status == S.PUBLISHED:
        _ensure_online_endpoint(service, by)
        reindex_service_on_commit(service.pk)
    return service, None


@transaction.atomic
def service_submit(*, by, service: Service) -> Service:
    """An agency admin asks the province to publish a draft (or republish a withdrawn
    service)."""
    service = _locked(service)
    require_manage(by=by, agency_id=service.agency_id)
    if service.status == S.PUBLISHED:
        raise Conflict(_("This service is already published."))
    _require_complete(content_of(service))
    service.review_requested_at = timezone.now()
    service.save(update_fields=["review_requested_at", "updated_at"])
    audit.record(actor=by, action="portal.service.submit", obj=service)
    return service


@transaction.atomic
def service_publish(*, by, service: Service, note: str = "") -> Service:
    service = _locked(service)
    require_province_admin(by=by)
    if service.status == S.PUBLISHED:
        raise Conflict(_("This service is already published."))
    _require_complete(content_of(service))
    before = audit.snapshot(service, ["status", "published_at", "review_requested_at"])
    service.status = S.PUBLISHED
    service.published_at = service.published_at or timezone.now()
    service.review_requested_at = None
    service.save(update_fields=["status", "published_at", "review_requested_at", "updated_at"])
    audit.record(
        actor=by,
        action="portal.service.publish",
        obj=service,
        before=before,
        after=audit.snapshot(service, ["status", "published_at", "review_requested_at"]),
        note=note,
    )
    _ensure_online_endpoint(service, by)
    reindex_service_on_commit(service.pk)
    return service


@transaction.atomic
def service_withdraw(*, by, service: Service, note: str) -> Service:
    """Take a service off the public catalogue (it stays, for the record)."""
    service = _locked(service)
    require_manage(by=by, agency_id=service.agency_id)
    if service.status != S.PUBLISHED:
        raise Conflict(_("Only a published service can be withdrawn."))
    if not note.strip():
        raise ApplicationError(
            _("Say why the service is withdrawn."), extra={"fields": {"note": [_("Required.")]}}
        )
    service.status = S.WITHDRAWN
    service.save(update_fields=["status", "updated_at"])
    ServiceRevision.objects.filter(service=service, status="pending").update(
        status=ServiceRevision.Status.CANCELLED, reviewed_at=timezone.now()
    )
    audit.record(
        actor=by,
        action="portal.service.withdraw",
        obj=service,
        before={"status": S.PUBLISHED},
        after={"status": S.WITHDRAWN},
        note=note.strip(),
    )
    reindex_service_on_commit(service.pk)
    return service


def _locked_revision(revision: ServiceRevision) -> ServiceRevision:
    return ServiceRevision.objects.select_for_update().select_related("service").get(pk=revision.pk)


@transaction.atomic
def revision_approve(*, by, revision: ServiceRevision, note: str = "") -> Service:
    """Publish the proposed change: the public sees it from now on."""
    require_province_admin(by=by)
    revision = _locked_revision(revision)
    if revision.status != ServiceRevision.Status.PENDING:
        raise Conflict(_("This revision is no longer waiting for approval."))
    service = _locked(revision.service)
    content = ServiceContent.from_dict(revision.content)
    content.validate(agency_id=service.agency_id)
    _require_complete(content)
    before = content_of(service)
    apply_content(service, content)
    revision.status = ServiceRevision.Status.APPROVED
    revision.reviewed_by = by
    revision.reviewed_at = timezone.now()
    revision.review_note = note.strip()
    revision.save()
    audit.record(
        actor=by,
        action="portal.revision.approve",
        obj=service,
        before=before.to_dict(),
        after=content.to_dict(),
        note=note.strip() or _("Revision %(id)s approved.") % {"id": revision.pk},
    )
    if service.status == S.PUBLISHED:
        _ensure_online_endpoint(service, by)
        reindex_service_on_commit(service.pk)
    return service


@transaction.atomic
def revision_reject(*, by, revision: ServiceRevision, note: str) -> ServiceRevision:
    require_province_admin(by=by)
    revision = _locked_revision(revision)
    if revision.status != ServiceRevision.Status.PENDING:
        raise Conflict(_("This revision is no longer waiting for approval."))
    if not note.strip():
        raise ApplicationError(
            _("Tell the agency why the change is rejected."),
            extra={"fields": {"note": [_("Required.")]}},
        )
    revision.status = ServiceRevision.Status.REJECTED
    revision.reviewed_by = by
    revision.reviewed_at = timezone.now()
    revision.review_note = note.strip()
    revision.save()
    audit.record(
        actor=by,
        action="portal.revision.reject",
        obj=revision.service,
        note=note.strip(),
        after={"revision": revision.pk, "status": revision.status},
    )
    return revision


@transaction.atomic
def revision_cancel(*, by, revision: ServiceRevision) -> ServiceRevision:
    """The agency takes back its own proposed change."""
    revision = _locked_revision(revision)
    require_manage(by=by, agency_id=revision.service.agency_id)
    if revision.status != ServiceRevision.Status.PENDING:
        raise Conflict(_("This revision is no longer waiting for approval."))
    revision.status = ServiceRevision.Status.CANCELLED
    revision.reviewed_at = timezone.now()
    revision.save()
    audit.record(
        actor=by,
        action="portal.revision.cancel",
        obj=revision.service,
        after={"revision": revision.pk, "status": revision.status},
    )
    return revision
