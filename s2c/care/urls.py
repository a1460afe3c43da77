"""Sumsel Care's URLs: citizens under /lapor/, staff under /staf/care/, Open311 at
/open311/v2/ (all included at the site root)."""

from django.urls import path

from . import feeds
from .open311 import views as open311
from .pagecache import anonymous_page
from .views import follow, public, staff, stats

app_name = "care"
# The feeds, like the public pages, are kept whole for anonymous visitors (care.pagecache).
cached = anonymous_page()

public_urls = [
    path("lapor/", public.report, name="report"),
    path("lapor/serupa/", public.similar, name="similar"),
    path("lapor/terkirim/<str:number>/", public.submitted, name="submitted"),
    path("lapor/lacak/", public.track, name="track"),
    path("lapor/ikuti/<str:secret>/", follow.follow, name="follow"),
    path("lapor/ikuti/<str:secret>/berkas/<int:pk>/", follow.follow_file, name="follow-file"),
    path("lapor/ikuti/<str:secret>/<str:action>/", follow.follow_action, name="follow-action"),
    path("lapor/laporan/", public.report_list, name="public-list"),
    path("lapor/laporan/<str:number>/", public.detail, name="public-detail"),
    path("lapor/laporan/<str:number>/dukung/", public.support, name="support"),
    path("lapor/berkas/<int:pk>/", public.attachment, name="attachment"),
    path("lapor/peta/", public.map_page, name="map"),
    path("lapor/peta.geojson", public.map_geojson, name="map-geojson"),
    path("lapor/liga/", public.league, name="league"),
    path("lapor/feed/baru.atom", cached(feeds.NewReports()), name="feed-new"),
    path("lapor/feed/diperbarui.atom", cached(feeds.UpdatedReports()), name="feed-updated"),
    path(
        "lapor/feed/instansi/<slug:code>/baru.atom",
        cached(feeds.AgencyNewReports()),
        name="feed-agency-new",
    ),
    path(
        "lapor/feed/instansi/<slug:code>/diperbarui.atom",
        cached(feeds.AgencyUpdatedReports()),
        name="feed-agency-updated",
    ),
    path(
        "lapor/feed/wilayah/<str:code>/baru.atom",
        cached(feeds.RegionNewReports()),
        name="feed-region-new",
    ),
    path(
        "lapor/feed/wilayah/<str:code>/diperbarui.atom",
        cached(feeds.RegionUpdatedReports()),
        name="feed-region-updated",
    ),
]

staff_urls = [
    path("staf/care/", staff.inbox, name="staff-inbox"),
    path("staf/care/verifikasi/", staff.verify_queue, name="staff-verify"),
    path("staf/care/eskalasi/", staff.escalated, name="staff-escalated"),
    path("staf/care/terkait/", staff.related, name="staff-related"),
    path("staf/care/tugas-saya/", staff.mine, name="staff-mine"),
    path("staf/care/massal/", staff.bulk, name="staff-bulk"),
    path("staf/care/laporan/<str:number>/", staff.detail, name="staff-detail"),
    path("staf/care/laporan/<str:number>/aksi/<str:name>/", staff.action, name="staff-action"),
    path("staf/care/berkas/<int:pk>/", staff.staff_file, name="staff-file"),
    path("staf/care/berkas/<int:pk>/publik/", staff.file_visibility, name="staff-file-public"),
    path("staf/care/statistik/", stats.statistics, name="staff-stats"),
    path("staf/care/statistik.<str:fmt>", stats.statistics_export, name="staff-stats-export"),
    path("staf/care/kunci-api/", stats.api_keys, name="staff-apikeys"),
    path("staf/care/kunci-api/<int:pk>/cabut/", stats.api_key_revoke, name="staff-apikey-revoke"),
]

open311_urls = [
    path("open311/v2/discovery.<str:fmt>", open311.discovery, name="open311-discovery"),
    path("open311/v2/services.<str:fmt>", open311.service_list, name="open311-services"),
    path(
        "open311/v2/services/<slug:code>.<str:fmt>",
        open311.service_definition,
        name="open311-service",
    ),
    path("open311/v2/requests.<str:fmt>", open311.requests_view, name="open311-requests"),
    path(
        "open311/v2/requests/<str:number>.<str:fmt>", open311.request_detail, name="open311-request"
    ),
    path("open311/v2/tokens/<str:token>.<str:fmt>", open311.token, name="open311-token"),
]

urlpatterns = public_urls + staff_urls + open311_urls
