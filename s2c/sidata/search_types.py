"""What Sidata puts in core search: its public items."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from s2c.core import search


def item_document(item) -> search.Document | None:
    if not item.is_public:
        return None  # removes it from the index
    return search.Document(
        title=item.title,
        url=item.get_absolute_url(),
        summary=item.description[:300],
        body=item.description,
        visibility="public",
        agency_id=item.agency_id,
    )


def _items():
    from .models import Item

    return Item.objects.filter(is_public=True)


ITEM = search.SearchType(
    key="sidata.item",
    label=_("Sidata items"),
    model="sidata.Item",
    document=item_document,
    queryset=_items,
)
