"""The service's URLs, mounted at the site root (registry.ServiceUrls in apps.py)."""

from django.urls import include, path

from . import views
from .ckan_urls import ckan_patterns
from .urls_datasets import dataset_patterns

app_name = "sidata"
urlpatterns = [
    path("sidata/", views.home, name="home"),
    path("sidata/dibagikan/", views.shared, name="shared"),
    path("sidata/dokumen/<uuid:public_id>/", views.document, name="document"),
    path("sidata/dokumen/<uuid:public_id>/unduh/", views.download, name="download"),
    path(
        "sidata/dokumen/<uuid:public_id>/versi/<int:number>/unduh/",
        views.download,
        name="download-version",
    ),
    path(
        "sidata/dokumen/<uuid:public_id>/versi/<int:number>/lihat/",
        views.view_file,
        name="view-version",
    ),
    path(
        "sidata/dokumen/<uuid:public_id>/versi/<int:number>/pratinjau.png",
        views.thumbnail,
        name="thumbnail",
    ),
    path(
        "sidata/dokumen/<uuid:public_id>/versi/<int:number>/halaman/<int:page>/",
        views.pages,
        name="pages",
    ),
    path(
        "sidata/dokumen/<uuid:public_id>/versi/<int:number>/halaman/<int:page>.png",
        views.page_image,
        name="page-image",
    ),
    path("staf/sidata/", views.staff_documents, name="staff-documents"),
    path("staf/sidata/sampah/", views.staff_trash, name="staff-trash"),
    path("staf/sidata/perawatan/", views.staff_care, name="staff-care"),
    path("staf/sidata/dokumen/<uuid:public_id>/", views.staff_document, name="staff-document"),
    path(
        "staf/sidata/dokumen/<uuid:public_id>/retensi/",
        views.staff_retention,
        name="staff-retention",
    ),
    path(
        "staf/sidata/dokumen/<uuid:public_id>/<slug:action>/",
        views.staff_action,
        name="staff-action",
    ),
    path("", include(dataset_patterns)),
    path("sidata/", include(ckan_patterns)),
]
