from django.urls import path

from .views import demo, public, search, staff_import, staff_records, staff_services, status

app_name = "portal"
urlpatterns = [
    # Public
    path("layanan/", public.catalogue, name="catalogue"),
    path("layanan/<slug:code>/", public.service_detail, name="service"),
    path("layanan/<slug:code>/umpan-balik/", public.service_feedback, name="service-feedback"),
    path("peristiwa/<slug:code>/", public.life_event, name="life-event"),
    path("instansi/", public.agencies, name="agencies"),
    path("instansi/<slug:code>/", public.agency_detail, name="agency"),
    path("kantor/<slug:code>/", public.office_detail, name="office"),
    path("wilayah/", public.regions, name="regions"),
    path("wilayah/<str:code>/", public.region, name="region"),
    path("cari/", search.search_page, name="search"),
    path("cari/hasil/", search.search_results, name="search-results"),
    path("status/", status.status_page, name="status"),
    path("status/<uuid:public_id>/", status.endpoint_page, name="status-endpoint"),
    path("demo/layanan-online/<slug:name>/", demo.online_service, name="demo-online"),
    # Staff
    path("staf/layanan/", staff_services.service_list, name="staff-services"),
    path("staf/layanan/baru/", staff_services.service_create, name="staff-service-create"),
    path("staf/layanan/<slug:code>/", staff_services.service_detail, name="staff-service"),
    path("staf/layanan/<slug:code>/ubah/", staff_services.service_edit, name="staff-service-edit"),
    path(
        "staf/layanan/<slug:code>/ajukan/",
        staff_services.service_submit,
        name="staff-service-submit",
    ),
    path(
        "staf/layanan/<slug:code>/terbitkan/",
        staff_services.service_publish,
        name="staff-service-publish",
    ),
    path(
        "staf/layanan/<slug:code>/tarik/",
        staff_services.service_withdraw,
        name="staff-service-withdraw",
    ),
    path("staf/persetujuan/", staff_services.review_queue, name="staff-reviews"),
    path("staf/persetujuan/<int:pk>/", staff_services.revision_detail, name="staff-revision"),
    path("staf/instansi/", staff_records.agency_list, name="staff-agencies"),
    path("staf/instansi/<slug:code>/ubah/", staff_records.agency_edit, name="staff-agency-edit"),
    path("staf/kantor/", staff_records.office_list, name="staff-offices"),
    path("staf/kantor/baru/", staff_records.office_create, name="staff-office-create"),
    path("staf/kantor/<slug:code>/ubah/", staff_records.office_edit, name="staff-office-edit"),
    path(
        "staf/kantor/<slug:code>/buka-tutup/",
        staff_records.office_toggle,
        name="staff-office-toggle",
    ),
    path("staf/pemantauan/", staff_records.endpoint_list, name="staff-endpoints"),
    path("staf/pemantauan/baru/", staff_records.endpoint_create, name="staff-endpoint-create"),
    path(
        "staf/pemantauan/<uuid:public_id>/ubah/",
        staff_records.endpoint_edit,
        name="staff-endpoint-edit",
    ),
    path(
        "staf/pemantauan/<uuid:public_id>/periksa/",
        staff_records.endpoint_check,
        name="staff-endpoint-check",
    ),
    path("staf/impor/", staff_import.import_page, name="staff-import"),
    path("staf/ekspor/", staff_import.export, name="staff-export"),
]
