"""Each app's Indonesian catalogue (s2c/<app>/locale/) is complete, its compiled .mo
matches the .po, and a message lives in one catalogue only (strings several apps use
belong to core's)."""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

APPS = ["core", "portal", "care"]


def _po(app: str) -> Path:
    return Path(settings.BASE_DIR) / app / "locale" / "id" / "LC_MESSAGES" / "django.po"


def _entries(po_path: Path):
    """(msgctxt, msgid, msgid_plural, [msgstr...], fuzzy) for each entry of a .po file."""
    entries, current, key, fuzzy = [], None, None, False

    def flush():
        if current is not None and current.get("msgid") is not None:
            entries.append(
                (
                    current.get("msgctxt"),
                    current["msgid"],
                    current.get("msgid_plural"),
                    [current[k] for k in sorted(current) if k.startswith("msgstr")],
                    current.get("fuzzy", False),
                )
            )

    for raw in po_path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        if not line or line.startswith("#"):
            continue
        match = re.match(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(\".*\")$", line)
        if match:
            key, value = match.group(1), ast.literal_eval(match.group(2))
            starts_entry = key == "msgctxt" or (
                key == "msgid" and (current is None or set(current) - {"fuzzy", "msgctxt"})
            )
            if starts_entry:
                flush()
                current = {"fuzzy": fuzzy}
                fuzzy = False
            current[key] = value
        elif line.startswith('"'):
            current[key] += ast.literal_eval(line)
    flush()
    return entries


@pytest.fixture(scope="module", params=APPS)
def indonesian(request):
    po = _po(request.param)
    mo = po.with_suffix(".mo")
    assert po.exists() and mo.exists(), "run: manage.py compilemessages -l id"
    with mo.open("rb") as handle:
        return _entries(po), gettext.GNUTranslations(handle)


def test_every_indonesian_message_is_translated(indonesian):
    entries, _ = indonesian
    untranslated = [e[1] for e in entries if e[1] and not all(e[3])]
    fuzzy = [e[1] for e in entries if e[1] and e[4]]
    assert untranslated == []
    assert fuzzy == []
    assert len(entries) > 300


def test_there_is_no_project_wide_catalogue():
    assert not (Path(settings.BASE_DIR) / "locale").exists()
    assert not getattr(settings, "LOCALE_PATHS", [])


def test_a_message_lives_in_one_catalogue():
    seen: dict[tuple, str] = {}
    twice = []
    for app in APPS:
        for context, msgid, _plural, _strings, _fuzzy in _entries(_po(app)):
            if msgid and (context, msgid) in seen:
                twice.append((msgid, seen[(context, msgid)], app))
            seen[(context, msgid)] = app
    assert twice == []
    assert len(seen) > 1200


def test_the_compiled_catalogue_matches_the_source(indonesian):
    entries, catalogue = indonesian
    stale = []
    for context, msgid, plural, strings, _fuzzy in entries:
        if not msgid:
            continue
        if plural:
            got = (
                catalogue.npgettext(context, msgid, plural, 1)
                if context
                else catalogue.ngettext(msgid, plural, 1)
            )
        else:
            got = catalogue.pgettext(context, msgid) if context else catalogue.gettext(msgid)
        if got != strings[0]:
            stale.append(msgid)
    assert stale == [], "the .mo is out of date: run manage.py compilemessages -l id"


def _entry(msgid: str, msgstr: str = "", fuzzy: bool = False) -> str:
    return ("#, fuzzy\n" if fuzzy else "") + f'msgid "{msgid}"\nmsgstr "{msgstr}"'


def test_updating_the_catalogues_keeps_each_message_in_one_and_loses_no_translation():
    from s2c.core.management.commands import s2c_messages

    header = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"'
    catalogues = {
        "core": [header, _entry("Save", "Simpan")],
        "portal": [header, _entry("Save"), _entry("Agency", "Perangkat daerah"), _entry("Moved")],
        "care": [header, _entry("Agency"), _entry("Report", "Lapor", fuzzy=True)],
    }
    known = {(None, "Moved"): _entry("Moved", "Pindah")}
    result = s2c_messages.split(catalogues, known)
    keys = {app: [s2c_messages.key(b)[1] for b in entries[1:]] for app, entries in result.items()}
    assert keys == {"core": ["Save", "Agency"], "portal": ["Moved"], "care": ["Report"]}
    assert result["core"][2] == _entry("Agency", "Perangkat daerah")
    assert result["portal"][1] == _entry("Moved", "Pindah")
    assert not s2c_messages.is_translated(result["care"][1])  # fuzzy stays to be reviewed


def test_what_s2c_translates_is_what_a_page_shows(indonesian):
    """Django merges every app's catalogue, and the app listed first wins: S2C's own
    translation of a message must win over a library's (django.contrib.admin also has
    "%(counter)s result", as "%(counter)s buah"; the search page must say "12 hasil")."""
    _, compiled = indonesian
    lost = []
    with translation.override("id"):
        for key, expected in compiled._catalog.items():
            plural = isinstance(key, tuple)  # (msgid, form): Indonesian has one form
            msgid = key[0] if plural else key
            if not msgid:
                continue
            context, _, msgid = msgid.rpartition("\x04")
            if plural:
                shown = (
                    translation.npgettext(context, msgid, msgid, 1)
                    if context
                    else (translation.ngettext(msgid, msgid, 1))
                )
            else:
                shown = (
                    translation.pgettext(context, msgid)
                    if context
                    else (translation.gettext(msgid))
                )
            if shown != expected:
                lost.append((msgid, expected, shown))
    assert lost == []
