"""Guards, template tags and the public pages that show no result only read (issue 18): with a
vote past its close and a statement revision past its time, calling every guard, rendering
the decisions tags and the public pages writes nothing. Closing and applying are explicit
calls of the pages that show the result, and of the scheduled tasks."""

import datetime as dt

import time_machine
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from caucus.accounts.mfa import VERIFIED_ATTR
from caucus.coalitions.permissions import get_coalition_for_member, get_coalition_for_reader
from caucus.decisions import permissions as decisions_guards
from caucus.decisions.models import Vote
from caucus.decisions.tests.helpers import open_vote
from caucus.signatures import permissions as signatures_guards
from caucus.statements import permissions as statements_guards
from caucus.statements import services as statement_services
from caucus.statements.models import Statement
from caucus.statements.tests.helpers import BODY, StatementFixtures
from caucus.test import BaseTestCase

WRITES = ("INSERT", "UPDATE", "DELETE")
# Bookkeeping that is not the domain's: the cache table and sessions may change on a read.
BOOKKEEPING = ("django_cache", "django_session")


class ReadsWriteNothingTestCase(StatementFixtures, BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.vote = open_vote(cls, hours=1)
        cls.statement = cls.make_published()
        statement_services.version_create(
            statement=cls.statement, actor=cls.coordinator, title="Joint declaration",
            body=BODY + "\nRevised at noon.\n",
        )  # fmt: skip
        statement_services.statement_publish(
            statement=cls.statement,
            actor=cls.coordinator,
            published_at=timezone.now() + dt.timedelta(hours=1),
        )

    def setUp(self):
        # Two hours on: the vote is past its close, the revision past its time.
        traveller = time_machine.travel(timezone.now() + dt.timedelta(hours=2), tick=False)
        traveller.start()
        self.addCleanup(traveller.stop)
        self.assertTrue(Statement.objects.get(pk=self.statement.pk).revision_is_due)
        self.assertEqual(Vote.objects.get(pk=self.vote.pk).state, "open")

    def request_as(self, user):
        request = RequestFactory().get("/")
        request.user = user
        setattr(user, VERIFIED_ATTR, True)  # signed in with the second factor
        return request

    def assert_writes_nothing(self, queries: CaptureQueriesContext) -> None:
        writes = [
            q["sql"]
            for q in queries.captured_queries
            if q["sql"].lstrip().upper().startswith(WRITES)
            and not any(table in q["sql"] for table in BOOKKEEPING)
        ]
        self.assertEqual(writes, [])
        self.assertTrue(Statement.objects.get(pk=self.statement.pk).revision_is_due)
        self.assertEqual(Vote.objects.get(pk=self.vote.pk).state, "open")

    def test_every_guard_only_reads(self):
        slug, coalition = self.statement.slug, self.coalition.slug
        motion, vote = self.vote.motion_id, self.vote.pk
        with CaptureQueriesContext(connection) as queries:
            for user in (self.coordinator, self.delegate):
                request = self.request_as(user)
                get_coalition_for_reader(request, coalition)
                get_coalition_for_member(request, coalition)
                decisions_guards.get_motion_for_user(request, coalition, motion)
                decisions_guards.get_vote_for_user(request, coalition, vote)
                decisions_guards.get_vote_for_voter(request, coalition, vote)
                statements_guards.get_statement_access(request, slug)
                statements_guards.get_readable_statement(request, slug)
            statements_guards.get_editable_statement(self.request_as(self.coordinator), slug)
            statements_guards.get_public_statement(slug)
            signatures_guards.get_public_statement(slug)
        self.assert_writes_nothing(queries)

    def test_the_decisions_template_tags_only_read(self):
        template = Template(
            "{% load decisions %}{% public_resolutions coalition as resolutions %}"
            "{% decisions_summary coalition user as summary %}{{ summary.open_votes|length }}"
        )
        context = Context({"coalition": self.coalition, "user": self.delegate})
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(template.render(context), "1")
        self.assert_writes_nothing(queries)

    def test_the_public_listings_and_feeds_only_read(self):
        paths = ["/", "/latest/", "/latest/rss/", "/latest/atom/", "/sitemap.xml"]
        with CaptureQueriesContext(connection) as queries:
            for path in paths:
                with self.subTest(path=path):
                    self.assertEqual(self.client.get(path).status_code, 200)
        self.assert_writes_nothing(queries)

    def test_the_pages_showing_a_result_close_and_apply_explicitly(self):
        """The other side of the rule: the statement page shows the revision once due, and
        the vote's page shows its result (closing it first)."""
        self.assertContains(self.client.get(f"/s/{self.statement.slug}/"), "Revised at noon.")
        self.assertIsNone(Statement.objects.get(pk=self.statement.pk).scheduled_version_id)
        self.client.force_login(self.delegate)
        self.assertEqual(self.client.get(self.vote.get_absolute_url()).status_code, 200)
        self.assertEqual(Vote.objects.get(pk=self.vote.pk).state, "closed")
