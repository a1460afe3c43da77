"""The service's reads: what anyone may see, and what a staff member works on."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from s2c.core import permissions
from s2c.core.errors import NotFound

from .models import Item


def public_items() -> QuerySet[Item]:
    return Item.objects.filter(is_public=True, agency__is_active=True).select_related("agency")


def item_for_public(*, public_id) -> Item:
    item = public_items().filter(public_id=public_id).first()
    if item is None:
        raise NotFound(_("No such item."))
    return item


def items_for_staff(*, user) -> QuerySet[Item]:
    """The items of the user's agencies (every item for a province admin)."""
    qs = Item.objects.select_related("agency")
    if permissions.is_province_admin(user):
        return qs
    return qs.filter(agency_id__in=permissions.agency_ids(user))


def agencies_for_staff(*, user):
    from s2c.core.models import Agency

    qs = Agency.objects.filter(is_active=True).order_by("name")
    if permissions.is_province_admin(user):
        return qs
    return qs.filter(pk__in=permissions.agency_ids(user))
