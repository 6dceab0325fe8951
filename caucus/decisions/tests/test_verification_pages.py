"""What people see of signed ballots and verification (the audit of "Verifiable ballots", G6):
the result's count of signed and server-vouched ballots, requiring signed ballots through the
vote form and the API, and the per-vote page's instructions to check a vote on one's own
computer, followed to the letter."""

import re
import shlex
from datetime import timedelta

from django.utils import timezone

from caucus.decisions import keys
from caucus.decisions.models import Vote
from caucus.decisions.services import ballots
from caucus.decisions.tests.helpers import (
    ballot_key,
    cast_signed,
    expire,
    make_motion,
    open_v1_vote,
    open_vote,
)
from caucus.decisions.tests.test_offline_tools import TOOLS, Folder
from caucus.test import BaseTestCase


class AttestationLineTestCase(BaseTestCase):
    def test_the_result_says_how_many_ballots_were_signed_and_how_many_vouched_for(self):
        alpha_key = ballot_key(self.alpha, self.delegate)  # listed in the manifest at opening
        vote = open_vote(self)
        cast_signed(vote, self.alpha, self.delegate, "for", alpha_key)
        ballots.ballot_cast(
            vote=vote, organization=self.gamma, actor=self.gamma_admin, choice="against"
        )
        expire(vote)
        self.client.force_login(self.gamma_admin)
        page = self.client.get(vote.get_absolute_url())
        self.assertContains(page, "<dt>Ballots counted</dt>", html=False)
        self.assertContains(
            page,
            '<dd class="attestation">1 signed by their organization, 1 vouched for by this '
            "server alone</dd>",
            html=True,
        )

    def test_a_vote_from_before_signed_ballots_has_no_such_line(self):
        vote = open_v1_vote(self)
        ballots.ballot_cast(vote=vote, organization=self.alpha, actor=self.delegate, choice="for")
        expire(vote)
        self.client.force_login(self.delegate)
        page = self.client.get(vote.get_absolute_url())
        self.assertContains(page, "Organizations that took part")
        self.assertNotContains(page, "Ballots counted")


def setup(**fields) -> dict:
    now = timezone.now()
    return {
        "rules": ["simple"],
        "quorum_percent": 50,
        "time_zone": "UTC",
        "opens_at": now.strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (now + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
        **fields,
    }


class RequireSignaturesTestCase(BaseTestCase):
    """The coordinator's choice reaches the signed manifest from the form and the API alike;
    an organization without an active key makes it refused, naming the organization."""

    def setUp(self):
        ballot_key(self.alpha, self.delegate)
        self.motion = make_motion(self)
        self.client.force_login(self.coordinator)

    def form(self, **fields):
        return self.client.post(
            f"/coalitions/united/motions/{self.motion.pk}/vote/", setup(**fields)
        )

    def api(self, **fields):
        body = setup(**fields)
        return self.client.post(
            f"/api/v1/coalitions/united/motions/{self.motion.pk}/vote",
            body,
            content_type="application/json",
        )

    def test_the_vote_form_refuses_it_while_an_organization_has_no_key(self):
        response = self.form(require_voter_signatures="on")
        self.assertEqual(response.status_code, 400)
        self.assertIn("Gamma Union", response.context["form"].errors["require_voter_signatures"][0])
        self.assertFalse(Vote.objects.exists())

    def test_the_vote_form_writes_it_into_the_manifest(self):
        ballot_key(self.gamma, self.gamma_admin)
        response = self.form(require_voter_signatures="on")
        vote = Vote.objects.get(motion=self.motion)
        self.assertRedirects(response, vote.get_absolute_url())
        self.assertIs(vote.manifest()["require_voter_signatures"], True)
        with self.assertRaisesMessage(Exception, "requires ballots signed"):
            ballots.ballot_cast(
                vote=vote, organization=self.alpha, actor=self.delegate, choice="for"
            )

    def test_unticked_the_manifest_says_false(self):
        self.form()
        self.assertIs(Vote.objects.get().manifest()["require_voter_signatures"], False)

    def test_the_api_refuses_it_while_an_organization_has_no_key(self):
        response = self.api(require_voter_signatures=True)
        self.assertEqual(response.status_code, 422, response.content)
        errors = {e["loc"][-1]: e["msg"] for e in response.json()["errors"]}
        self.assertIn("Gamma Union", errors["require_voter_signatures"])
        self.assertFalse(Vote.objects.exists())

    def test_the_api_writes_it_into_the_manifest(self):
        ballot_key(self.gamma, self.gamma_admin)
        response = self.api(require_voter_signatures=True)
        self.assertEqual(response.status_code, 201, response.content)
        self.assertIs(response.json()["manifest"]["require_voter_signatures"], True)
        self.assertIs(Vote.objects.get().manifest()["require_voter_signatures"], True)

    def test_the_api_leaves_it_off_by_default(self):
        response = self.api()
        self.assertEqual(response.status_code, 201, response.content)
        self.assertIs(response.json()["manifest"]["require_voter_signatures"], False)


class CheckItYourselfTestCase(Folder, BaseTestCase):
    """The per-vote verify page's "Check it on your own computer": its two downloads and its
    command line, run as written, accept the vote."""

    def test_following_the_page_verifies_the_vote(self):
        vote = open_vote(self)
        ballots.ballot_cast(vote=vote, organization=self.alpha, actor=self.delegate, choice="for")
        expire(vote)
        self.client.force_login(self.gamma_admin)
        page = self.client.get(f"/coalitions/united/votes/{vote.pk}/verify/")
        self.assertContains(page, "Check it on your own computer")
        html = page.content.decode()
        section = html[html.index('id="yourself"') :]
        links = re.findall(r'href="([^"]+)"', section)
        self.assertIn(f"/coalitions/united/votes/{vote.pk}/ledger.json", links)
        self.assertIn("/verify/caucus_verify.py", links)
        self.assertIn("/verify/", links)
        command = re.search(r"<pre[^>]*>(.*?)</pre>", section, re.S).group(1)
        words = shlex.split(command.split("[")[0])
        self.assertEqual(words[:2], ["python", "caucus_verify.py"])
        self.assertEqual(words[3:], ["--key", keys.public_key_hex()])

        ledger = self.client.get(f"/coalitions/united/votes/{vote.pk}/ledger.json")
        self.assertIn(f'filename="{words[2]}"', ledger["Content-Disposition"])
        (self.dir / words[2]).write_bytes(ledger.content)
        tool = self.client.get("/verify/caucus_verify.py")
        served = b"".join(tool.streaming_content)
        self.assertEqual(served, (TOOLS / "caucus_verify.py").read_bytes())
        (self.dir / "caucus_verify.py").write_bytes(served)
        run = self.run_tool(*words[1:])
        self.assertEqual(run.returncode, 0, run.stdout)
        self.assertIn("RESULT: OK", run.stdout)
        self.assertIn(
            f"instance key {keys.public_key_hex()[:16]} is the key you trust (--key)", run.stdout
        )
