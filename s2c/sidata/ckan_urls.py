"""The machine-readable catalogue, included under ``/sidata/`` (in Sidata's namespace):
CKAN's Action API and the DCAT catalogue."""

from django.http import JsonResponse
from django.urls import path

from . import ckan, dcat


def api_version(request):
    return JsonResponse({"version": 3})


ckan_patterns = [
    path("api/3", api_version, name="ckan-api"),
    path("api/3/action/<str:name>", ckan.action_view, name="ckan-action"),
    path("api/action/<str:name>", ckan.action_view, name="ckan-action-unversioned"),
    path("catalog.jsonld", dcat.catalog, {"fmt": "json-ld"}, name="dcat-catalog-jsonld"),
    path("catalog.ttl", dcat.catalog, {"fmt": "turtle"}, name="dcat-catalog-ttl"),
    path("dataset/<slug:name>.jsonld", dcat.dataset, {"fmt": "json-ld"}, name="dcat-jsonld"),
    path("dataset/<slug:name>.ttl", dcat.dataset, {"fmt": "turtle"}, name="dcat-ttl"),
]
