"""The root URL configuration: each service owns its URLs and namespace and mounts them
with ``core.registry.register_urls`` in its ``AppConfig.ready()`` (which runs before this
module is imported). Operator endpoints come first, core's home page and staff area last."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from s2c.core import registry

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("django-admin/", admin.site.urls),
    path("", include("s2c.core.ops_urls")),  # /healthz, /sitemap.xml, other operator endpoints
    path("api/v1/", include("s2c.api_urls")),
    *(path(entry.prefix, include(entry.urlconf)) for entry in registry.urls()),
    path("", include("s2c.core.urls")),  # home page, staff sign-in, staff area
]

handler404 = "s2c.core.views.errors.page_not_found"
handler500 = "s2c.core.views.errors.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static  # development only

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
