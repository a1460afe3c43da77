"""Sumsel Care's section of /sitemap.xml: the publicly listed reports (redacted pages)."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap

from . import selectors


class PublicReportSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.4
    limit = 5000

    def items(self):
        return (
            selectors.public_complaints()
            .select_related(None)
            .only("tracking_number", "public_updated_at")
        )

    def lastmod(self, complaint):
        return complaint.public_updated_at
