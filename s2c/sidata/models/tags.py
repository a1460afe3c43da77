"""Tags, shared by documents and datasets (CKAN's tags: free words, kept lowercase)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["Tag"]


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(name=models.functions.Lower("name")), name="sidata_tag_lowercase"
            )
        ]

    def __str__(self) -> str:
        return self.name
