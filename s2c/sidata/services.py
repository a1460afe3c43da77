"""The service's writes: typed, keyword-only, in one transaction, validated and audited."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from s2c.core import audit, permissions, search
from s2c.core.errors import PermissionDenied

from .models import Item

AUDITED = ["title", "description", "is_public"]


@transaction.atomic
def item_create(
    *,
    agency,
    title: str,
    description: str = "",
    is_public: bool = False,
    by,
) -> Item:
    """Add an item for ``agency``; only its staff (or a province admin) may."""
    if not permissions.can_act_for_agency(by, agency):
        raise PermissionDenied(_("You may not add items for this agency."))
    item = Item(
        agency=agency,
        title=title.strip(),
        description=description.strip(),
        is_public=is_public,
        created_by=by,
    )
    item.full_clean()
    item.save()
    audit.record(
        actor=by,
        action="sidata.item.create",
        obj=item,
        after=audit.snapshot(item, AUDITED),
    )
    search.index(item)  # in the same transaction: a rollback takes it out again
    return item
