"""Render ahead every published service page that is missing or stale (what the worker's
``portal.render-pages`` task does a bounded batch at a time), e.g. after an upgrade or a
bulk load. ``--shard 0/2`` and ``--shard 1/2`` in two processes split the work."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from s2c.portal import pages


class Command(BaseCommand):
    help = "Render ahead the published service pages that are missing or stale."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=None, help="render at most this many")
        parser.add_argument("--shard", default="0/1", help="i/n: services whose id is i mod n")
        parser.add_argument("--language", default=None, help="only this language, e.g. id")
        parser.add_argument("--forget", action="store_true", help="drop every stored page first")

    def handle(self, *args, limit=None, shard="0/1", forget=False, language=None, **options):
        try:
            index, count = (int(x) for x in shard.split("/"))
        except ValueError:
            raise CommandError("--shard must look like 0/2") from None
        if not 0 <= index < count:
            raise CommandError("--shard must look like 0/2")
        if language is not None and language not in pages.languages():
            raise CommandError(f"--language must be one of {', '.join(pages.languages())}")
        if not pages.enabled():
            raise CommandError("The page store is off (S2C_PAGE_STORE or S2C_PAGE_CACHE_SECONDS).")
        if forget:
            self.stdout.write(f"Forgot {pages.forget_all()} stored pages.")
        started = time.monotonic()
        done = pages.render_missing(limit=limit, shard=(index, count), language=language)
        elapsed = time.monotonic() - started
        self.stdout.write(f"Rendered {done} service pages in {elapsed:.1f} s.")
