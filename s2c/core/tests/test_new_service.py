"""``s2c new-service NAME``: a generated service is installed in a test configuration
(its folder plus one line in S2C_SERVICES), shows in navigation, the home page, health,
search, the OpenAPI document and the README's list, speaks Indonesian, and its own
generated tests pass. The installed configuration runs in a pytest subprocess."""

from __future__ import annotations

import gettext
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from s2c.core import scaffold

ROOT = Path(settings.BASE_DIR).parent

SETTINGS = """\
from s2c.test_settings import *  # noqa: F403

S2C_SERVICES = [*S2C_SERVICES, "lumbung"]  # noqa: F405  (the one line a service adds)
_at = INSTALLED_APPS.index("s2c.core.adminsite.S2CAdminConfig")  # noqa: F405  (before admin)
INSTALLED_APPS = [*INSTALLED_APPS[:_at], "lumbung", *INSTALLED_APPS[_at:]]  # noqa: F405
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":  # noqa: F405
    # Beside the suite's own test database (PostgreSQL), never the same one.
    DATABASES["default"]["TEST"] = {"NAME": "test_s2c_floor_plan"}  # noqa: F405
"""

# Runs inside the configuration where the generated service is installed.
FLOOR_PLAN_CHECK = """\
import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command

from s2c.core import registry, search
from s2c.core.management.commands import s2c_readme
from s2c.core.tests import factories
from lumbung import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def item():
    agency = factories.make_agency()
    officer = factories.make_officer(agency)
    return services.item_create(
        agency=agency, title="Kualitas udara Palembang", is_public=True, by=officer
    )


def test_it_is_in_the_staff_navigation():
    officer = factories.make_officer()
    groups = {info.key: [i.url for i in items] for info, items in registry.nav_for(officer)}
    assert groups["lumbung"] == ["/staf/lumbung/"]
    assert registry.nav_for(factories.make_citizen()) == []


def test_it_is_on_the_home_page_and_in_the_readme(client):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<h3><a href="/lumbung/">Lumbung</a></h3>' in html
    assert 'icons.svg#service"' in html
    assert "<p>documents and open data of the province</p>" in html
    assert "- **Lumbung** (`lumbung`): documents and open data of the province." in (
        s2c_readme.services_markdown()
    )


def test_it_is_in_the_health_report(client, item):
    check = client.get("/healthz").json()["checks"]["lumbung.items"]
    assert (check["status"], check["items"]) == ("ok", 1)


def test_its_public_items_are_found_by_the_one_search(item):
    results = search.query(user=AnonymousUser(), q="kualitas udara")
    url = f"/lumbung/{item.public_id}/"
    assert [(h.type, h.url) for h in results.hits] == [("lumbung.item", url)]


def test_it_is_in_the_openapi_document(client, item):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/lumbung/items", "/api/v1/lumbung/items/{public_id}"} <= set(paths)
    assert client.get("/api/v1/lumbung/items").json()["count"] == 1


def test_it_speaks_indonesian(client):
    client.cookies["s2c_language"] = "id"
    html = client.get("/lumbung/").content.decode()
    assert "Belum ada yang diterbitkan." in html


def test_its_migration_matches_its_model():
    call_command("makemigrations", "lumbung", check=True, dry_run=True, verbosity=0)
"""


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    root = tmp_path_factory.mktemp("floor-plan")
    (root / "docs").mkdir()
    call_command(
        "s2c_new_service",
        "lumbung",
        directory=str(root),
        docs=str(root / "docs"),
        summary="documents and open data of the province",
        stdout=open(os.devnull, "w"),
    )
    return root


def test_the_generator_lays_out_a_whole_service(generated):
    app = generated / "lumbung"
    files = {str(p.relative_to(app)) for p in app.rglob("*") if p.is_file()}
    assert {
        "apps.py",
        "models.py",
        "migrations/0001_initial.py",
        "services.py",
        "selectors.py",
        "views.py",
        "api.py",
        "schemas.py",
        "urls.py",
        "search_types.py",
        "templates/lumbung/list.html",
        "templates/lumbung/staff_list.html",
        "locale/id/LC_MESSAGES/django.po",
        "locale/id/LC_MESSAGES/django.mo",
        "locale/en/LC_MESSAGES/django.mo",
        "tests/test_lumbung.py",
    } <= files
    assert not any(name.endswith("-tpl") or "__service__" in name for name in files)
    leftovers = [
        str(p)
        for p in app.rglob("*.py")
        if "__Title__" in p.read_text() or "__package__" in p.read_text()
    ]
    assert leftovers == []
    assert (generated / "docs" / "lumbung.md").read_text().startswith("# Lumbung\n")
    apps_py = (app / "apps.py").read_text()
    for call in (
        "register_service",
        "register_urls",
        "register_tile",
        "register_nav",
        "register_api_router",
        "search.register",
        "register_health_check",
        "register_figure",
    ):
        assert f"{call}(" in apps_py
    with (app / "locale/id/LC_MESSAGES/django.mo").open("rb") as handle:
        indonesian = gettext.GNUTranslations(handle)
    lookup = indonesian.gettext  # (not a call makemessages would collect)
    assert lookup("Add") == "Tambah"
    assert lookup("Lumbung items") == "Data Lumbung"


@pytest.mark.parametrize("name", ["ab", "a_service_name_of_thirty_chars"])
def test_the_generated_code_keeps_the_house_style(tmp_path, name):
    """ruff finds nothing to say and nothing to reformat, whatever the name's length."""
    call_command(
        "s2c_new_service",
        name,
        title="A title of forty characters for the test",
        summary="a summary",
        directory=str(tmp_path),
        docs=str(tmp_path),
        stdout=open(os.devnull, "w"),
    )
    ruff = str(Path(sys.executable).with_name("ruff"))
    config = str(ROOT / "pyproject.toml")
    for args in (["check"], ["format", "--check"]):
        result = subprocess.run(
            [ruff, *args, "--config", config, "--no-cache", str(tmp_path / name)],
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stdout + result.stderr


def test_the_generator_refuses_a_taken_or_bad_name(generated):
    with pytest.raises(CommandError, match="already the name of an installed app"):
        call_command("s2c_new_service", "care", directory=str(generated))
    with pytest.raises(CommandError, match="lowercase"):
        call_command("s2c_new_service", "Lumbung-2", directory=str(generated))
    with pytest.raises(CommandError, match="already exists"):
        call_command("s2c_new_service", "lumbung", directory=str(generated), docs=str(generated))


def test_the_compiled_catalogue_needs_no_msgfmt():
    po = (
        'msgid ""\n'
        'msgstr ""\n'
        '"Content-Type: text/plain; charset=UTF-8\\n"\n'
        "\n"
        'msgid "Add"\n'
        'msgstr "Tambah"\n'
        "\n"
        'msgid "Untranslated"\n'
        'msgstr ""\n'
    )
    catalogue = gettext.GNUTranslations(io.BytesIO(scaffold.compile_po(po)))
    lookup = catalogue.gettext
    assert lookup("Add") == "Tambah"
    assert lookup("Untranslated") == "Untranslated"
    assert catalogue.charset() == "UTF-8"


def test_installed_it_appears_everywhere_and_its_own_tests_pass(generated):
    (generated / "gen_settings.py").write_text(SETTINGS)
    (generated / "conftest.py").write_text("from s2c.conftest import *  # noqa: F403\n")
    (generated / "test_floor_plan.py").write_text(FLOOR_PLAN_CHECK)
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(generated), str(ROOT)]),
        "DJANGO_SETTINGS_MODULE": "gen_settings",
    }
    env.pop("PYTEST_XDIST_WORKER", None)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:xdist",
            "--rootdir",
            str(generated),
            "-c",
            os.devnull,
            "test_floor_plan.py",
            "lumbung/tests",
        ],
        cwd=generated,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "13 passed" in result.stdout


def test_s2c_new_service_is_the_operator_command(capsys):
    from s2c import cli

    with pytest.raises(SystemExit) as exit_info:
        cli.main(["new-service", "Bad-Name"])
    assert exit_info.value.code == 1
    assert "lowercase letters" in capsys.readouterr().err
