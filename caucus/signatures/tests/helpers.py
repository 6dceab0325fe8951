"""Statements made directly for these tests (the statements app's services are not needed)."""

import re
from datetime import timedelta

from django.core import mail
from django.core.cache import cache
from django.utils import timezone

from caucus.statements.models import Statement, StatementVersion, Status
from caucus.test import BaseTestCase


def make_statement(
    *,
    slug: str = "declaration",
    status: str = Status.PUBLISHED,
    coalition=None,
    organization=None,
    open_to_individuals: bool = True,
) -> Statement:
    statement = Statement.objects.create(
        slug=slug,
        author_coalition=coalition,
        author_organization=organization,
        language="en",
        status=status,
        open_to_individuals=open_to_individuals,
        published_at=timezone.now() - timedelta(hours=1) if status == Status.PUBLISHED else None,
    )
    version = StatementVersion.objects.create(
        statement=statement, number=1, title=f"Declaration {slug}", body="We declare."
    )
    statement.current_version = version
    if status == Status.PUBLISHED:
        statement.published_version = version
    statement.save()
    return statement


def publish_new_version(statement: Statement) -> StatementVersion:
    number = statement.versions.count() + 1
    version = StatementVersion.objects.create(
        statement=statement, number=number, title=f"Declaration v{number}", body=f"Text {number}."
    )
    statement.current_version = version
    statement.published_version = version
    statement.status = Status.PUBLISHED
    statement.published_at = statement.published_at or timezone.now()
    statement.save()
    return version


SIGNER = {
    "name": "Ana Signer",
    "city": "Rosario",
    "country": "AR",
    "email": "ana@example.net",
    "show_name": "on",
}


class SignaturesTestCase(BaseTestCase):
    """The cast, a published coalition statement open to individuals, and a clean cache."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.statement = make_statement(coalition=cls.coalition)

    def setUp(self):
        cache.clear()  # rate-limit windows and cached blocks must not leak between tests

    def sign(self, **fields):
        data = {**SIGNER, **fields}
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(f"/s/{self.statement.slug}/sign/", data)

    def link(self, kind: str, message=None) -> str:
        """The path of the confirm or remove link in the latest email."""
        body = (message or mail.outbox[-1]).body
        match = re.search(rf"http://\S+(/s/\S+/sign/{kind}/\S+/)", body)
        assert match is not None, body
        return match.group(1)
