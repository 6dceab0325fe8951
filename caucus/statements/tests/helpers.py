"""Statements the tests start from, made through the services as the web views would."""

from django.apps import apps

from caucus.statements import services

# What a statements request may change: a refusal leaves all of it as it was.
WATCHED = [
    "statements.Statement",
    "statements.StatementVersion",
    "statements.Amendment",
    "statements.Translation",
    "statements.Republication",
    "statements.Publication",
    "statements.OpeningNotice",
    "signatures.OrganizationSignature",
    "audit.AuditEntry",
]


def snapshot() -> dict:
    return {label: list(apps.get_model(label).objects.order_by("pk").values()) for label in WATCHED}


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
    def propose_living_wage(cls, statement):
        """Gamma's admin proposes, for gamma, to replace "fair pay" with "a living wage"."""
        return services.amendment_propose(
            statement=statement,
            actor=cls.gamma_admin,
            version=statement.current_version,
            kind="replace",
            passage="fair pay",
            replacement="a living wage",
            reason="Clearer",
            organization=cls.gamma,
        )

    @classmethod
    def make_published(cls, **fields):
        statement = cls.make_coalition_draft(**fields)
        services.statement_publish(statement=statement, actor=cls.coordinator)
        statement.refresh_from_db()
        return statement


class ApiFixtures(StatementFixtures):
    """The statements every API test starts from, made through the services.

    draft      a coalition draft at version 2; amendment #1 (by the delegate) is against
               version 1 and can be rebased, #2 is against version 2
    published  a coalition statement revised to version 2 after alpha signed version 1 (alpha
               must re-confirm), gamma signed version 2, beta (not a member) asked to co-sign
    org_draft  alpha's draft, with amendment #1 by the delegate
    """

    @classmethod
    def make_api_fixtures(cls):
        from caucus.signatures import services as signing

        cls.draft = cls.make_coalition_draft()
        services.amendment_propose(
            statement=cls.draft,
            actor=cls.delegate,
            version=cls.draft.current_version,
            kind="replace",
            passage="fair pay",
            replacement="a living wage",
            reason="Clearer.",
        )
        services.version_create(
            statement=cls.draft,
            actor=cls.coordinator,
            title="Joint declaration",
            body=BODY + "\nMore.",
        )
        services.amendment_propose(
            statement=cls.draft,
            actor=cls.gamma_admin,
            version=cls.draft.current_version,
            kind="delete",
            passage="More.",
            replacement="",
            reason="Shorter.",
        )
        cls.published = cls.make_published(title="Published one")
        signing.organization_sign(
            statement=cls.published, organization=cls.alpha, actor=cls.delegate
        )
        services.version_create(
            statement=cls.published, actor=cls.coordinator, title="Published one", body="Revised."
        )
        services.statement_publish(statement=cls.published, actor=cls.coordinator)
        cls.published.refresh_from_db()
        signing.organization_sign(
            statement=cls.published, organization=cls.gamma, actor=cls.gamma_admin
        )
        cls.request = signing.organization_sign(
            statement=cls.published, organization=cls.beta, actor=cls.outsider
        )
        cls.org_draft = cls.make_org_draft()
        services.amendment_propose(
            statement=cls.org_draft,
            actor=cls.delegate,
            version=cls.org_draft.current_version,
            kind="delete",
            passage="fair pay",
            replacement="",
            reason="r",
        )
