"""Service pages rendered ahead: what an anonymous visitor is served without rendering."""

from __future__ import annotations

from django.db import models


class ServicePage(models.Model):
    """A published service's public page in one language, as rendered (zlib-compressed,
    its CSRF token replaced by a mark), for the ``build`` of the templates and
    translations that rendered it. Forgotten when what the page shows changes; the
    worker renders the missing ones (``s2c.portal.pages``)."""

    service = models.ForeignKey("portal.Service", on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=80)
    language = models.CharField(max_length=10)
    build = models.CharField(max_length=16)
    page_version = models.PositiveIntegerField()
    body = models.BinaryField()
    meta = models.JSONField(default=dict)
    rendered_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["code", "language"], name="portal_servicepage_once"),
            models.UniqueConstraint(
                fields=["service", "language"], name="portal_servicepage_service_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.language})"
