"""Make sure the daily housekeeping task (retention, full recount) is waiting in the queue.

bin/serve runs this before it starts the worker; it is safe to run any number of times.
"""

from django.core.management.base import BaseCommand
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from caucus.signatures.tasks import daily_housekeeping


class Command(BaseCommand):
    help = "Enqueue the daily housekeeping task unless one is already waiting or running."

    def handle(self, *args, **options):
        waiting = DBTaskResult.objects.filter(
            task_path=daily_housekeeping.module_path,
            status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
        ).exists()
        if waiting:
            self.stdout.write("Daily housekeeping is already scheduled.")
            return
        daily_housekeeping.enqueue()
        self.stdout.write("Daily housekeeping scheduled.")
