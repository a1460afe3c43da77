"""/api/v1/ (included from s2c/urls.py): the URLs of the one NinjaAPI, namespace "api"."""

from django.urls import path

from s2c.api import api, urls

urlpatterns = [path("", urls(api))]
