"""Protected mode: the full name, photo and city never reach any public channel (issue 7)."""

from django.core import mail
from django.core.exceptions import ValidationError

from caucus.solidarity import services
from caucus.solidarity.models import Follower, TimelineEntry
from caucus.solidarity.tasks import notify_followers
from caucus.solidarity.tests.base import CITY, FULL_NAME, PHOTO, CaseTestCase

SECRETS = [FULL_NAME, "Ayşe", "Yılmaz", CITY, PHOTO, "ayse-portrait"]
PUBLIC_CHANNELS = [
    "/cases/",
    "/cases/a-y/",
    "/cases/a-y/print/",
    "/c/united/",
    "/cases/a-y/feed/rss/",
    "/cases/a-y/feed/atom/",
    "/cases/calendar/united.ics",
    "/api/v1/cases",
    "/api/v1/cases?country=TR",
    "/api/v1/cases/a-y",
    "/api/v1/coalitions/united/hearings",
]


class ProtectedLeakageTestCase(CaseTestCase):
    def assert_no_secret(self, text: str, where: str) -> None:
        for secret in SECRETS:
            self.assertNotIn(secret.lower(), text.lower(), f"{secret!r} leaked at {where}")

    def test_it_withholds_the_record_from_every_public_channel(self):
        for who in (None, self.delegate, self.outsider, self.org_admin, self.coordinator):
            self.client.logout()
            if who is not None:
                self.client.force_login(who)
            for url in PUBLIC_CHANNELS:
                with self.subTest(url=url, who=str(who)):
                    response = self.client.get(url)
                    self.assertEqual(response.status_code, 200)
                    text = response.content.decode()
                    self.assertIn("A.Y.", text)
                    self.assert_no_secret(text, url)

    def test_it_shows_initials_only_in_open_graph_tags(self):
        response = self.client.get("/cases/a-y/")
        self.assertContains(response, '<meta property="og:title" content="A.Y.">', html=False)
        self.assertNotContains(response, 'property="og:image"')
        self.assertNotContains(response, "/cases/a-y/photo/")

    def test_it_refuses_the_photo_of_a_protected_case(self):
        self.assertEqual(self.client.get("/cases/a-y/photo/").status_code, 404)

    def test_it_keeps_the_record_out_of_emails(self):
        with self.captureOnCommitCallbacks(execute=True):
            follower = services.follow_request(case=self.protected, email="fan@example.net")
        services.follow_confirm(follower=follower)
        with self.assertRaises(ValidationError), self.captureOnCommitCallbacks(execute=True):
            services.entry_add(
                case=self.protected,
                actor=self.coordinator,
                kind="update",
                date=self.arrest.date,
                note=f"{FULL_NAME} was moved to a prison near {CITY}.",
            )
        with self.captureOnCommitCallbacks(execute=True):
            services.entry_add(
                case=self.protected,
                actor=self.coordinator,
                kind="update",
                date=self.arrest.date,
                note="Moved to a prison far from home.",
            )
        # Text stored before the rule (or before protection) is withheld from emails too.
        legacy = TimelineEntry.objects.create(
            case=self.protected, kind="update", date=self.arrest.date, place=f"Prison of {CITY}"
        )
        notify_followers.call(legacy.pk)
        self.assertEqual(len(mail.outbox), 3)
        self.assertIn("Moved to a prison far from home.", mail.outbox[1].body)
        for message in mail.outbox:
            self.assert_no_secret(message.subject + message.body, "email")
            self.assert_no_secret(message.alternatives[0][0], "email html")
        self.assertEqual(Follower.objects.get().state, "confirmed")

    def test_it_keeps_the_record_out_of_the_audit_log(self):
        self.protected.summary = "A union organizer, detained after a strike."
        services.case_update(case=self.protected, actor=self.coordinator, changed=["summary"])
        from caucus.audit.models import AuditEntry

        self.assert_no_secret(str(list(AuditEntry.objects.values())), "audit log")

    def test_coordinators_see_the_full_record(self):
        self.client.force_login(self.coordinator)
        response = self.client.get("/coalitions/united/cases/a-y/")
        self.assertContains(response, FULL_NAME)
        self.assertContains(response, CITY)
        self.assertContains(response, "/coalitions/united/cases/a-y/photo/")
        response = self.client.get("/api/v1/coalitions/united/cases/a-y/record")
        self.assertEqual(response.json()["full_name"], FULL_NAME)

    def test_editors_of_the_organization_do_not_see_the_full_record(self):
        self.client.force_login(self.editor)
        for url, status in (
            ("/coalitions/united/cases/a-y/", 200),
            ("/coalitions/united/cases/a-y/edit/", 403),
            ("/api/v1/coalitions/united/cases/a-y/record", 200),
        ):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, status)
                self.assert_no_secret(response.content.decode(), url)
        self.assertEqual(self.client.get("/coalitions/united/cases/a-y/photo/").status_code, 404)

    def test_case_photos_are_never_served_as_plain_media_files(self):
        from django.urls import Resolver404, resolve

        with self.assertRaises(Resolver404):
            resolve(f"/media/{PHOTO}")
        self.assertEqual(self.client.get(f"/media/{PHOTO}").status_code, 404)
        self.assertEqual(resolve("/media/logos/alpha.png").kwargs["path"], "logos/alpha.png")
