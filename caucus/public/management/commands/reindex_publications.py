"""Rebuild the publication index (front page, tags, search, sitemaps) from the domain apps."""

from django.core.management.base import BaseCommand

from caucus.public.publishers import reindex


class Command(BaseCommand):
    help = "Rebuild the publication index from every public item."

    def handle(self, *args, **options):
        self.stdout.write(f"{reindex()} public items indexed.")
