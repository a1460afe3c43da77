import sys

from django.core.management.base import BaseCommand, CommandError

from s2c.core import search


class Command(BaseCommand):
    help = (
        "Rebuild the search documents from every registered search type (or one), then the "
        "engine's index from them. With --engine, only the engine's index (from the "
        "documents in the database). With --sync, only apply the pending changes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--type", dest="type_key", help="rebuild only this search type")
        parser.add_argument(
            "--engine",
            action="store_true",
            help="rebuild only the engine's index from the documents in the database",
        )
        parser.add_argument(
            "--sync", action="store_true", help="apply the pending changes to the index"
        )

    def handle(self, *args, type_key=None, engine=False, sync=False, **options):
        if sync:
            count = search.sync()
            self.stdout.write(self.style.SUCCESS(f"Applied changes to {count} documents"))
            return
        if not engine:
            if type_key is not None and search.get_type(type_key) is None:
                known = ", ".join(t.key for t in search.all_types()) or "none"
                raise CommandError(f"Unknown search type {type_key!r} (registered: {known})")
            counts = search.rebuild(type_key, stdout=self.stdout)
            self.stdout.write(
                self.style.SUCCESS(
                    f"Indexed {sum(counts.values())} documents of {len(counts)} types"
                )
            )
            if type_key is not None:
                # One type changed: its changes reach the index like any other write.
                search.sync()
                return
        # The progress bar goes to the terminal (stderr), the summary to stdout.
        count = search.rebuild_engine(progress=sys.stderr)
        self.stdout.write(self.style.SUCCESS(f"The search engine's index holds {count} documents"))
