"""The audit log: every staff write goes through ``record`` (services call it inside their
transaction, so a rolled-back write leaves no entry)."""

from __future__ import annotations

import contextvars
import datetime as dt
import decimal
import uuid
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models.fields.files import FieldFile

from .models import AuditEntry


@dataclass
class RequestContext:
    ip_address: str | None = None
    request_id: str = ""


_context: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar(
    "s2c_audit_context", default=None
)


def set_request_context(ctx: RequestContext | None):
    return _context.set(ctx)


def reset_request_context(token) -> None:
    _context.reset(token)


def _jsonable(value: Any) -> Any:
    if isinstance(value, FieldFile):
        return value.name or ""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    return str(value)


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The concrete field values of ``obj`` as JSON-safe data (foreign keys as ids)."""
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if field.name in {"password"}:
            continue
        data[field.attname] = _jsonable(getattr(obj, field.attname))
    return data


def diff(before: dict | None, after: dict | None) -> tuple[dict | None, dict | None]:
    """Only the keys that changed, on both sides."""
    if before is None or after is None:
        return before, after
    keys = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
    return {k: before.get(k) for k in sorted(keys)}, {k: after.get(k) for k in sorted(keys)}


def record(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    object_type: str | None = None,
    object_id: str | int | None = None,
    object_repr: str | None = None,
    agency=None,
    before: dict | None = None,
    after: dict | None = None,
    note: str = "",
    only_changes: bool = True,
) -> AuditEntry:
    """Append one entry. ``before``/``after`` are snapshots; with ``only_changes`` the
    entry keeps just the fields that differ."""
    if only_changes:
        before, after = diff(before, after)
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id if object_id is not None else obj.pk
        object_repr = object_repr if object_repr is not None else str(obj)[:300]
        if agency is None:
            agency_id = getattr(obj, "agency_id", None)
            if agency_id is None and obj._meta.label_lower == "core.agency":
                agency_id = obj.pk
        else:
            agency_id = agency if isinstance(agency, int) else agency.pk
    else:
        agency_id = agency if isinstance(agency, int) or agency is None else agency.pk
    ctx = _context.get() or RequestContext()
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEntry.objects.create(
        actor=actor if is_user else None,
        actor_repr=(str(actor)[:200] if is_user else "system"),
        action=action,
        object_type=object_type or "",
        object_id=str(object_id or ""),
        object_repr=(object_repr or "")[:300],
        agency_id=agency_id,
        before=_jsonable(before),
        after=_jsonable(after),
        note=note,
        ip_address=ctx.ip_address,
        request_id=ctx.request_id,
    )
