"""Update every app's own catalogue (s2c/<app>/locale/{id,en}) from the code, keeping
each message in one catalogue: ``makemessages`` run over the s2c package puts each file's
messages in its app's catalogue (top-level modules such as settings.py in core's); then a
message several apps use moves to core's, a message core has is dropped from the others,
and a translation is never lost when a message moves between catalogues. ``--compile``
also rebuilds the .mo files (needs GNU gettext's msgfmt)."""

from __future__ import annotations

import ast
import os
import shutil
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.test.utils import override_settings

LANGUAGES = ["id", "en"]
CORE = "core"


def blocks(text: str) -> list[str]:
    """The entries of a .po file (blank-line separated), header first."""
    return [b for b in text.strip("\n").split("\n\n") if b.strip()]


def _field(block: str, name: str) -> str | None:
    parts, inside = [], False
    for line in block.splitlines():
        if line.startswith(f"{name} "):
            parts.append(ast.literal_eval(line[len(name) + 1 :]))
            inside = True
        elif inside and line.startswith('"'):
            parts.append(ast.literal_eval(line))
        elif inside:
            break
    return "".join(parts) if parts else None


def key(block: str) -> tuple[str | None, str]:
    return _field(block, "msgctxt"), _field(block, "msgid") or ""


def is_translated(block: str) -> bool:
    if "#, fuzzy" in block or block.lstrip().startswith("#~"):
        return False
    strings = [
        _field(block, name)
        for name in ("msgstr", "msgstr[0]", "msgstr[1]")
        if _field(block, name) is not None
    ]
    return bool(strings) and all(strings)


def _translation_lines(block: str) -> list[str]:
    """The msgstr lines (with continuations) of an entry."""
    out, inside = [], False
    for line in block.splitlines():
        if line.startswith("msgstr"):
            inside = True
        elif not line.startswith('"'):
            inside = False
        if inside:
            out.append(line)
    return out


def with_translation(block: str, source: str) -> str:
    """``block`` (its comments and ids) with the translation of ``source``."""
    head = []
    for line in block.splitlines():
        if line.startswith("msgstr"):
            break
        if line.startswith("#| ") or line.startswith("#, fuzzy"):
            rest = line.replace("fuzzy", "").replace("#,", "").strip(" ,")
            if line.startswith("#, ") and rest:
                head.append(f"#, {rest}")
            continue
        head.append(line)
    return "\n".join(head + _translation_lines(source))


def split(catalogues: dict[str, list[str]], known: dict[tuple, str]) -> dict[str, list[str]]:
    """Each app's entries (header first): a message found in core's catalogue or in
    several apps' goes to core's only; an untranslated or fuzzy entry takes the
    translation ``known`` had for it."""
    order = sorted(catalogues, key=lambda app: (app != CORE, app))
    homes: dict[tuple, set[str]] = {}
    chosen: dict[tuple, str] = {}
    for app in order:
        for block in catalogues[app][1:]:
            k = key(block)
            homes.setdefault(k, set()).add(app)
            if k not in chosen or (is_translated(block) and not is_translated(chosen[k])):
                chosen[k] = block
    header = catalogues[order[0]][0]
    result = {app: [catalogues[app][0]] for app in order}
    result.setdefault(CORE, [header])
    for k, block in chosen.items():
        home = next(iter(homes[k])) if len(homes[k]) == 1 else CORE
        if not is_translated(block) and k in known:
            block = with_translation(block, known[k])
        result[home].append(block)
    return result


class Command(BaseCommand):
    help = "Update each app's catalogue from the code; shared messages go to core's."

    def add_arguments(self, parser):
        parser.add_argument("--compile", action="store_true", help="also rebuild the .mo files")

    def handle(self, *args, compile: bool = False, **options):
        root = Path(settings.BASE_DIR)
        apps_with_locale = sorted(p.parent.name for p in root.glob("*/locale"))
        po = {
            (app, lang): root / app / "locale" / lang / "LC_MESSAGES" / "django.po"
            for app in apps_with_locale
            for lang in LANGUAGES
        }
        known: dict[str, dict[tuple, str]] = {lang: {} for lang in LANGUAGES}
        # A project-wide catalogue left by an older branch (s2c/locale/) only lends its
        # translations, and goes: merge the branch, then run this command.
        legacy = {
            ("", lang): root / "locale" / lang / "LC_MESSAGES" / "django.po" for lang in LANGUAGES
        }
        for (_app, lang), path in [*po.items(), *legacy.items()]:
            if path.exists():
                for block in blocks(path.read_text(encoding="utf-8"))[1:]:
                    if is_translated(block):
                        known[lang].setdefault(key(block), block)
        if (root / "locale").is_dir():
            shutil.rmtree(root / "locale")
            self.stdout.write("Removed the project-wide s2c/locale/ (its translations are kept).")
        cwd = os.getcwd()
        try:
            os.chdir(root)
            with override_settings(LOCALE_PATHS=[root / CORE / "locale"]):
                call_command("makemessages", locale=LANGUAGES, no_obsolete=True, verbosity=0)
        finally:
            os.chdir(cwd)
        for lang in LANGUAGES:
            catalogues = {
                app: blocks(po[app, lang].read_text(encoding="utf-8"))
                for app in apps_with_locale
                if po[app, lang].exists()
            }
            for app, entries in split(catalogues, known[lang]).items():
                po[app, lang].write_text("\n\n".join(entries) + "\n", encoding="utf-8")
        if compile:
            os.chdir(root)
            try:
                call_command("compilemessages", locale=LANGUAGES, verbosity=0)
            finally:
                os.chdir(cwd)
        self.stdout.write(f"Updated the catalogues of {', '.join(apps_with_locale)}.")
