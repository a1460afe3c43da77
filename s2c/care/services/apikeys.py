"""Open311 API keys: issued to apps by province administrators, shown once, revocable."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from s2c.core import audit, permissions
from s2c.core.errors import ApplicationError, PermissionDenied

from ..models import ApiKey

KEY_PREFIX = "s2c311_"


@dataclass
class IssuedKey:
    api_key: ApiKey
    key: str  # shown once


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_key_issue(*, by, name: str, owner=None, contact_email: str = "") -> IssuedKey:
    if not permissions.is_province_admin(by):
        raise PermissionDenied(_("Only province administrators may issue API keys."))
    name = " ".join((name or "").split())
    if not 3 <= len(name) <= 150:
        raise ApplicationError(_("Give the app a name of 3 to 150 characters."), code="name")
    contact_email = (contact_email or "").strip()
    if contact_email:
        try:
            validate_email(contact_email)
        except ValidationError:
            raise ApplicationError(_("Enter a valid email address."), code="email") from None
    key = KEY_PREFIX + secrets.token_urlsafe(30)
    with transaction.atomic():
        api_key = ApiKey.objects.create(
            name=name,
            owner=owner,
            contact_email=contact_email,
            prefix=key[:12],
            key_hash=hash_key(key),
            created_by=by,
        )
        audit.record(
            actor=by,
            action="care.apikey.issue",
            obj=api_key,
            after=audit.snapshot(api_key, ["name", "prefix", "owner", "is_active"]),
            only_changes=False,
        )
    return IssuedKey(api_key=api_key, key=key)


def api_key_revoke(*, by, api_key: ApiKey) -> ApiKey:
    if not permissions.is_province_admin(by):
        raise PermissionDenied(_("Only province administrators may revoke API keys."))
    with transaction.atomic():
        before = audit.snapshot(api_key, ["is_active"])
        api_key.is_active = False
        api_key.revoked_at = timezone.now()
        api_key.save(update_fields=["is_active", "revoked_at"])
        audit.record(
            actor=by,
            action="care.apikey.revoke",
            obj=api_key,
            before=before,
            after=audit.snapshot(api_key, ["is_active"]),
        )
    return api_key


def api_key_for(key: str) -> ApiKey | None:
    """The active key matching ``key`` (used by the Open311 adapter)."""
    if not key or not key.startswith(KEY_PREFIX):
        return None
    api_key = ApiKey.objects.filter(key_hash=hash_key(key), is_active=True).first()
    if api_key is not None:
        ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=timezone.now())
    return api_key
