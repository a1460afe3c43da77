"""Dataset pages, from the site root (included in Sidata's namespace)."""

from django.urls import path

from . import views_datasets as views

dataset_patterns = [
    path("sidata/dataset/", views.dataset_list, name="datasets"),
    path("sidata/dataset/<slug:name>/", views.dataset_detail, name="dataset"),
    path(
        "sidata/dataset/<slug:name>/resource/<uuid:public_id>/",
        views.resource_detail,
        name="resource",
    ),
    path(
        "sidata/dataset/<slug:name>/resource/<uuid:public_id>/download/",
        views.resource_download,
        name="resource-download",
    ),
    path("staf/sidata/dataset/", views.staff_datasets, name="staff-datasets"),
    path("staf/sidata/dataset/new/", views.staff_dataset_new, name="staff-dataset-new"),
    path("staf/sidata/dataset/<slug:name>/", views.staff_dataset, name="staff-dataset"),
    path(
        "staf/sidata/dataset/<slug:name>/resource/",
        views.staff_resource_add,
        name="staff-resource-add",
    ),
    path(
        "staf/sidata/dataset/<slug:name>/resource/<uuid:public_id>/remove/",
        views.staff_resource_remove,
        name="staff-resource-remove",
    ),
    path(
        "staf/sidata/dataset/<slug:name>/<str:action>/",
        views.staff_dataset_action,
        name="staff-dataset-action",
    ),
    path("staf/sidata/review/", views.staff_review, name="staff-review"),
]
