from django.core.management.base import BaseCommand, CommandError

from s2c.core import search


class Command(BaseCommand):
    help = "Rebuild the search index from every registered search type (or one)."

    def add_arguments(self, parser):
        parser.add_argument("--type", dest="type_key", help="rebuild only this search type")

    def handle(self, *args, type_key=None, **options):
        if type_key is not None and search.get_type(type_key) is None:
            known = ", ".join(t.key for t in search.all_types()) or "none"
            raise CommandError(f"Unknown search type {type_key!r} (registered: {known})")
        counts = search.rebuild(type_key, stdout=self.stdout)
        self.stdout.write(
            self.style.SUCCESS(f"Indexed {sum(counts.values())} documents of {len(counts)} types")
        )
