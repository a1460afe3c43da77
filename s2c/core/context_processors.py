from django.conf import settings

from . import permissions, registry


def shell(request):
    """What every page's shell needs: the staff navigation and the home tiles."""
    user = getattr(request, "user", None)
    is_staff = permissions.is_staff_member(user)
    return {
        "s2c_is_staff": is_staff,
        "s2c_is_province_admin": permissions.is_province_admin(user),
        "s2c_staff_nav": registry.nav_for(user) if is_staff else [],
        "s2c_site_url": settings.SITE_URL,
    }
