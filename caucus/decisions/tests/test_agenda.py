"""The agenda: items about the coalition's own motions, statements and campaigns (picked, not
pasted), reordered and removed by coordinators; older pasted links become references."""

import importlib
from datetime import date, datetime

from django.apps import apps
from django.core.exceptions import ValidationError

from caucus.audit.models import AuditEntry
from caucus.campaigns.models import Campaign
from caucus.coalitions.models import Coalition
from caucus.decisions.forms import AgendaItemForm
from caucus.decisions.models import AgendaItem
from caucus.decisions.services import agenda, meetings
from caucus.decisions.tests.helpers import make_motion
from caucus.statements.services import statement_create
from caucus.test import BaseTestCase


def titles(meeting) -> list[str]:
    return list(meeting.agenda.order_by("position").values_list("title", flat=True))


class AgendaCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.meeting = meetings.meeting_schedule(
            coalition=cls.coalition,
            actor=cls.coordinator,
            title="Assembly",
            starts=datetime(2026, 5, 4, 18, 0),
            ends=datetime(2026, 5, 4, 20, 0),
            time_zone="Europe/Rome",
            invited=[cls.alpha, cls.gamma],
            agenda=["Opening", "Platform", "Resolutions", "Any other business"],
        )
        cls.motion = make_motion(cls)
        cls.statement = statement_create(
            actor=cls.coordinator,
            title="Joint declaration",
            body="We stand together.",
            language="en",
            author_coalition=cls.coalition,
        )
        cls.campaign = Campaign.objects.create(
            coalition=cls.coalition,
            title="Two weeks of action",
            slug="two-weeks",
            starts_on=date(2026, 5, 1),
            ends_on=date(2026, 5, 14),
        )
        cls.other = Coalition.objects.create(slug="other", name="Other Coalition")
        cls.foreign_campaign = Campaign.objects.create(
            coalition=cls.other,
            title="Someone else's campaign",
            slug="elsewhere",
            starts_on=date(2026, 5, 1),
            ends_on=date(2026, 5, 2),
        )
        cls.foreign_statement = statement_create(
            actor=cls.outsider,
            title="Beta's statement",
            body="Text",
            language="en",
            author_organization=cls.beta,
        )

    def setUp(self):
        self.client.force_login(self.coordinator)
        self.base = f"/coalitions/united/meetings/{self.meeting.pk}/"

    def item(self, title: str) -> AgendaItem:
        return self.meeting.agenda.get(title=title)


class AgendaLinkTestCase(AgendaCase):
    def test_the_picker_offers_only_the_coalitions_own_things(self):
        form = AgendaItemForm(coalition=self.coalition)
        values = [
            value for _group, options in form.fields["target"].choices[1:] for value, _ in options
        ]
        self.assertEqual(
            values,
            [
                f"motion:{self.motion.pk}",
                f"statement:{self.statement.pk}",
                f"campaign:{self.campaign.pk}",
            ],
        )
        page = self.client.get(self.base)
        self.assertContains(page, "Joint declaration (Draft)")
        self.assertNotContains(page, "Someone else")

    def test_an_item_about_each_kind_links_to_it(self):
        for target, text in [
            (f"motion:{self.motion.pk}", self.motion.get_absolute_url()),
            (f"statement:{self.statement.pk}", f"/s/{self.statement.slug}/draft/"),
            (f"campaign:{self.campaign.pk}", "/campaigns/two-weeks/"),
        ]:
            with self.subTest(target=target):
                response = self.client.post(
                    self.base + "agenda/", {"title": target, "target": target}
                )
                self.assertRedirects(response, self.base + "#agenda", fetch_redirect_response=False)
                self.assertContains(self.client.get(self.base), f'href="{text}"')
        self.assertEqual(self.item(f"campaign:{self.campaign.pk}").campaign, self.campaign)
        self.assertEqual(self.item(f"campaign:{self.campaign.pk}").position, 7)
        self.assertEqual(AuditEntry.objects.filter(action="agenda.item_added").count(), 3)

    def test_another_coalitions_campaign_or_statement_is_refused(self):
        for target in [
            f"campaign:{self.foreign_campaign.pk}",
            f"statement:{self.foreign_statement.pk}",
            "motion:99999",
            "https://example.org/anything",
        ]:
            with self.subTest(target=target):
                response = self.client.post(self.base + "agenda/", {"title": "X", "target": target})
                self.assertEqual(response.status_code, 400)
                self.assertIn("target", response.context["form"].errors)
        self.assertEqual(self.meeting.agenda.count(), 4)

    def test_the_service_checks_the_coalition_and_one_target_at_most(self):
        with self.assertRaises(ValidationError) as caught:
            agenda.agenda_add(
                meeting=self.meeting,
                actor=self.coordinator,
                title="X",
                campaign=self.foreign_campaign,
            )
        self.assertIn("campaign", caught.exception.error_dict)
        with self.assertRaises(ValidationError):
            agenda.agenda_add(
                meeting=self.meeting,
                actor=self.coordinator,
                title="X",
                motion=self.motion,
                campaign=self.campaign,
            )
        self.assertEqual(self.meeting.agenda.count(), 4)

    def test_an_item_is_retitled_and_linked_afterwards(self):
        item = self.item("Resolutions")
        url = f"{self.base}agenda/{item.pk}/edit/"
        self.assertContains(self.client.get(url), "Edit the agenda item")
        response = self.client.post(
            url, {"title": "Resolution on the dockers", "target": f"motion:{self.motion.pk}"}
        )
        self.assertRedirects(response, self.base + "#agenda", fetch_redirect_response=False)
        item.refresh_from_db()
        self.assertEqual(
            (item.title, item.motion, item.position), ("Resolution on the dockers", self.motion, 3)
        )
        bad = self.client.post(url, {"title": "", "target": f"campaign:{self.foreign_campaign.pk}"})
        self.assertEqual(bad.status_code, 400)
        self.assertEqual(set(bad.context["form"].errors), {"title", "target"})
        item.refresh_from_db()
        self.assertEqual(item.title, "Resolution on the dockers")


class AgendaOrderTestCase(AgendaCase):
    def move(self, title: str, position):
        item = self.item(title)
        return self.client.post(f"{self.base}agenda/{item.pk}/move/", {"position": position})

    def test_moving_up_and_down_renumbers_the_items(self):
        response = self.move("Resolutions", 1)
        self.assertRedirects(response, self.base + "#agenda", fetch_redirect_response=False)
        self.assertEqual(
            titles(self.meeting), ["Resolutions", "Opening", "Platform", "Any other business"]
        )
        self.move("Opening", 4)
        self.assertEqual(
            titles(self.meeting), ["Resolutions", "Platform", "Any other business", "Opening"]
        )
        self.assertEqual(list(self.meeting.agenda.values_list("position", flat=True)), [1, 2, 3, 4])
        entry = AuditEntry.objects.filter(action="agenda.item_moved").latest("pk")
        self.assertEqual((entry.data["old"], entry.data["new"]), ("2", "4"))

    def test_the_page_has_up_and_down_buttons_as_plain_forms(self):
        page = self.client.get(self.base).content.decode()
        self.assertEqual(page.count('name="position"'), 6)  # no "up" first, no "down" last
        self.assertIn("Move “<bdi>Platform</bdi>” up", page)

    def test_a_bad_position_is_refused_and_nothing_moves(self):
        for position in ["0", "5", "two", ""]:
            with self.subTest(position=position):
                response = self.move("Platform", position)
                self.assertEqual(response.status_code, 400)
                self.assertContains(response, "The agenda was not changed", status_code=400)
        self.assertEqual(
            titles(self.meeting), ["Opening", "Platform", "Resolutions", "Any other business"]
        )
        self.assertFalse(AuditEntry.objects.filter(action="agenda.item_moved").exists())

    def test_removing_an_item_closes_the_gap(self):
        item = self.item("Platform")
        response = self.client.post(f"{self.base}agenda/{item.pk}/remove/")
        self.assertRedirects(response, self.base + "#agenda", fetch_redirect_response=False)
        self.assertEqual(titles(self.meeting), ["Opening", "Resolutions", "Any other business"])
        self.assertEqual(list(self.meeting.agenda.values_list("position", flat=True)), [1, 2, 3])
        agenda.agenda_add(meeting=self.meeting, actor=self.coordinator, title="Late item")
        self.assertEqual(self.item("Late item").position, 4)
        self.assertTrue(AuditEntry.objects.filter(action="agenda.item_removed").exists())

    def test_an_item_of_another_meeting_is_not_found(self):
        other = meetings.meeting_schedule(
            coalition=self.coalition,
            actor=self.coordinator,
            title="Other",
            starts=datetime(2026, 6, 1, 10, 0),
            ends=datetime(2026, 6, 1, 11, 0),
            time_zone="UTC",
            agenda=["Foreign"],
        )
        foreign = other.agenda.get()
        response = self.client.post(f"{self.base}agenda/{foreign.pk}/remove/")
        self.assertEqual(response.status_code, 404)
        self.assertTrue(AgendaItem.objects.filter(pk=foreign.pk).exists())

    def test_get_is_not_allowed_on_move(self):
        item = self.item("Platform")
        self.assertEqual(self.client.get(f"{self.base}agenda/{item.pk}/move/").status_code, 405)

    def test_removing_asks_first_on_a_page_of_its_own(self):
        item = self.item("Platform")
        response = self.client.get(f"{self.base}agenda/{item.pk}/remove/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Platform")
        self.assertContains(response, "Remove the item")
        self.assertContains(response, '<form method="post" class="stack confirm-form">')
        self.assertTrue(AgendaItem.objects.filter(pk=item.pk).exists())
        self.assertFalse(AuditEntry.objects.filter(action="agenda.item_removed").exists())
        meeting_page = self.client.get(self.base)
        self.assertContains(meeting_page, f'href="{self.base}agenda/{item.pk}/remove/"')

    def test_the_confirmation_is_for_coordinators_only(self):
        item = self.item("Platform")
        self.client.force_login(self.delegate)
        response = self.client.get(f"{self.base}agenda/{item.pk}/remove/")
        self.assertIn(response.status_code, (403, 404))
        self.assertNotContains(response, "Remove the item", status_code=response.status_code)


class LegacyLinkMigrationTestCase(AgendaCase):
    """Migration 0003 turns pasted links to the coalition's own things into references."""

    def test_own_links_become_references_and_others_stay(self):
        rows = {
            "statement": f"http://testserver/s/{self.statement.slug}/",
            "campaign": "/campaigns/two-weeks/",
            "motion": f"https://caucus.example/coalitions/united/motions/{self.motion.pk}/",
            "foreign": "/campaigns/elsewhere/",
            "outside": "https://example.org/s/joint-declaration/",
        }
        items = {}
        for n, (name, link) in enumerate(rows.items(), start=10):
            items[name] = AgendaItem.objects.create(
                meeting=self.meeting, position=n, title=name, link=link
            )
        module = importlib.import_module(
            "caucus.decisions.migrations.0003_meeting_changes_and_agenda_links"
        )
        with self.settings(SITE_URL="https://caucus.example"):
            module.link_to_own_objects(apps, None)
        for item in items.values():
            item.refresh_from_db()
        self.assertEqual(items["campaign"].campaign, self.campaign)
        self.assertEqual(items["motion"].motion, self.motion)
        self.assertEqual(items["campaign"].link, "")
        self.assertIsNone(items["statement"].statement)  # another host: left as it was
        self.assertEqual(items["foreign"].link, "/campaigns/elsewhere/")
        self.assertIsNone(items["foreign"].campaign)
        self.assertEqual(items["outside"].link, "https://example.org/s/joint-declaration/")
        with self.settings(SITE_URL="http://testserver"):
            module.link_to_own_objects(apps, None)
        items["statement"].refresh_from_db()
        self.assertEqual(items["statement"].statement, self.statement)
