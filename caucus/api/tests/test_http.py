"""HTTP around every endpoint (caucus/api/http.py): conditional GET, HEAD and OPTIONS, caching
headers, CORS on public reads only, and rate limits per token, per network and after 401s."""

from django.core.cache import cache
from django.test import override_settings
from django.utils.http import parse_http_date

from caucus.api.tests.helpers import ApiTestCase
from caucus.test import Client

PUBLIC = "/api/v1/organizations"
PRIVATE = "/api/v1/me"


class HttpTestCase(ApiTestCase):
    def setUp(self):
        super().setUp()
        cache.clear()  # the rate limits count in the cache
        self.addCleanup(cache.clear)


class ConditionalGetTestCase(HttpTestCase):
    def test_a_read_carries_a_weak_etag_and_answers_304_when_it_matches(self):
        response = self.client.get(PUBLIC)
        self.assertEqual(response.status_code, 200)
        etag = response["ETag"]
        self.assertTrue(etag.startswith('W/"'), etag)
        again = self.client.get(PUBLIC, headers={"If-None-Match": etag})
        self.assertEqual(again.status_code, 304)
        self.assertEqual(again.content, b"")
        self.assertEqual(again["ETag"], etag)

    def test_an_etag_that_does_not_match_gets_the_body(self):
        response = self.client.get(PUBLIC, headers={"If-None-Match": 'W/"stale"'})
        self.assertEqual(response.status_code, 200)
        self.assertIn("items", response.json())

    def test_the_etag_follows_the_content(self):
        before = self.client.get(f"{PUBLIC}/alpha")["ETag"]
        self.alpha.name = "Alpha Workers' Union"
        self.alpha.save(update_fields=["name"])
        after = self.client.get(f"{PUBLIC}/alpha", headers={"If-None-Match": before})
        self.assertEqual(after.status_code, 200)
        self.assertNotEqual(after["ETag"], before)

    def test_head_is_the_get_without_its_body(self):
        get = self.client.get(PUBLIC)
        head = self.client.head(PUBLIC)
        self.assertEqual(head.status_code, 200)
        self.assertEqual(head.content, b"")
        self.assertEqual(head["ETag"], get["ETag"])
        self.assertEqual(head["Content-Type"], get["Content-Type"])

    def test_head_and_options_work_on_the_openapi_document(self):
        self.assertEqual(self.client.head("/api/openapi.json").status_code, 200)
        response = self.client.options("/api/openapi.json")
        self.assertEqual((response.status_code, response["Allow"]), (204, "GET, HEAD, OPTIONS"))

    def test_head_on_a_path_without_get_is_a_json_405(self):
        response = self.as_("coordinator", "token").head("/api/v1/statements/any/publish")
        self.assertEqual(response.status_code, 405)
        self.assertEqual(response["Allow"], "POST, OPTIONS")


class CachingAndCorsTestCase(HttpTestCase):
    def test_anonymous_public_reads_are_public_and_open_to_any_origin(self):
        response = self.client.get(PUBLIC, headers={"Origin": "https://elsewhere.example"})
        self.assertEqual(response.status_code, 200)
        cache_control = response["Cache-Control"]
        self.assertIn("public", cache_control)
        self.assertIn("max-age=60", cache_control)
        self.assertEqual(response["Access-Control-Allow-Origin"], "*")
        self.assertNotIn("Access-Control-Allow-Credentials", response)
        for header in ("Authorization", "Cookie", "Accept-Language"):
            self.assertIn(header, response["Vary"])

    def test_shared_caches_revalidate_reads_that_show_cases(self):
        """A case may become protected at any moment: no copy may outlive that."""
        for path in ("/api/v1/cases", "/api/v1/coalitions/united/hearings"):
            with self.subTest(path=path):
                response = self.client.get(path)
                self.assertEqual(response.status_code, 200, response.content[:200])
                self.assertIn("no-cache", response["Cache-Control"])
                self.assertIn("max-age=0", response["Cache-Control"])
                again = self.client.get(path, headers={"If-None-Match": response["ETag"]})
                self.assertEqual(again.status_code, 304)

    def test_signed_in_callers_get_private_no_store_and_no_cors(self):
        for via in ("token", "session"):
            with self.subTest(via=via):
                response = self.as_("delegate", via).get(
                    PUBLIC, headers={"Origin": "https://x.example"}
                )
                self.assertEqual(response.status_code, 200)
                self.assertIn("private", response["Cache-Control"])
                self.assertIn("no-store", response["Cache-Control"])
                self.assertNotIn("public", response["Cache-Control"])
                self.assertNotIn("Access-Control-Allow-Origin", response)

    def test_a_private_endpoint_never_sends_cors(self):
        response = self.as_("delegate", "token").get(
            PRIVATE, headers={"Origin": "https://x.example"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("Access-Control-Allow-Origin", response)
        preflight = self.client.options(
            PRIVATE,
            headers={"Origin": "https://x.example", "Access-Control-Request-Method": "GET"},
        )
        self.assertEqual(preflight.status_code, 204)
        self.assertNotIn("Access-Control-Allow-Origin", preflight)

    def test_a_preflight_for_a_public_read_allows_reading_without_credentials(self):
        response = self.client.options(
            PUBLIC, headers={"Origin": "https://x.example", "Access-Control-Request-Method": "GET"}
        )
        self.assertEqual(response.status_code, 204)
        self.assertEqual(response["Access-Control-Allow-Origin"], "*")
        self.assertEqual(response["Access-Control-Allow-Methods"], "GET, HEAD, OPTIONS")
        self.assertNotIn("Access-Control-Allow-Credentials", response)
        self.assertNotIn("Access-Control-Allow-Headers", response)  # so no Authorization

    def test_options_lists_every_method_of_the_path(self):
        response = self.client.options(f"{PUBLIC}/alpha")
        self.assertEqual(response.status_code, 204)
        self.assertEqual(set(response["Allow"].split(", ")), {"GET", "PATCH", "HEAD", "OPTIONS"})

    def test_refusals_are_not_cached_publicly(self):
        response = self.client.get(f"{PUBLIC}/no-such-org")
        self.assertEqual(response.status_code, 404)
        self.assertNotIn("public", response.get("Cache-Control", ""))
        self.assertNotIn("ETag", response)


class RateLimitTestCase(HttpTestCase):
    def assertTooMany(self, response):
        self.assertEqual(response.status_code, 429, response.content)
        self.assertGreater(int(response["Retry-After"]), 0)
        self.assertIsInstance(response.json()["detail"], str)
        self.assertEqual(response.json()["errors"], [])

    @override_settings(API_RATE_PER_TOKEN=3)
    def test_each_token_has_its_own_budget(self):
        delegate = self.as_("delegate", "token")
        for _ in range(3):
            self.assertEqual(delegate.get(PRIVATE).status_code, 200)
        self.assertTooMany(delegate.get(PRIVATE))
        self.assertEqual(self.as_("coordinator", "token").get(PRIVATE).status_code, 200)

    @override_settings(API_RATE_PER_NETWORK=3)
    def test_each_network_has_its_own_budget(self):
        for _ in range(3):
            self.assertEqual(self.client.get(PUBLIC).status_code, 200)
        self.assertTooMany(self.client.get(PUBLIC))
        elsewhere = Client(REMOTE_ADDR="192.0.2.10")
        self.assertEqual(elsewhere.get(PUBLIC).status_code, 200)

    @override_settings(API_UNAUTHORIZED_PER_NETWORK=3)
    def test_a_network_that_keeps_sending_bad_tokens_is_slowed(self):
        guesser = Client(headers={"Authorization": "Bearer guess"})
        for _ in range(3):
            self.assertEqual(guesser.get(PRIVATE).status_code, 401)
        # Even a right token from that network waits now: guessing cannot go on at speed.
        self.assertTooMany(self.as_("delegate", "token").get(PRIVATE))
        # Reading without credentials goes on, and so does another network.
        self.assertEqual(self.client.get(PUBLIC).status_code, 200)
        token = {"Authorization": f"Bearer {self.secrets['delegate']}"}
        good = Client(REMOTE_ADDR="192.0.2.10", headers=token)
        self.assertEqual(good.get(PRIVATE).status_code, 200)

    @override_settings(API_UNAUTHORIZED_PER_NETWORK=3)
    def test_anonymous_401s_do_not_count_as_guesses(self):
        for _ in range(5):
            self.assertEqual(self.client.get(PRIVATE).status_code, 401)
        self.assertEqual(self.as_("delegate", "token").get(PRIVATE).status_code, 200)


class LastModifiedTestCase(HttpTestCase):
    """Last-Modified and If-Modified-Since on the reads that have a modification time."""

    @classmethod
    def setUpTestData(cls):
        from datetime import timedelta

        from django.utils import timezone

        from caucus.campaigns.models import Campaign, Event
        from caucus.signatures.tests.helpers import make_statement
        from caucus.solidarity.models import Case

        super().setUpTestData()
        make_statement(slug="declaration", coalition=cls.coalition)
        campaign = Campaign.objects.create(
            coalition=cls.coalition,
            title="Spring",
            slug="spring",
            starts_on=timezone.localdate(),
            ends_on=timezone.localdate() + timedelta(days=30),
        )
        starts = timezone.now() + timedelta(days=5)
        cls.event = Event.objects.create(
            campaign=campaign,
            organization=cls.alpha,
            title="Rally in Izmir",
            kind="rally",
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            time_zone="Europe/Istanbul",
            city="Izmir",
            country="TR",
        )
        Case.objects.create(
            coalition=cls.coalition,
            slug="mehmet-demir",
            display_name="Mehmet Demir",
            country="AR",
            status="charged",
            published_at=timezone.now(),
        )
        cls.reads = [
            "/api/v1/statements/declaration",
            "/api/v1/campaigns/spring",
            f"/api/v1/events/{cls.event.uid}",
            "/api/v1/cases/mehmet-demir",
            "/api/osdi/v1/petitions/declaration",
            f"/api/osdi/v1/events/{cls.event.uid}",
        ]

    def test_each_read_answers_304_to_if_modified_since_its_last_modified(self):
        for path in self.reads:
            with self.subTest(path=path):
                response = self.client.get(path)
                self.assertEqual(response.status_code, 200, response.content)
                stamp = response["Last-Modified"]
                self.assertTrue(stamp.endswith(" GMT"), stamp)
                again = self.client.get(path, headers={"If-Modified-Since": stamp})
                self.assertEqual(again.status_code, 304)
                self.assertEqual(again.content, b"")
                self.assertEqual(again["Last-Modified"], stamp)
                head = self.client.head(path, headers={"If-Modified-Since": stamp})
                self.assertEqual(head.status_code, 304)
                older = "Mon, 01 Jan 2024 00:00:00 GMT"
                full = self.client.get(path, headers={"If-Modified-Since": older})
                self.assertEqual(full.status_code, 200)
                self.assertEqual(full.content, response.content)

    def test_a_change_the_models_dates_do_not_show_is_never_hidden_by_a_304(self):
        from caucus.campaigns.models import Event

        path = f"/api/v1/events/{self.event.uid}"
        stamp = self.client.get(path)["Last-Modified"]
        # Within the same second, and without touching `updated`: the body changes all the same.
        Event.objects.filter(pk=self.event.pk).update(title="Rally moved to Konak")
        response = self.client.get(path, headers={"If-Modified-Since": stamp})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["title"], "Rally moved to Konak")
        self.assertGreater(parse_http_date(response["Last-Modified"]), parse_http_date(stamp))
        again = self.client.get(path, headers={"If-Modified-Since": response["Last-Modified"]})
        self.assertEqual(again.status_code, 304)

    def test_a_matching_etag_decides_before_the_date(self):
        path = self.reads[0]
        stamp = self.client.get(path)["Last-Modified"]
        response = self.client.get(
            path, headers={"If-Modified-Since": stamp, "If-None-Match": 'W/"stale"'}
        )
        self.assertEqual(response.status_code, 200)

    def test_signed_in_reads_stay_private_and_no_store(self):
        for via in ("token", "session"):
            with self.subTest(via=via):
                client = self.as_("coordinator", via)
                response = client.get(self.reads[0])
                self.assertEqual(response.status_code, 200)
                self.assertIn("Last-Modified", response)
                self.assertIn("private", response["Cache-Control"])
                self.assertIn("no-store", response["Cache-Control"])
                again = client.get(
                    self.reads[0], headers={"If-Modified-Since": response["Last-Modified"]}
                )
                self.assertEqual(again.status_code, 304)
                self.assertIn("no-store", again["Cache-Control"])
