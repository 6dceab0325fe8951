"""The public side: the cached block, the names with search and keyset pages, the embeds."""

from django.template import Context, Template
from django.test import RequestFactory, override_settings

from caucus.accounts.mfa import mark_verified
from caucus.signatures.models import Signature
from caucus.signatures.tests.helpers import SignaturesTestCase
from caucus.signatures.tests.test_manage import add

BLOCK = Template('{% include "signatures/_statement_block.html" %}')


class PublicTestCase(SignaturesTestCase):
    def render_block(self, user=None):
        request = RequestFactory().get("/s/declaration/")
        from django.contrib.auth.models import AnonymousUser

        request.user = user or AnonymousUser()
        if user is not None:  # signed in with the second factor, as the middleware records
            mark_verified(user, True)
        return BLOCK.render(Context({"statement": self.statement, "request": request}))

    def test_the_block_is_cached_for_anonymous_readers(self):
        add(self.statement, 3, show_name=True)
        with self.assertNumQueries(4):
            html = self.render_block()
        self.assertIn("<strong>3</strong> people have signed", html)
        self.assertIn('name="email"', html)
        with self.assertNumQueries(0):
            self.assertEqual(self.render_block(), html)

    def test_the_block_never_shows_emails_or_private_names(self):
        add(self.statement, 2, show_name=False)
        html = self.render_block()
        self.assertNotIn("@example.net", html)
        self.assertNotIn("Person", html)
        self.assertIn("<strong>2</strong>", html)

    def test_a_delegate_sees_a_button_to_sign_for_their_organization(self):
        html = self.render_block(self.delegate)
        self.assertIn("Sign for <bdi>ALPHA</bdi>", html)
        self.assertNotIn("Manage signatures", html)
        self.assertIn("Manage signatures", self.render_block(self.coordinator))

    def test_names_are_newest_first_with_keyset_pages_and_search(self):
        add(self.statement, 120, show_name=True)
        ids = list(Signature.objects.order_by("-id").values_list("id", flat=True))
        with self.assertNumQueries(2):  # the statement, one page of names
            first = self.client.get("/s/declaration/signatures/")
        self.assertEqual([s.pk for s in first.context["names"]], ids[:50])
        self.assertEqual(first.context["older"], ids[49])
        self.assertIsNone(first.context["newer"])
        second = self.client.get(f"/s/declaration/signatures/?before={ids[49]}")
        self.assertEqual([s.pk for s in second.context["names"]], ids[50:100])
        back = self.client.get(f"/s/declaration/signatures/?after={ids[50]}")
        self.assertEqual([s.pk for s in back.context["names"]], ids[:50])
        Signature.objects.filter(pk=ids[70]).update(name="Zeynep Özgür", name_key="zeynep özgür")
        found = self.client.get("/s/declaration/signatures/?q=ÖZGÜR")
        self.assertEqual([s.name for s in found.context["names"]], ["Zeynep Özgür"])
        bad_params = [
            "?before=abc",
            "?before=99999999999999999999999",
            "?after=-1",
            "?q=" + "x" * 500,
        ]
        for bad in bad_params:
            self.assertEqual(self.client.get("/s/declaration/signatures/" + bad).status_code, 200)

    def test_the_json_count_is_readable_from_anywhere(self):
        add(self.statement, 7)
        response = self.client.get("/s/declaration/signatures/count.json")
        self.assertEqual(response.json()["count"], 7)
        self.assertEqual(response["Access-Control-Allow-Origin"], "*")

    def test_only_the_counter_may_be_framed(self):
        add(self.statement, 7)
        response = self.client.get("/s/declaration/signatures/counter/")
        self.assertContains(response, "<strong>7</strong>")
        self.assertIn("frame-ancestors *", response["Content-Security-Policy"])
        self.assertNotIn("X-Frame-Options", response)
        names = self.client.get("/s/declaration/signatures/")
        self.assertIn("frame-ancestors 'none'", names["Content-Security-Policy"])
        self.assertEqual(names["X-Frame-Options"], "DENY")

    @override_settings(SIGNATURE_BLOCK_CACHE_SECONDS=0)
    def test_unknown_statements_are_404(self):
        for url in ["/s/nope/signatures/", "/s/nope/signatures/count.json", "/s/nope/sign/"]:
            self.assertEqual(self.client.get(url).status_code, 404)
