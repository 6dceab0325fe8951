"""Make sure the daily housekeeping task (retention, full recount) is waiting in the queue.

bin/serve runs this before it starts the worker; it is safe to run any number of times.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db.models import Q
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from caucus.signatures.tasks import daily_housekeeping

STALE_AFTER = timedelta(hours=6)


class Command(BaseCommand):
    help = "Enqueue the daily housekeeping task unless one is already waiting or running."

    def handle(self, *args, **options):
        # A run "running" for longer than any real run takes belonged to a worker that was
        # killed: it will never finish nor schedule the next day's, so it does not count.
        stale = timezone.now() - STALE_AFTER
        waiting = (
            DBTaskResult.objects.filter(task_path=daily_housekeeping.module_path)
            .filter(
                Q(status=TaskResultStatus.READY)
                | Q(status=TaskResultStatus.RUNNING, started_at__gt=stale)
            )
            .exists()
        )
        if waiting:
            self.stdout.write("Daily housekeeping is already scheduled.")
            return
        daily_housekeeping.enqueue()
        self.stdout.write("Daily housekeeping scheduled.")
