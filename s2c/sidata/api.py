"""The service's API: this router is mounted by the one NinjaAPI at
/api/v1/sidata/."""

from __future__ import annotations

from uuid import UUID

from ninja import Router
from ninja.pagination import paginate

from s2c.core.api_pagination import PagePagination

from . import selectors
from .api_datasets import datasets_router
from .schemas import ItemOut

router = Router(tags=["sidata"])
router.add_router("", datasets_router)


@router.get("/items", response=list[ItemOut], summary="Public items")
@paginate(PagePagination)
def list_items(request):
    return selectors.public_items()


@router.get("/items/{public_id}", response=ItemOut, summary="One public item")
def get_item(request, public_id: UUID):
    return selectors.item_for_public(public_id=public_id)
