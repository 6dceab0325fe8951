"""Queue the deliveries whose retry time has passed (after an outage, or where the task
backend cannot defer); safe to run as often as you like."""

from django.core.management.base import BaseCommand

from caucus.federation.tasks import retry_due


class Command(BaseCommand):
    help = "Queue federation deliveries that are due for another attempt."

    def handle(self, *args, **options):
        count = retry_due.call()
        self.stdout.write(f"{count} deliveries queued.")
