"""Lay out a new service from the floor plan in ``service/`` (``s2c new-service NAME``).

Every file there ends in ``-tpl`` (so nothing imports, tests, lints or translates the
templates themselves) and its text and path use these placeholders:

    __service__   the app label and Python name, e.g. ``sidata``
    __package__   the dotted package, e.g. ``s2c.sidata``
    __Service__   the CamelCase name, e.g. ``Sidata`` (the AppConfig class)
    __slug__      the URL segment, e.g. ``sidata``
    __Title__     the service's name as people read it, e.g. ``Sidata``
    __summary__   one line about it (home tile, README, docs page)

``docs.md-tpl`` becomes ``docs/<name>.md``; each ``django.po`` gets its ``django.mo``.
"""

from __future__ import annotations

import ast
import keyword
import re
import struct
from dataclasses import dataclass
from pathlib import Path

TEMPLATE = Path(__file__).parent / "service"
NAME = re.compile(r"^[a-z][a-z0-9_]{1,29}$")


@dataclass(frozen=True)
class Plan:
    name: str
    package: str
    title: str
    summary: str

    @property
    def replacements(self) -> dict[str, str]:
        return {
            "__service__": self.name,
            "__package__": self.package,
            "__Service__": "".join(part.capitalize() for part in self.name.split("_")),
            "__slug__": self.name.replace("_", "-"),
            "__Title__": self.title,
            "__summary__": self.summary,
        }

    def fill(self, text: str) -> str:
        for token, value in self.replacements.items():
            text = text.replace(token, value)
        return text


def check_name(name: str, *, taken: set[str]) -> None:
    if not NAME.match(name) or keyword.iskeyword(name):
        raise ValueError(
            f"A service name is 2 to 30 lowercase letters, digits or '_', starting with a "
            f"letter: {name!r}"
        )
    if name in taken:
        raise ValueError(f"{name!r} is already the name of an installed app")


def lay_out(plan: Plan, *, directory: Path, docs: Path) -> list[Path]:
    """Write the service's folder ``directory/<name>/`` and ``docs/<name>.md``; returns
    the files written. Refuses to overwrite anything."""
    target = directory / plan.name
    doc = docs / f"{plan.name}.md"
    for path in (target, doc):
        if path.exists():
            raise FileExistsError(f"{path} already exists")
    written = []
    for source in sorted(TEMPLATE.rglob("*-tpl")):
        relative = source.relative_to(TEMPLATE)
        if relative == Path("docs.md-tpl"):
            dest = doc
        else:
            dest = target / plan.fill(str(relative))[: -len("-tpl")]
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(plan.fill(source.read_text(encoding="utf-8")), encoding="utf-8")
        written.append(dest)
        if dest.name == "django.po":
            mo = dest.with_suffix(".mo")
            mo.write_bytes(compile_po(dest.read_text(encoding="utf-8")))
            written.append(mo)
    return written


def _messages(po: str) -> dict[str, str]:
    """msgid → msgstr of a simple .po (no plurals or contexts; untranslated ones left out,
    the header kept)."""
    messages, key, current = {}, None, {}
    for line in [*po.splitlines(), ""]:
        line = line.strip()
        if line.startswith("msgid "):
            current, key = {"msgid": ast.literal_eval(line[6:])}, "msgid"
        elif line.startswith("msgstr "):
            current["msgstr"], key = ast.literal_eval(line[7:]), "msgstr"
        elif line.startswith('"') and key:
            current[key] += ast.literal_eval(line)
        elif not line and "msgstr" in current:
            if current["msgstr"]:
                messages[current["msgid"]] = current["msgstr"]
            current, key = {}, None
    return messages


def compile_po(po: str) -> bytes:
    """The GNU .mo bytes of a simple .po (what msgfmt writes), without needing msgfmt."""
    messages = sorted(_messages(po).items())
    ids = b"".join(k.encode() + b"\0" for k, _ in messages)
    strs = b"".join(v.encode() + b"\0" for _, v in messages)
    count = len(messages)
    key_start = 7 * 4 + 16 * count
    value_start = key_start + len(ids)
    offsets, koff, voff = [], 0, 0
    for k, v in messages:
        kb, vb = k.encode(), v.encode()
        offsets.append((len(kb), key_start + koff, len(vb), value_start + voff))
        koff += len(kb) + 1
        voff += len(vb) + 1
    header = struct.pack("Iiiiiii", 0x950412DE, 0, count, 28, 28 + 8 * count, 0, 0)
    keys = b"".join(struct.pack("ii", length, offset) for length, offset, _, _ in offsets)
    values = b"".join(struct.pack("ii", length, offset) for _, _, length, offset in offsets)
    return header + keys + values + ids + strs
