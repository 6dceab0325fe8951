"""Make sure the webhook retry sweep (caucus/webhooks/tasks.py) is waiting in the queue.

bin/serve runs this before it starts the worker; it is safe to run any number of times.
"""

from django.core.management.base import BaseCommand

from caucus.lib import sweeps
from caucus.webhooks.tasks import retry_due


class Command(BaseCommand):
    help = "Enqueue the webhook retry sweep unless one is already waiting or running."

    def handle(self, *args, **options):
        if sweeps.schedule(retry_due):
            self.stdout.write("Webhook retry sweep scheduled.")
        else:
            self.stdout.write("Webhook retry sweep is already scheduled.")
