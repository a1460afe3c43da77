"""Permission checks shared by the portal's services."""

from __future__ import annotations

from django.utils.translation import gettext as _

from s2c.core import permissions
from s2c.core.errors import PermissionDenied


def require_manage(*, by, agency_id: int) -> None:
    if not permissions.can_manage_agency(by, agency_id):
        raise PermissionDenied(_("Only this agency's administrators may change it."))


def require_province_admin(*, by) -> None:
    if not permissions.is_province_admin(by):
        raise PermissionDenied(_("Only province administrators may do this."))
