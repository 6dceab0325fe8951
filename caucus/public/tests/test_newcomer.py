"""What a newcomer trying Caucus meets: readable emails and the development outbox, a styled
error page, the site's icon, and API docs that lead back to the site."""

from django.core.checks import run_checks
from django.core.mail import EmailMultiAlternatives
from django.test import RequestFactory, TestCase, override_settings
from django.urls import reverse
from django.utils import translation

from caucus.api.errors import server_error
from caucus.public import devmail


class DevOutboxTestCase(TestCase):
    def send(self):
        message = EmailMultiAlternatives(
            subject="Confirm your signature: workers' rights",
            body="Confirm here: http://127.0.0.1:8123/s/confirm/abc/\nGracias, Ñandú",
            from_email="caucus@example.org",
            to=["ana@example.org"],
        )
        message.attach_alternative("<p>Confirm</p>", "text/html")
        with open("/dev/null", "w") as sink:  # the backend `make run` uses
            devmail.ReadableConsoleBackend(stream=sink).send_messages([message])

    def setUp(self):
        for path in devmail.outbox_dir().glob("*.json"):
            path.unlink()

    @override_settings(DEV_OUTBOX=True, HTTPS=False)
    def test_a_demo_instance_lists_the_emails_it_sent_with_their_links(self):
        self.send()
        response = self.client.get(reverse("dev_outbox"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Confirm your signature: workers&#x27; rights")
        self.assertContains(response, "http://127.0.0.1:8123/s/confirm/abc/")
        self.assertContains(response, "Ñandú")  # decoded, not quoted-printable
        self.assertEqual(response["Cache-Control"].count("no-cache"), 1)

    @override_settings(DEV_OUTBOX=False)
    def test_elsewhere_the_outbox_does_not_exist_and_keeps_nothing(self):
        self.send()
        self.assertEqual(self.client.get(reverse("dev_outbox")).status_code, 404)
        self.assertEqual(devmail.recent(), [])

    @override_settings(DEV_OUTBOX=True, HTTPS=True)
    def test_with_https_the_outbox_is_refused_by_a_check_and_hidden(self):
        self.assertEqual(self.client.get(reverse("dev_outbox"), secure=True).status_code, 404)
        ids = [message.id for message in devmail.check_dev_outbox(None)]
        self.assertEqual(ids, ["caucus.E006"])


class ErrorPageTestCase(TestCase):
    def test_the_500_page_is_styled_translated_and_leads_home(self):
        request = RequestFactory().get("/somewhere/")
        with translation.override("es"):
            response = server_error(request)
        page = response.content.decode()
        self.assertEqual(response.status_code, 500)
        self.assertIn('lang="es"', page)
        self.assertIn("site.css", page)
        self.assertIn(f'href="{reverse("public:home")}"', page)
        self.assertNotIn("Something went wrong on our side", page)  # Spanish, not English

    def test_arabic_reads_right_to_left(self):
        request = RequestFactory().get("/")
        with translation.override("ar"):
            page = server_error(request).content.decode()
        self.assertIn('dir="rtl"', page)


class SiteIconAndApiDocsTestCase(TestCase):
    def test_browsers_find_an_icon_at_the_root(self):
        response = self.client.get("/favicon.ico")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(b"".join(response.streaming_content).startswith(b"\x00\x00\x01\x00"))

    def test_the_api_docs_page_has_a_way_back_a_viewport_and_a_noscript_link(self):
        response = self.client.get("/api/docs", HTTP_ACCEPT_LANGUAGE="el")
        page = response.content.decode()
        self.assertEqual(response.status_code, 200)
        self.assertIn('name="viewport"', page)
        self.assertIn(f'href="{reverse("public:home")}"', page)
        self.assertIn("<noscript>", page)
        self.assertIn("/api/openapi.json", page)

    def test_no_check_complains_about_a_default_instance(self):
        errors = [m for m in run_checks() if m.id == "caucus.E006"]
        self.assertEqual(errors, [])
