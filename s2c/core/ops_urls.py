"""Operator endpoints at the site root (outside any language prefix or namespace)."""

from django.urls import path

from .health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
]
