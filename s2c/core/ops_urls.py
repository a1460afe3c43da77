"""Operator and machine endpoints at the site root (outside any language prefix or
namespace): /healthz and /sitemap.xml."""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from . import registry
from .health import healthz


def sitemap(request):
    """/sitemap.xml: every section the services registered (``registry.register_sitemap``)."""
    return sitemap_views.sitemap(request, sitemaps=registry.sitemaps())


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("sitemap.xml", sitemap, name="sitemap"),
]
