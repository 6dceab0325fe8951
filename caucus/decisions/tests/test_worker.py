"""Closing without cron: opening a vote asks the real database worker to close it on time."""

from datetime import timedelta

from django.core.management import call_command
from django.test import TransactionTestCase, override_settings
from django.utils import timezone

from caucus.decisions.tests.helpers import expire, open_vote
from caucus.test import build_cast


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
class WorkerClosesTheVoteTestCase(TransactionTestCase):
    def setUp(self):
        build_cast(type(self))

    def test_the_worker_closes_a_vote_at_its_closing_time(self):
        from django_tasks_db.models import DBTaskResult

        vote = open_vote(self)
        job = DBTaskResult.objects.get(task_path__endswith="close_vote_task")
        self.assertEqual(job.run_after, vote.closes_at)
        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
        vote.refresh_from_db()
        self.assertEqual(vote.state, "open")  # not due yet: the worker leaves it queued

        expire(vote)  # the clock moves past the manifest's close; the job is due
        due = timezone.now() - timedelta(seconds=1)  # the worker reads the same moved clock
        DBTaskResult.objects.filter(pk=job.pk).update(run_after=due)
        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
        vote.refresh_from_db()
        self.assertEqual(vote.state, "closed")
        self.assertEqual(vote.head_posts.count(), 2)
        self.assertEqual(DBTaskResult.objects.get(pk=job.pk).status, "SUCCESSFUL")
