"""Nothing unbuilt is promised: the README's list of services and the home page's tiles
come from the installed services."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import CommandError, call_command

from s2c.core import registry
from s2c.core.management.commands import s2c_readme

README = Path(settings.BASE_DIR).parent / "README.md"
UNBUILT = ["E-office", "Smart WiFi", "on Hand", "Smart Society", "letters"]


def test_the_readme_lists_exactly_the_installed_services():
    text = README.read_text(encoding="utf-8")
    assert s2c_readme.with_services(text) == text, "run: s2c manage s2c_readme"
    listed = text.split(s2c_readme.START)[1].split(s2c_readme.END)[0].strip().splitlines()
    installed = [str(i.label) for i in registry.services() if i.key != "core"]
    assert [line.split("**")[1] for line in listed] == installed
    assert {"Sumsel Gov", "Sumsel Care"} <= set(installed)


def test_the_readme_promises_no_unbuilt_service():
    intro = README.read_text(encoding="utf-8").split("## Quick start")[0]
    for name in UNBUILT:
        assert name not in intro


def test_the_readme_check_notices_a_stale_list(tmp_path, monkeypatch):
    stale = tmp_path / "README.md"
    stale.write_text(f"# X\n\n{s2c_readme.START}\n- **E-office**\n{s2c_readme.END}\n")
    with pytest.raises(CommandError, match="stale"):
        call_command("s2c_readme", readme=str(stale), check=True)
    call_command("s2c_readme", readme=str(stale))
    assert "E-office" not in stale.read_text()
    assert "- **Sumsel Care** (`s2c/care`)" in stale.read_text()


@pytest.mark.django_db
def test_the_home_page_promises_only_the_installed_services(client, monkeypatch):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for name in UNBUILT:
        assert name not in html
    assert html.count('class="card tile"') == len(registry.tiles()) >= 2
    monkeypatch.setattr(registry, "_tiles", {})
    cache.clear()  # anonymous visitors get the home page from the page cache
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'class="card tile"' not in html and "Sumsel Care" not in html
    assert "Online services will appear here" in html
