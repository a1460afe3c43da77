"""The site behind /django-admin/: Django's, with the staff sign-in's answer to a locked
out sign-in (429), so every way in refuses alike (the lockout itself is
``forms.LockoutMixin``, set as ``login_form`` in ``core.admin``)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class S2CAdminSite(admin.AdminSite):
    def login(self, request, extra_context=None):
        response = super().login(request, extra_context)
        form = (getattr(response, "context_data", None) or {}).get("form")
        if getattr(form, "locked_out", False):
            response.status_code = 429
        return response


class S2CAdminConfig(AdminConfig):
    """django.contrib.admin with the site above: in INSTALLED_APPS in its place."""

    default_site = "s2c.core.adminsite.S2CAdminSite"
