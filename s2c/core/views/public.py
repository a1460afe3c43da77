"""The province's public entry point."""

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from .. import registry
from ..pagecache import anonymous_page

EMERGENCY_NUMBERS = [
    ("112", _("All emergencies")),
    ("110", _("Police")),
    ("113", _("Fire brigade")),
    ("119", _("Ambulance")),
    ("115", _("Search and rescue")),
]


@anonymous_page()
def home(request):
    """Tiles and sections that the services register, then emergency numbers and what
    S2C is; useful even before any service is installed. Anonymous visitors get the page
    from core's page cache (per language; dropped after a catalogue write)."""
    return render(
        request,
        "core/home.html",
        {
            "tiles": registry.tiles(),
            "sections": registry.home_sections(),
            "emergency_numbers": EMERGENCY_NUMBERS,
        },
    )
