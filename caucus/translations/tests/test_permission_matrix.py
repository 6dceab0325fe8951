"""Who may manage translations, for every translatable kind and every role of the cast
(caucus/test.py; web pages).

Editors of the owning organization or the coalition's coordinators; topics are the
operators'. Each request runs in a rolled-back savepoint; a refused one changes nothing.
"""

from caucus.campaigns.tests.helpers import make_campaign
from caucus.solidarity.models import Case
from caucus.statements.tests.helpers import StatementFixtures
from caucus.test import LOGIN, OK, BaseTestCase, PermissionMatrix, expect
from caucus.topics.models import Topic
from caucus.translations.models import source_texts

# Who may manage each kind's translations; everyone else signed in gets 403 (gamma's admin
# too: a member of the coalition, but none of these is gamma's).
ALLOWED = {
    "statement": {"coordinator"},  # a coalition's statement: its drafters
    "campaign": {"coordinator"},
    "case": {"coordinator", "editor", "org_admin"},  # the case's organization is alpha
    "coalition": {"coordinator"},
    "organization": {"editor", "org_admin"},
    "topic": {"operator"},
}
TABLES = [
    "statements.Translation",
    "campaigns.CampaignTranslation",
    "solidarity.CaseTranslation",
    "coalitions.CoalitionTranslation",
    "organizations.OrganizationTranslation",
    "topics.TopicTranslation",
    "audit.AuditEntry",
]


class TranslationPermissionMatrixTestCase(PermissionMatrix, StatementFixtures, BaseTestCase):
    watched = TABLES
    watched_on_reads = True

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.statement = cls.make_coalition_draft()
        cls.campaign = make_campaign(cls.coalition, actor=cls.coordinator)
        cls.case = Case.objects.create(
            coalition=cls.coalition,
            organization=cls.alpha,
            slug="open-case",
            display_name="Mehmet Demir",
            country="AR",
            summary="A docker charged for a strike.",
        )
        cls.alpha.description = "A union of rail workers."
        cls.alpha.save()
        cls.coalition.description = "Unions acting together."
        cls.coalition.save()
        cls.topic = Topic.objects.create(slug="labour", name="Labour", description="Work.")
        cls.bases = {
            "statement": (cls.statement, f"/s/{cls.statement.slug}/"),
            "campaign": (cls.campaign, "/campaigns/spring/"),
            "case": (cls.case, "/coalitions/united/cases/open-case/"),
            "coalition": (cls.coalition, "/coalitions/united/"),
            "organization": (cls.alpha, "/orgs/alpha/"),
            "topic": (cls.topic, "/topics/labour/"),
        }

    def post_data(self, source) -> dict:
        texts = {item.key: "Μετάφραση" for item in source_texts(source) if item.text}
        return {"language": "el", "kind": "human", "translator": "Eleni", **texts}

    def check_kind(self, kind: str, method: str, url: str, data: dict | None, changes: bool):
        expected = expect(403, anonymous=LOGIN, **dict.fromkeys(ALLOWED[kind], OK))
        self.check(method, url, expected, data, changes=changes)

    def translate_as_allowed(self, kind: str) -> None:
        source, base = self.bases[kind]
        self.client.force_login(getattr(self, sorted(ALLOWED[kind])[0]))
        response = self.client.post(base + "translations/new/", self.post_data(source))
        self.assertEqual(response.status_code, 302, response.content[:2000])
        self.client.logout()

    def test_the_list_and_the_new_translation_form(self):
        for kind, (_source, base) in self.bases.items():
            self.check_kind(kind, "get", base + "translations/", None, changes=False)
            self.check_kind(kind, "get", base + "translations/new/", None, changes=False)

    def test_adding_a_translation(self):
        for kind, (source, base) in self.bases.items():
            self.check_kind(kind, "post", base + "translations/new/", self.post_data(source), True)

    def test_editing_reviewing_and_deleting_one(self):
        for kind, (source, base) in self.bases.items():
            self.translate_as_allowed(kind)
            one = base + "translations/el/"
            edited = {**self.post_data(source), "translator": "Nikos"}
            self.check_kind(kind, "post", one, edited, changes=True)
            self.check_kind(kind, "post", one + "review/", {"reviewed": "1"}, changes=True)
            self.check_kind(kind, "get", one + "delete/", None, changes=False)
            self.check_kind(kind, "post", one + "delete/", None, changes=True)
