"""Atom feeds of new and updated public reports: for all, per agency and per region.
Items carry only the public (redacted, masked) text: no confidential report and no
reporter's identity ever appears.

An entry's summary is Atom's ``type="html"``: the report's text is escaped into HTML
paragraphs once here (so a reader shows markup in a report as text), and the XML writer
escapes that HTML once more, as XML needs. Every text passes ``core.textinput.xml_text``
on its way out, so the feed is well-formed whatever was stored."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import linebreaks
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from s2c.core import registry
from s2c.core.models import Agency, Region
from s2c.core.textinput import xml_text

from . import presenters, selectors
from .models import Complaint

ITEMS = 50


def _xml_safe(value):
    if isinstance(value, str):
        return xml_text(value)
    if isinstance(value, list | tuple):
        return type(value)(_xml_safe(v) for v in value)
    return value


class XmlSafeAtom1Feed(Atom1Feed):
    """Atom whose every text, the feed's and each entry's, holds only what XML 1.0 can
    carry: stored text from before the input rule cannot break the feed (Django refuses
    control characters with a 500)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*map(_xml_safe, args), **{k: _xml_safe(v) for k, v in kwargs.items()})

    def add_item(self, *args, **kwargs):
        super().add_item(*map(_xml_safe, args), **{k: _xml_safe(v) for k, v in kwargs.items()})


class _ReportFeed(Feed):
    feed_type = XmlSafeAtom1Feed
    updated = False  # "new" feeds order by receipt, "updated" feeds by last public change

    def get_object(self, request, code: str | None = None):
        return self.find(code) if code else None

    def find(self, code: str):
        return None

    def filters(self, obj) -> selectors.PublicFilters:
        return selectors.PublicFilters()

    def items(self, obj):
        qs = selectors.public_complaints(self.filters(obj))
        if self.updated:
            qs = qs.order_by("-public_updated_at", "-id")
        return qs[:ITEMS]

    def scope(self, obj) -> str:
        return _("Sumsel Care")

    def title(self, obj):
        if self.updated:
            return _("Updated public reports — %(scope)s") % {"scope": self.scope(obj)}
        return _("New public reports — %(scope)s") % {"scope": self.scope(obj)}

    def link(self, obj):
        return reverse("care:public-list")

    def subtitle(self, obj):
        return _("Reports to the Province of South Sumatra and the agencies' answers.")

    def item_title(self, item: Complaint):
        return f"{item.tracking_number}: {presenters.public_title(item)}"

    def item_description(self, item: Complaint):
        """The summary as HTML: each part's text escaped, its lines kept."""
        parts = [
            presenters.public_description(item),
            _("Status: %(status)s") % {"status": Complaint.Status(item.status).label},
        ]
        if item.agency_id:
            parts.append(_("Agency: %(agency)s") % {"agency": item.agency.name})
        if item.resolution:
            parts.append(_("Resolution: %(text)s") % {"text": presenters.pii.mask(item.resolution)})
        return "\n".join(linebreaks(part, autoescape=True) for part in parts)

    def item_link(self, item: Complaint):
        return item.get_absolute_url()

    def item_pubdate(self, item: Complaint):
        return item.created_at

    def item_updateddate(self, item: Complaint):
        return item.public_updated_at

    def item_categories(self, item: Complaint):
        return [item.category.name]


class NewReports(_ReportFeed):
    pass


class UpdatedReports(_ReportFeed):
    updated = True


class _AgencyMixin:
    def find(self, code):
        return get_object_or_404(Agency, code=code, is_active=True)

    def filters(self, obj):
        return selectors.PublicFilters(agency=obj.code)

    def scope(self, obj):
        return obj.name

    def link(self, obj):
        return reverse("care:public-list") + f"?agency={obj.code}"


class _RegionMixin:
    def find(self, code):
        return get_object_or_404(Region, code=code)

    def filters(self, obj):
        return selectors.PublicFilters(region=obj.code)

    def scope(self, obj):
        return obj.display_name

    def link(self, obj):
        return reverse("care:public-list") + f"?region={obj.code}"


class AgencyNewReports(_AgencyMixin, NewReports):
    pass


class AgencyUpdatedReports(_AgencyMixin, UpdatedReports):
    pass


class RegionNewReports(_RegionMixin, NewReports):
    pass


class RegionUpdatedReports(_RegionMixin, UpdatedReports):
    pass


def register() -> None:
    """List the site-wide feeds on every page (``<link rel="alternate">``); the agency and
    region feeds are linked from their own pages."""
    registry.register_feed(
        registry.Feed("care", "care-new", gettext_lazy("New public reports"), "care:feed-new")
    )
    registry.register_feed(
        registry.Feed(
            "care", "care-updated", gettext_lazy("Updated public reports"), "care:feed-updated"
        )
    )
