"""Sumsel Gov's sections of /sitemap.xml: published services and active agencies."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from . import selectors


class ServiceSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return selectors.public_services().select_related(None).only("code", "updated_at")

    def lastmod(self, service):
        return service.updated_at


class AgencySitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return selectors.public_agencies().select_related(None).only("code")

    def location(self, agency) -> str:
        return reverse("portal:agency", args=[agency.code])
