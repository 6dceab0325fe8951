"""Shared setup for federation tests: the cast, a campaign, and helpers that run what
`transaction.on_commit` queued (sync and delivery tasks run at once in the tests)."""

from django.core.cache import cache
from django.test import override_settings

from caucus.federation.models import LocalActor
from caucus.statements.tests.helpers import StatementFixtures
from caucus.test import BaseTestCase

SITE = "http://testserver"
AP = "application/activity+json"
LD = 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"'


@override_settings(SITE_URL=SITE, FEDERATION_ALLOW_PRIVATE_NETWORKS=True, ALLOWED_HOSTS=["*"])
class FederationTestCase(StatementFixtures, BaseTestCase):
    def setUp(self):
        super().setUp()
        cache.clear()

    def get_ap(self, url: str, accept: str = AP, **extra):
        return self.client.get(url, HTTP_ACCEPT=accept, **extra)

    def run_commit(self, function, *args, **kwargs):
        """Call `function` and run the on_commit callbacks it queued (tasks, fan-out)."""
        with self.captureOnCommitCallbacks(execute=True):
            result = function(*args, **kwargs)
        return result

    def actor_row(self, kind: str, obj) -> LocalActor:
        return LocalActor.objects.get(kind=kind, object_id=obj.pk)
