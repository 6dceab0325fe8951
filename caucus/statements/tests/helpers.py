"""Statements the tests start from, made through the services as the web views would."""

from caucus.statements import services

BODY = "We, the undersigned, stand together.\n\nWorkers in every country deserve fair pay.\n"


class StatementFixtures:
    """Mixin for BaseTestCase: a coalition draft and an organization draft."""

    @classmethod
    def make_coalition_draft(cls, **fields):
        data = {"title": "Joint declaration", "body": BODY, "language": "en", **fields}
        return services.statement_create(
            actor=cls.coordinator, author_coalition=cls.coalition, **data
        )

    @classmethod
    def make_org_draft(cls, **fields):
        data = {"title": "Alpha statement", "body": BODY, "language": "en", **fields}
        return services.statement_create(actor=cls.editor, author_organization=cls.alpha, **data)

    @classmethod
    def make_published(cls, **fields):
        statement = cls.make_coalition_draft(**fields)
        services.statement_publish(statement=statement, actor=cls.coordinator)
        statement.refresh_from_db()
        return statement
