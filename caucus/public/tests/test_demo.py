from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from caucus.coalitions.models import Coalition, MemberStatus
from caucus.organizations.models import Organization
from caucus.test import Client


class LoadDemoTestCase(TestCase):
    client_class = Client  # signs in with the second factor, as allauth does

    def load(self) -> str:
        out = StringIO()
        call_command("loaddemo", stdout=out)
        return out.getvalue()

    def test_it_builds_the_scenario_and_is_idempotent(self):
        first = self.load()
        counts = (Organization.objects.count(), Coalition.objects.count())
        self.load()
        self.assertEqual((Organization.objects.count(), Coalition.objects.count()), counts)
        coalition = Coalition.objects.get(slug="cross-border-labour")
        active = coalition.memberships.filter(status=MemberStatus.ACTIVE)
        self.assertEqual(active.count(), 11)
        self.assertEqual(len({m.organization.country for m in active}), 8)
        self.assertEqual(len(coalition.current_platform().points), 8)
        self.assertEqual(coalition.platform_versions.count(), 1)
        self.assertIn("coordinator@demo.caucus.example", first)
        self.assertIn("TOTP secret", first)

    def test_demo_logins_can_act(self):
        self.load()
        from caucus.accounts.models import User

        self.client.force_login(User.objects.get(email="coordinator@demo.caucus.example"))
        self.assertEqual(
            self.client.get("/coalitions/cross-border-labour/platform/").status_code, 200
        )
        self.client.force_login(User.objects.get(email="nomfa@demo.caucus.example"))
        self.assertEqual(self.client.get("/orgs/fiom-nord/edit/").status_code, 403)
