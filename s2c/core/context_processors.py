from django.conf import settings

from . import permissions, registry

EMERGENCY_NUMBER = "112"


def shell(request):
    """What every page's shell needs: who is signed in, the staff navigation, the
    services for the main navigation, the site-wide feeds, the staff dashboard's figures
    (computed only where a template uses them), and the emergency number for the footer."""
    user = getattr(request, "user", None)
    is_staff = permissions.is_staff_member(user)
    return {
        "s2c_is_staff": is_staff,
        "s2c_is_province_admin": permissions.is_province_admin(user),
        "s2c_staff_nav": registry.nav_for(user) if is_staff else [],
        "s2c_tiles": registry.tiles(),
        "s2c_feeds": registry.feeds(),
        "s2c_figures": (lambda: registry.figures_for(user)) if is_staff else [],
        "s2c_emergency_number": EMERGENCY_NUMBER,
        "s2c_site_url": settings.SITE_URL,
    }
