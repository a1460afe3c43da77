"""The service's URLs, mounted at the site root (registry.ServiceUrls in apps.py)."""

from django.urls import include, path

from . import views
from .ckan_urls import ckan_patterns
from .urls_datasets import dataset_patterns

app_name = "sidata"
urlpatterns = [
    path("sidata/", views.item_list, name="list"),
    path("sidata/<uuid:public_id>/", views.item_detail, name="detail"),
    path("staf/sidata/", views.staff_list, name="staff-list"),
    path("", include(dataset_patterns)),
    path("sidata/", include(ckan_patterns)),
]
