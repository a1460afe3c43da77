"""Every URL pattern of the project answers with the Content-Security-Policy and the
Permissions-Policy, and the staff area and the pages that show one person's data with
``Cache-Control: no-store`` (issue 12, item 7).

The patterns are walked from ``django.urls.get_resolver()``, so a page added later is
checked too; its path parameters are filled with real objects made by the services'
factories. A project-level test: it needs both services' data, which core's tests may not
import."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from s2c.care.models import Attachment
from s2c.care.services import apikeys
from s2c.care.tests import factories as care_factories
from s2c.core.middleware import PERMISSIONS_POLICY
from s2c.core.models import Region
from s2c.core.tests import factories as core_factories
from s2c.portal import services as portal_services
from s2c.portal.tests import factories as portal_factories
from s2c.sidata import services as sidata_services
from s2c.sidata.tests.factories_datasets import dataset as open_dataset

pytestmark = pytest.mark.django_db

# Pages that show one person's data to whoever holds the link (or signs in with it).
PERSONAL = {
    "core:login",
    "core:logout",
    "core:password_reset",
    "core:password_reset_done",
    "core:password_reset_confirm",
    "core:password_reset_complete",
    "core:password_change",
    "core:password_change_done",
    "care:submitted",
    "care:follow",
    "care:follow-file",
    "care:follow-action",
    "care:track",
    "api:report_track",
    "api:follow_detail",
    "api:follow_reply",
    "api:follow_rate",
    "api:follow_reopen",
}
# Public answers that are never stored for their own reason, not because they are personal.
NEVER_STORED = {"healthz": "the health report must be live (never_cache)"}
STAFF_PREFIXES = ("staf/", "django-admin/", "api/v1/care/staff/")
# Patterns this test does not request, each with its reason. Keep it short.
NOT_REQUESTED = {
    # Serves uploaded files in development only (settings.DEBUG); absent in production.
    r"^media/(?P<path>.*)$": "DEBUG only",
}


def _walk(resolver, prefix="", namespace=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(filter(None, [namespace, entry.namespace]))
            yield from _walk(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name or ""
            yield prefix + str(entry.pattern), name


PATTERNS = sorted(set(_walk(get_resolver())))


def _is_staff(route: str) -> bool:
    return route.startswith(STAFF_PREFIXES)


@pytest.fixture
def data(db, agency, province_admin):
    """One real object of each kind a path names, and the values to put in the paths."""
    region = Region.objects.order_by("code").first() or core_factories.make_region()
    office = portal_factories.make_office(agency)
    service = portal_factories.make_service(agency, office=office)
    endpoint = portal_factories.make_endpoint(agency)
    agency_admin = core_factories.make_agency_admin(agency)
    _service, revision = portal_services.service_update(
        by=agency_admin,
        service=service,
        content=portal_factories.complete_content(name="Layanan diubah", offices=[office.code]),
    )
    category = care_factories.make_category(agency=agency)
    verifier = care_factories.make_verifier()
    submitted = care_factories.submit(category, files=[care_factories.jpeg()])
    complaint = submitted.complaint
    listed = care_factories.make_complaint(category, status="verified", verifier=verifier)
    attachment = Attachment.objects.filter(complaint=complaint).first()
    key = apikeys.api_key_issue(by=province_admin, name="Aplikasi").api_key
    day = core_factories.make_joint_leave_day(date=dt.date(2026, 12, 24))
    archived = sidata_services.document_create(
        agency=agency,
        file=SimpleUploadedFile("laporan.txt", b"Laporan tahunan", "text/plain"),
        by=province_admin,
        access="public",
    )
    archive = {"public_id": str(archived.public_id), "number": "1"}
    open_data = open_dataset(agency)
    open_resource = str(open_data.resources.get().public_id)
    values = {
        "uidb64": urlsafe_base64_encode(force_bytes(province_admin.pk)),
        "token": default_token_generator.make_token(province_admin),
        "number": complaint.tracking_number,
        "secret": submitted.secret,
        "fmt": "json",
        "name": "verify",
        "action": "reply",
        "endpoint_id": str(endpoint.public_id),
        "public_id": str(endpoint.public_id),
        "id": str(province_admin.pk),
        "app_label": "core",
        "url": "nothing/",
    }
    by_name = {
        "portal:service": {"code": service.code},
        "portal:service-feedback": {"code": service.code},
        "portal:life-event": {"code": "kendaraan-pajak"},
        "portal:agency": {"code": agency.code},
        "portal:office": {"code": office.code},
        "portal:region": {"code": region.code},
        "portal:demo-online": {"name": "pajak"},
        "portal:staff-revision": {"pk": str(revision.pk if revision else 0)},
        "portal:staff-agency-edit": {"code": agency.code},
        "portal:staff-service": {"code": service.code},
        "portal:staff-service-edit": {"code": service.code},
        "portal:staff-service-submit": {"code": service.code},
        "portal:staff-service-publish": {"code": service.code},
        "portal:staff-service-withdraw": {"code": service.code},
        "portal:staff-office-create": {"?": f"agency={agency.code}"},
        "portal:staff-service-create": {"?": f"agency={agency.code}"},
        "portal:staff-endpoint-create": {"?": f"agency={agency.code}"},
        "portal:staff-office-edit": {"code": office.code},
        "portal:staff-office-toggle": {"code": office.code},
        "care:public-detail": {"number": listed.tracking_number},
        "care:support": {"number": listed.tracking_number},
        "care:follow-file": {"pk": str(attachment.pk)},
        "care:attachment": {"pk": str(attachment.pk)},
        "care:staff-file": {"pk": str(attachment.pk)},
        "care:staff-file-public": {"pk": str(attachment.pk)},
        "care:staff-apikey-revoke": {"pk": str(key.pk)},
        "care:staff-stats-export": {"fmt": "csv"},
        "care:feed-agency-new": {"code": agency.code},
        "care:feed-agency-updated": {"code": agency.code},
        "care:feed-region-new": {"code": region.code},
        "care:feed-region-updated": {"code": region.code},
        "care:open311-service": {"code": category.code},
        "care:open311-token": {"token": complaint.submission_token},
        "core:calendar-edit": {"pk": str(day.pk)},
        "core:calendar-delete": {"pk": str(day.pk)},
        "api:region_detail": {"code": region.code},
        "api:agency_detail": {"code": agency.code},
        "api:service_detail": {"code": service.code},
        "api:service_feedback": {"code": service.code},
        "api:office_detail": {"code": office.code},
        "api:report_detail": {"number": listed.tracking_number},
        **{
            f"sidata:{name}": archive
            for name in (
                "document",
                "download",
                "download-version",
                "view-version",
                "thumbnail",
                "staff-document",
                "staff-retention",
            )
        },
        "sidata:pages": {**archive, "page": "1"},
        "sidata:page-image": {**archive, "page": "1"},
        # "retry" without a version changes nothing (a walk POSTs what refuses GET).
        "sidata:staff-action": {**archive, "action": "retry"},
        **{
            f"sidata:{name}": {"name": open_data.name}
            for name in ("dataset", "dcat-jsonld", "dcat-ttl", "staff-dataset")
        },
        "sidata:resource": {"name": open_data.name, "public_id": open_resource},
        "sidata:resource-download": {"name": open_data.name, "public_id": open_resource},
        "api:get_document": archive,
        "api:get_file": archive,
        "api:update_document": archive,
        "api:add_version": archive,
    }
    return {"values": values, "by_name": by_name, "admin": province_admin}


def _object_id(name: str) -> str:
    """A real primary key for a Django admin page of ``admin:<app>_<model>_<page>``."""
    for model in apps.get_models():
        label = f"admin:{model._meta.app_label}_{model._meta.model_name}_"
        if name.startswith(label):
            obj = model._default_manager.order_by("pk").first()
            return str(obj.pk) if obj else "1"
    return "1"


def _path(route: str, name: str, data) -> str:
    own = data["by_name"].get(name, {})

    def value(param: str) -> str:
        if param in own:
            return own[param]
        if param == "object_id":
            return _object_id(name)
        if param == "content_type_id":
            return str(ContentType.objects.get_for_model(Region).pk)
        return data["values"][param]

    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: value(m.group(1)), route)
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: value(m.group(1)), path)
    if path.startswith("^") and path.endswith("$"):
        path = path[1:-1]
    path = path.replace("^", "").replace("$", "")
    if "django-admin/r/" in path:
        path = path.replace("/1/", f"/{Region.objects.order_by('pk').first().pk}/")
    return "/" + path + (f"?{own['?']}" if "?" in own else "")


def _request(client: Client, path: str):
    """GET the page; a view that takes POST only is POSTed (empty)."""
    response = client.get(path)
    if response.status_code == 405:
        response = client.post(path)
    return response


def _no_store(response) -> bool:
    return "no-store" in response.headers.get("Cache-Control", "")


def _script_src(response) -> str:
    policy = response.headers.get("Content-Security-Policy", "")
    directives = dict(
        (part.strip().split(" ", 1) + [""])[:2] for part in policy.split(";") if part.strip()
    )
    return directives.get("script-src", "")


def test_the_walk_finds_every_kind_of_pattern():
    names = {name for _route, name in PATTERNS}
    assert {"core:home", "care:follow", "portal:service", "api:report_track"} <= names
    assert {"core:staff-home", "care:staff-inbox", "portal:staff-services"} <= names
    assert len(PATTERNS) > 150


def test_every_url_answers_with_the_headers(data):
    anonymous = Client(REMOTE_ADDR="198.51.100.1")
    staff = Client(REMOTE_ADDR="198.51.100.2")
    staff.force_login(data["admin"])
    problems = []
    for route, name in PATTERNS:
        if route in NOT_REQUESTED:
            continue
        path = _path(route, name, data)
        for who, client in (("anonymous", anonymous), ("staff", staff)):
            response = _request(client, path)
            where = f"{who} {response.request['REQUEST_METHOD']} {path} ({name or route})"
            if response.status_code >= 500:
                problems.append(f"{where}: {response.status_code}")
                continue
            if _script_src(response) != "'self'":
                problems.append(f"{where}: script-src {_script_src(response)!r}")
            if response.headers.get("Permissions-Policy") != PERMISSIONS_POLICY:
                problems.append(f"{where}: no Permissions-Policy")
            answered = response.request["REQUEST_METHOD"] == "GET"
            personal = name in PERSONAL or (_is_staff(route) and who == "staff")
            if _is_staff(route) and who == "anonymous" and response.status_code in (200, 302):
                personal = True  # the sign-in redirect of a staff page, or the admin's
            if personal and not _no_store(response):
                problems.append(f"{where}: no Cache-Control: no-store")
            if not answered and not _no_store(response):
                problems.append(f"{where}: a POST's answer without no-store")
            cacheable = not personal and name not in NEVER_STORED
            if who == "anonymous" and answered and cacheable and _no_store(response):
                problems.append(f"{where}: a public page must stay cacheable")
    assert problems == []


def test_staff_pages_are_reached_with_real_objects(data):
    """The walk above really opens the staff pages (not only their 404s)."""
    staff = Client()
    staff.force_login(data["admin"])
    opened = []
    for route, name in PATTERNS:
        if not route.startswith("staf/") or route in NOT_REQUESTED:
            continue
        response = staff.get(_path(route, name, data))
        opened.append((name, response.status_code))
    missing = [(name, status) for name, status in opened if status not in (200, 302, 405)]
    assert missing == [], missing


def test_a_public_page_shown_to_someone_signed_in_is_not_stored(client, data):
    client.force_login(data["admin"])
    response = client.get("/")
    assert response.status_code == 200
    assert _no_store(response)


def test_the_inline_json_ld_is_data_not_script(client, data):
    """JSON-LD (``<script type="application/ld+json">``) and JSON (the map's points) are
    data blocks: browsers do not run them, so ``script-src 'self'`` leaves them alone; no
    other inline script is left."""
    code = data["by_name"]["portal:service"]["code"]
    html = client.get(f"/layanan/{code}/").content.decode()
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    data_types = ('type="application/ld+json"', 'type="application/json"')
    assert inline and all(any(t in attrs for t in data_types) for attrs in inline)


TEMPLATE_ROOT = Path(__file__).resolve().parents[1]
INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*\btype=\"application/(?:ld\+)?json\")[^>]*>", re.IGNORECASE
)
HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=|javascript:", re.IGNORECASE)


def test_no_template_has_inline_script_or_handlers():
    """Templates of every app and of the new-service scaffold: scripts only from static
    files (``src=``), JSON data blocks aside, and no ``on…=`` handler or ``javascript:``
    link, which the Content-Security-Policy would refuse."""
    templates = [
        *TEMPLATE_ROOT.glob("*/templates/**/*.html"),
        *TEMPLATE_ROOT.glob("core/scaffold/**/*.html-tpl"),
    ]
    assert any("scaffold" in str(path) for path in templates)
    found = [
        f"{path.relative_to(TEMPLATE_ROOT)}: {match.group(0)[:60]}"
        for path in templates
        for pattern in (INLINE_SCRIPT, HANDLER)
        for match in pattern.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []
