"""The staff calendar's URLs, included from ``s2c/core/urls.py`` inside the "core"
namespace (no app_name of its own)::

    path("staf/kalender/", include("s2c.core.calendar_urls")),

giving core:calendar (/staf/kalender/), core:calendar-edit, core:calendar-delete and
core:calendar-import."""

from django.urls import path

from .views import calendar as views

urlpatterns = [
    path("", views.calendar_index, name="calendar"),
    path("<int:pk>/ubah/", views.calendar_edit, name="calendar-edit"),
    path("<int:pk>/hapus/", views.calendar_delete, name="calendar-delete"),
    path("impor/", views.calendar_import, name="calendar-import"),
]
