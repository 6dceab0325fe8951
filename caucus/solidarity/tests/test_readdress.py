"""A protected case stored before the Trust issue's rule keeps an address that names the
person until it is moved: `check_protected_cases --fix` moves it, through the service."""

import io
from datetime import timedelta

from django.core.management import call_command
from django.test import override_settings

from caucus.audit.models import AuditEntry
from caucus.federation.models import Activity, FederatedObject
from caucus.public.models import Kind, Publication
from caucus.solidarity.models import Case, CaseRecord, EntryKind, TimelineEntry
from caucus.solidarity.tests.base import CaseTestCase, next_year_hearing

OLD = "/cases/e-kaplanoglu/"


class ReaddressTestCase(CaseTestCase):
    """ "E. Kaplanoglu" (Emre Kaplanoğlu of Eskişehir) was protected before the rule: its
    display name and its address both name him."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.legacy = Case.objects.create(
            coalition=cls.coalition,
            organization=cls.alpha,
            slug="e-kaplanoglu",
            display_name="E. Kaplanoglu",
            country="TR",
            summary="A journalist, detained.",
            protected=True,
            published_at=cls.protected.published_at,
        )
        CaseRecord.objects.create(case=cls.legacy, full_name="Emre Kaplanoğlu", city="Eskişehir")
        start = next_year_hearing() + timedelta(days=1)
        cls.hearing_of_legacy = TimelineEntry.objects.create(
            case=cls.legacy,
            kind=EntryKind.HEARING,
            date=start.date(),
            starts_at=start,
            time_zone="Europe/Istanbul",
            place="Heavy Penal Court No. 4",
        )

    def fix(self) -> str:
        out = io.StringIO()
        with self.assertRaises(SystemExit):  # the display name still waits for a coordinator
            call_command("check_protected_cases", "--fix", stdout=out)
        return out.getvalue()

    def test_it_reports_the_address_without_fix_and_changes_nothing(self):
        out = io.StringIO()
        with self.assertRaises(SystemExit):
            call_command("check_protected_cases", stdout=out)
        self.assertIn(f"case #{self.legacy.pk} (united): address (slug)", out.getvalue())
        self.assertEqual(Case.objects.get(pk=self.legacy.pk).slug, "e-kaplanoglu")

    def test_it_moves_the_case_to_an_address_that_names_nobody(self):
        self.assertContains(self.client.get("/sitemap-items.xml"), OLD)  # cached now
        report = self.fix()
        case = Case.objects.get(pk=self.legacy.pk)
        self.assertEqual(case.slug, "case")
        self.assertIn(f"case #{case.pk} (united): new address /cases/case/", report)
        self.assertNotIn("address (slug)", report)
        self.assertIn(f"case #{case.pk} (united): display name", report)  # for a coordinator
        self.assertNotIn("kaplan", report.casefold())
        self.assertEqual(self.client.get("/cases/case/").status_code, 200)
        self.assertNotContains(self.client.get("/sitemap-items.xml"), "kaplanoglu")
        publication = Publication.objects.get(kind=Kind.CASE, object_id=case.pk)
        self.assertEqual(publication.url, "/cases/case/")
        hearing = TimelineEntry.objects.get(pk=self.hearing_of_legacy.pk)
        self.assertEqual(hearing.sequence, 1)  # calendars replace the event with the old URL
        self.assertNotContains(self.client.get("/cases/calendar/united.ics"), "kaplanoglu")

    def test_the_old_address_leads_nowhere(self):
        self.fix()
        response = self.client.get(OLD)
        self.assertEqual(response.status_code, 404)
        self.assertNotIn("Location", response.headers)
        self.client.force_login(self.coordinator)
        self.assertEqual(self.client.get(f"/coalitions/united{OLD}").status_code, 404)
        self.assertContains(self.client.get("/coalitions/united/cases/case/"), "Emre Kaplanoğlu")

    def test_the_log_says_the_address_changed_and_never_what_it_was(self):
        self.fix()
        entry = AuditEntry.objects.get(action="case.updated")
        self.assertEqual(entry.data, {"case_id": str(self.legacy.pk), "fields": "slug"})
        self.assertEqual(entry.coalition, self.coalition)
        self.assertEqual(entry.organization, self.alpha)
        self.assertNotIn("kaplan", str(list(AuditEntry.objects.values())).casefold())

    def test_a_second_run_changes_nothing(self):
        self.fix()
        report = self.fix()
        self.assertNotIn("new address", report)
        self.assertEqual(AuditEntry.objects.filter(action="case.updated").count(), 1)
        self.assertEqual(Case.objects.get(pk=self.legacy.pk).slug, "case")

    def test_it_leaves_addresses_that_name_nobody_or_cases_not_protected(self):
        self.fix()
        slugs = dict(Case.objects.exclude(pk=self.legacy.pk).values_list("pk", "slug"))
        self.assertEqual(
            slugs,
            {
                self.protected.pk: "a-y",
                self.open_case.pk: "mehmet-demir",  # not protected: the name is public by choice
                self.draft.pk: "draft-person",
            },
        )

    def test_a_taken_address_gets_a_number(self):
        Case.objects.filter(pk=self.draft.pk).update(slug="case")
        self.fix()
        self.assertEqual(Case.objects.get(pk=self.legacy.pk).slug, "case-2")

    @override_settings(SITE_URL="http://testserver", ALLOWED_HOSTS=["*"])
    def test_followers_on_other_servers_drop_the_copy_at_the_old_address(self):
        with self.captureOnCommitCallbacks(execute=True):
            Case.objects.get(pk=self.legacy.pk).save()  # federated as it stood
        federated = FederatedObject.objects.get(kind="case", object_id=self.legacy.pk)
        self.assertEqual(federated.ap_id, f"http://testserver{OLD}")
        with self.captureOnCommitCallbacks(execute=True):
            self.fix()
        federated.refresh_from_db()
        self.assertEqual(federated.ap_id, "http://testserver/cases/case/")
        self.assertIsNone(federated.deleted_at)
        sent = list(Activity.objects.filter(object=federated).order_by("pk"))
        self.assertEqual([a.type for a in sent], ["Create", "Delete", "Create"])
        self.assertEqual(sent[1].payload["object"]["id"], f"http://testserver{OLD}")
        shown = self.client.get(
            f"/ap/actors/{federated.owner_id}/outbox?page=1",
            HTTP_ACCEPT="application/activity+json",
        ).content.decode()
        for activity in sent:  # the Delete was delivered; fetched again, it is gone
            response = self.client.get(
                f"/ap/activities/{activity.uid}", HTTP_ACCEPT="application/activity+json"
            )
            self.assertIn(response.status_code, (200, 410))
            shown += response.content.decode()
        self.assertNotIn("kaplanoglu", shown)
        self.assertIn("/cases/case/", shown)
