"""Reads of the notifications app: what was sent to whom, for those allowed to know."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from s2c.core import permissions
from s2c.core.errors import PermissionDenied

from .models import Notification


def notification_list(*, actor, recipient=None) -> QuerySet[Notification]:
    """Messages sent to ``recipient`` (default: the actor), newest first. People see their
    own; province administrators see anyone's."""
    if not permissions.is_authenticated(actor):
        raise PermissionDenied(_("Sign in to see your notifications."))
    recipient = recipient or actor
    if recipient.pk != actor.pk and not permissions.is_province_admin(actor):
        raise PermissionDenied(_("You may only see your own notifications."))
    return Notification.objects.filter(recipient=recipient).order_by("-created_at", "-id")
