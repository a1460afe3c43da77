"""The registries a service fills from its AppConfig.ready(), and core's readers: the URL
configuration, /healthz, the ``s2c`` command, the feeds in every page's head,
/sitemap.xml, and the staff dashboard's figures."""

from __future__ import annotations

import dataclasses

import pytest
from django.contrib.sitemaps import Sitemap
from django.urls import get_resolver

from s2c import cli
from s2c.core import health, registry
from s2c.core.tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def scratch(monkeypatch):
    """Empty health checks, commands, feeds, sitemaps and figures for the test."""
    for name in ("_health", "_commands", "_feeds", "_sitemaps", "_figures", "_processes"):
        monkeypatch.setattr(registry, name, {})
    return registry


def test_every_registry_has_the_same_shape():
    for register, read in [
        ("register_service", "services"),
        ("register_urls", "urls"),
        ("register_nav", "nav_for"),
        ("register_tile", "tiles"),
        ("register_home_section", "home_sections"),
        ("register_seeder", "seeders"),
        ("register_api_router", "api_routers"),
        ("register_health_check", "health_checks"),
        ("register_command", "commands"),
        ("register_process", "processes"),
        ("register_feed", "feeds"),
        ("register_sitemap", "sitemaps"),
        ("register_map_layer", "map_layers"),
        ("register_api_scope", "api_scopes"),
        ("register_figure", "figures"),
    ]:
        assert callable(getattr(registry, register)) and callable(getattr(registry, read))
    for cls in (registry.ServiceUrls, registry.HealthCheck, registry.Command, registry.Feed):
        assert dataclasses.is_dataclass(cls) and cls.__dataclass_params__.frozen


def test_the_installed_services_contribute_themselves():
    # Subsets: a service installed later adds its own entries beside these.
    urlconfs = [u.urlconf for u in registry.urls()]
    assert urlconfs.index("s2c.portal.urls") < urlconfs.index("s2c.care.urls")
    assert {"portal.status-checks", "care.reports"} <= {c.key for c in registry.health_checks()}
    assert {"render-pages", "check-status", "deadlines"} <= {c.name for c in registry.commands()}
    assert {"/lapor/feed/baru.atom", "/lapor/feed/diperbarui.atom"} <= {
        f.url for f in registry.feeds()
    }
    assert {"services", "agencies", "care-reports"} <= set(registry.sitemaps())
    assert ("care.public-reports", "/lapor/peta.geojson") in [
        (m.key, m.url) for m in registry.map_layers()
    ]
    assert "care.open311.submit" in [s.key for s in registry.api_scopes()]
    assert {"portal.published-services", "care.open-reports"} <= {f.key for f in registry.figures()}


def test_the_root_urlconf_includes_the_registered_services_before_core():
    namespaces = [
        getattr(p, "namespace", None)
        for p in get_resolver().url_patterns
        if hasattr(p, "namespace")
    ]
    services = [n for n in namespaces if n in ("portal", "care", "core")]
    assert services == ["portal", "care", "core"]


def test_a_mount_point_ends_with_a_slash():
    with pytest.raises(ValueError, match="ends with '/'"):
        registry.register_urls(registry.ServiceUrls("x", "x.urls", prefix="x"))


def test_healthz_reports_the_services_checks(client):
    checks = client.get("/healthz").json()["checks"]
    assert checks["portal.status-checks"]["status"] == "ok"
    assert checks["portal.status-checks"]["endpoints"] == 0
    assert checks["care.reports"] == {"status": "ok", "open": 0, "ms": checks["care.reports"]["ms"]}


def _fresh_worker():
    from django.utils import timezone

    from s2c.core.scheduler.models import WorkerHeartbeat

    WorkerHeartbeat.objects.create(
        worker_id="w", hostname="h", pid=1, started_at=timezone.now(), last_seen_at=timezone.now()
    )


def test_a_failing_service_check_degrades_and_a_critical_one_fails(scratch, client):
    _fresh_worker()
    scratch.register_health_check(registry.HealthCheck("x.ok", run=lambda: {"status": "ok"}))
    assert client.get("/healthz").json()["status"] == "ok"

    def broken():
        raise RuntimeError("the x table is gone")

    scratch.register_health_check(registry.HealthCheck("x.broken", run=broken))
    data = client.get("/healthz").json()
    assert (data["status"], data["checks"]["x.broken"]["status"]) == ("degraded", "error")
    assert data["checks"]["x.broken"]["error"] == "RuntimeError: the x table is gone"

    scratch.register_health_check(registry.HealthCheck("x.stale", run=lambda: {"status": "stale"}))
    scratch.register_health_check(registry.HealthCheck("x.broken", run=broken, critical=True))
    response = client.get("/healthz")
    assert (response.status_code, response.json()["status"]) == (503, "error")
    assert response.json()["checks"]["x.stale"]["status"] == "stale"


def test_service_checks_wait_for_the_database(scratch, monkeypatch):
    calls = []
    scratch.register_health_check(registry.HealthCheck("x.db", run=lambda: calls.append(1)))
    scratch.register_health_check(
        registry.HealthCheck("x.nodb", run=lambda: {"status": "ok"}, needs_database=False)
    )

    def down():
        raise OSError("database is down")

    monkeypatch.setattr(health, "check_database", down)
    data = health.report()
    assert calls == []
    assert data["checks"]["x.db"]["status"] == "unknown"
    assert data["checks"]["x.nodb"]["status"] == "ok"


def test_a_service_command_runs_its_management_command(scratch, capsys):
    scratch.register_command(
        registry.Command(
            "core", "jobs", "List the periodic jobs.", manage="s2c_run_job", args=("--list",)
        )
    )
    assert cli.main(["jobs"]) == 0
    out = capsys.readouterr().out
    assert "care.deadlines\t" in out and "portal.check-status\t" in out
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    assert "\n    jobs" in capsys.readouterr().out


def test_two_services_cannot_take_one_command_name(scratch):
    scratch.register_command(registry.Command("a", "go", "A.", manage="a_go"))
    with pytest.raises(ValueError, match="already registered"):
        scratch.register_command(registry.Command("b", "go", "B.", manage="b_go"))


def test_the_installed_commands_are_in_the_help(capsys):
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    out = capsys.readouterr().out
    for name in ("render-pages", "check-status", "deadlines", "new-service", "processes"):
        assert f"\n    {name}" in out


def test_run_job_runs_a_registered_job_now(capsys):
    from django.core.management import CommandError, call_command

    call_command("s2c_run_job", "care.statistics")
    with pytest.raises(CommandError, match="No periodic job 'nope'"):
        call_command("s2c_run_job", "nope")


def test_processes_prints_a_procfile(scratch, capsys):
    scratch.register_process(
        registry.ProcessType("wifi", "radius", ("s2c", "manage", "wifi_radius"), "RADIUS")
    )
    assert cli.main(["processes"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "web: s2c serve --host 127.0.0.1 --port 8000",
        "worker: s2c worker",
        "radius: s2c manage wifi_radius",
    ]


def test_every_page_links_the_registered_feeds(client):
    html = client.get("/").content.decode()
    assert (
        '<link rel="alternate" type="application/atom+xml" title="Laporan publik baru" '
        'href="/lapor/feed/baru.atom">'
    ) in html
    assert 'href="/lapor/feed/diperbarui.atom"' in html


class _Pages(Sitemap):
    def items(self):
        return ["/a/", "/b/"]

    def location(self, item):
        return item


def test_the_sitemap_is_built_from_the_registered_sections(scratch, client):
    scratch.register_sitemap(registry.SitemapSection("pages", _Pages))
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    body = response.content.decode()
    assert "<loc>http://testserver/a/</loc>" in body and "<loc>http://testserver/b/</loc>" in body


def test_the_installed_sitemap_answers(client):
    response = client.get("/sitemap.xml")
    assert (response.status_code, response["Content-Type"]) == (200, "application/xml")


def test_the_staff_home_shows_the_figures_the_user_may_see(scratch, client):
    scratch.register_figure(
        registry.DashboardFigure("x", "x.all", "Everything", value=lambda user: 42, order=1)
    )
    scratch.register_figure(
        registry.DashboardFigure("x", "x.none", "Secret", value=lambda user: None, order=2)
    )
    officer = factories.make_officer()
    client.force_login(officer)
    html = client.get("/staf/").content.decode()
    assert '<strong class="figure">42</strong> Everything' in html
    assert "Secret" not in html


def test_the_installed_figures_are_scoped_to_the_user():
    admin = factories.make_province_admin()
    citizen = factories.make_citizen()
    shown = {f.key: v for f, v in registry.figures_for(admin)}
    assert shown["portal.published-services"] == 0
    assert registry.figures_for(citizen) == []


def test_an_api_scope_is_named_after_its_service():
    with pytest.raises(ValueError, match="<service>.<what>"):
        registry.register_api_scope(registry.ApiScope("open311", "care", "x"))
