"""The task table holds no address, link, key or body of any email (issue "Trust", part 4).

Each test sends one kind of email the way the site does, through the real database backend
and `db_worker --batch`, then reads every column of every task row, the way the admin shows
them, for what the email carried: its recipients, every link and token in it, its subject and
its lines of text. Security review, finding 8: every email used to be enqueued in full.
"""

import re
from datetime import date, datetime, timedelta

from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.test import TransactionTestCase, override_settings
from django.utils import timezone

from caucus.accounts.models import OutboxMessage
from caucus.test import PASSWORD, Client, build_cast, make_user, on_test_day

URL = re.compile(r"https?://[^\s\"'<>]+")
TOKEN = re.compile(r"[A-Za-z0-9_:.\-]{20,}")
SITE = "http://caucus.test"


def secrets_of(message) -> set[str]:
    """What must never be in a task row: recipients, links, tokens, subject, lines of text."""
    parts = [message.body, *(content for content, _type in getattr(message, "alternatives", []))]
    found = {address.lower() for address in message.to} | {message.subject}
    for part in parts:
        for url in URL.findall(part):
            found.add(url)
            found.add(url.removeprefix(SITE))  # the path and its token, without the host
        found.update(token for token in TOKEN.findall(part) if not token.startswith("http"))
        found.update(line.strip() for line in part.splitlines() if len(line.strip()) >= 40)
    return found


@override_settings(
    TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}},
    SITE_URL=SITE,
)
@on_test_day
class TaskTableTestCase(TransactionTestCase):
    client_class = Client

    def setUp(self):
        build_cast(type(self))
        cache.clear()

    def run_worker(self) -> None:
        """Run every task that is due, and the batches that wait a few seconds on purpose."""
        from django_tasks_db.models import DBTaskResult

        for _ in range(5):
            DBTaskResult.objects.filter(
                status="READY", task_path__endswith=".send_confirmations"
            ).update(run_after=timezone.now() - timedelta(seconds=1))
            call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)

    def assertTaskTableKeepsNothingOf(self, *recipients: str) -> list:
        """Every email to `recipients` was sent, and no task row holds anything it carried."""
        from django_tasks_db.models import DBTaskResult

        self.run_worker()
        sent = [m for m in mail.outbox if set(m.to) & set(recipients)]
        self.assertEqual(
            {address for m in sent for address in m.to} & set(recipients), set(recipients)
        )
        rows = list(DBTaskResult.objects.values())
        self.assertTrue(rows, "the email did not go through the task table")
        table = "\n".join(str(value) for row in rows for value in row.values()).lower()
        for message in sent:
            for secret in secrets_of(message):
                self.assertNotIn(secret.lower(), table, f"{message.subject!r} left {secret!r}")
        return sent

    def assertTaskRan(self, name: str) -> None:
        """The email went through a row of the task `name`, which the worker ran."""
        from django_tasks_db.models import DBTaskResult

        rows = DBTaskResult.objects.filter(task_path__endswith=f".{name}")
        self.assertEqual(set(rows.values_list("status", flat=True)), {"SUCCESSFUL"})

    # --- Accounts (allauth's emails go through the encrypted outbox) ---

    def test_password_reset(self):
        for email in (self.delegate.email, "nobody@example.net"):  # the unknown one too
            self.client.post("/accounts/password/reset/", {"email": email})
        (reset, unknown) = sorted(
            self.assertTaskTableKeepsNothingOf(self.delegate.email, "nobody@example.net"),
            key=lambda m: m.to != [self.delegate.email],
        )
        self.assertIn("/accounts/password/reset/key/", reset.body)
        self.assertFalse(OutboxMessage.objects.exists())  # deleted once sent

    def test_email_confirmation(self):
        user = make_user("unverified@example.org", "Una Verified")
        EmailAddress.objects.filter(user=user).update(verified=False)
        self.client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
        (confirm,) = self.assertTaskTableKeepsNothingOf(user.email)
        self.assertIn("/accounts/confirm-email/", confirm.body)

    # --- Organizations and coalitions ---

    def test_invitation(self):
        from caucus.organizations.services import invitation_create

        invitation_create(
            organization=self.alpha, email="new@example.net", role="delegate", actor=self.org_admin
        )
        self.assertTaskTableKeepsNothingOf("new@example.net")

    def test_coalition_invitation(self):
        from caucus.coalitions.services import coalition_invite

        coalition_invite(coalition=self.coalition, organization=self.beta, actor=self.coordinator)
        self.assertTaskTableKeepsNothingOf(self.outsider.email)

    # --- Campaigns ---

    def event(self, **extra):
        from caucus.campaigns.tests.helpers import make_campaign, make_event

        campaign = make_campaign(self.coalition, actor=self.coordinator)
        return make_event(campaign, self.alpha, actor=self.delegate, **extra)

    def rsvp(self, event, email: str):
        from caucus.campaigns.models import Rsvp
        from caucus.campaigns.rsvps import rsvp_confirm, rsvp_create

        rsvp_create(event=event, name="Rita", email=email)
        return rsvp_confirm(rsvp=Rsvp.objects.get(event=event))

    def test_rsvp_confirmation(self):
        from caucus.campaigns.rsvps import rsvp_create

        rsvp_create(event=self.event(), name="Rita", email="rita@example.net")
        self.assertTaskTableKeepsNothingOf("rita@example.net")

    def test_rsvp_reminder(self):
        from caucus.campaigns.rsvps import rsvp_create

        event = self.event()
        rsvp_create(event=event, name="Rita", email="rita@example.net")
        rsvp_create(event=event, name="Rita again", email="rita@example.net")
        self.assertEqual(len(self.assertTaskTableKeepsNothingOf("rita@example.net")), 2)

    def test_status_change(self):
        from caucus.campaigns.services import event_change_status

        event = self.event()
        self.rsvp(event, "rita@example.net")
        self.run_worker()
        mail.outbox = []
        event_change_status(event=event, status="postponed", note="Rain", actor=self.delegate)
        self.assertTaskTableKeepsNothingOf("rita@example.net")

    def test_host_review(self):
        from caucus.campaigns.services import host_review, host_submit
        from caucus.campaigns.tests.helpers import make_campaign

        campaign = make_campaign(self.coalition, actor=self.coordinator)  # takes outside hosts
        starts = datetime(2031, 3, 4, 15, 0, tzinfo=timezone.UTC)
        event = host_submit(
            campaign=campaign,
            data={
                "title": "Neighbours' picket",
                "kind": "picket",
                "city": "Izmir",
                "country": "TR",
                "time_zone": "Europe/Istanbul",
                "starts_at": starts,
                "ends_at": starts + timedelta(hours=2),
                "host_name": "Neighbours Assoc.",
                "host_contact": "host@example.net",
            },
        )
        host_review(
            event=event, decision="needs_info", note="Which street?", actor=self.coordinator
        )
        (review,) = self.assertTaskTableKeepsNothingOf("host@example.net")
        self.assertIn("Which street?", review.body)

    # --- Solidarity ---

    def case(self):
        from caucus.solidarity.services import case_create

        return case_create(
            coalition=self.coalition,
            actor=self.coordinator,
            publish=True,
            display_name="Mehmet Demir",
            country="AR",
            summary="A docker charged for a strike.",
            status="charged",
        )

    def test_case_follow_confirmation(self):
        from caucus.solidarity.services import follow_request

        follow_request(case=self.case(), email="fol@example.net", language="es")
        (confirm,) = self.assertTaskTableKeepsNothingOf("fol@example.net")
        self.assertIn("/cases/", confirm.body)

    def test_follower_update(self):
        from caucus.solidarity.models import Follower
        from caucus.solidarity.services import entry_add, follow_confirm, follow_request

        case = self.case()
        follow_request(case=case, email="fol@example.net")
        follow_confirm(follower=Follower.objects.get())
        self.run_worker()
        mail.outbox = []
        entry_add(
            case=case,
            actor=self.coordinator,
            kind="update",
            date=date(2031, 1, 5),
            note="The appeal was filed at the regional court this morning.",
        )
        (update,) = self.assertTaskTableKeepsNothingOf("fol@example.net")
        self.assertIn("appeal was filed", update.body)

    # --- Decisions ---

    def meeting(self):
        from caucus.decisions.services import meeting_schedule

        return meeting_schedule(
            coalition=self.coalition,
            actor=self.coordinator,
            title="Spring assembly",
            starts=datetime(2031, 4, 1, 10, 0),
            ends=datetime(2031, 4, 1, 12, 0),
            time_zone="Europe/Istanbul",
            online_link="https://meet.example/secret-room-4411",
            invited=[self.alpha, self.gamma],
        )

    def test_meeting_invitation(self):
        self.meeting()
        sent = self.assertTaskTableKeepsNothingOf(self.delegate.email, self.gamma_admin.email)
        self.assertIn("secret-room-4411", str(sent[0].attachments[0][1]))

    def test_meeting_change(self):
        from caucus.decisions.services import meeting_update

        meeting = self.meeting()
        self.run_worker()
        mail.outbox = []
        meeting_update(meeting=meeting, actor=self.coordinator, place="Union hall, room 4")
        self.assertTaskTableKeepsNothingOf(self.delegate.email, self.gamma_admin.email)

    def test_meeting_cancellation(self):
        from caucus.decisions.services.meetings import meeting_cancel

        meeting = self.meeting()
        self.run_worker()
        mail.outbox = []
        reason = "The union hall is closed by order of the governor until further notice."
        meeting_cancel(meeting=meeting, actor=self.coordinator, reason=reason)
        sent = self.assertTaskTableKeepsNothingOf(self.delegate.email, self.gamma_admin.email)
        self.assertTaskRan("send_meeting_change")
        self.assertIn(reason, sent[0].body)  # a line the scan looks for in every row
        self.assertIn("STATUS:CANCELLED", str(sent[0].attachments[0][1]))

    def test_ballot_receipt(self):
        from caucus.decisions.services import ballot_cast
        from caucus.decisions.tests.helpers import open_vote

        vote = open_vote(self)
        self.run_worker()
        mail.outbox = []
        ballot_cast(vote=vote, organization=self.alpha, actor=self.delegate, choice="for")
        (receipt,) = self.assertTaskTableKeepsNothingOf(self.delegate.email)
        self.assertIn("tracker=", receipt.body)

    # --- Statements and signatures ---

    def statement(self, **fields):
        from caucus.signatures.tests.helpers import make_statement

        return make_statement(coalition=self.coalition, **fields)

    def test_statement_opening_notice(self):
        from caucus.statements.services import statement_open

        statement_open(statement=self.statement(status="draft"), actor=self.coordinator)
        self.assertTaskTableKeepsNothingOf(self.delegate.email, self.gamma_admin.email)

    def test_signature_confirmation(self):
        from caucus.signatures.services import individual_sign

        individual_sign(statement=self.statement(), name="Ana", email="ana@example.net")
        (confirm,) = self.assertTaskTableKeepsNothingOf("ana@example.net")
        self.assertIn("/sign/confirm/", confirm.body)

    def test_reconfirmation_request(self):
        from caucus.signatures.services import organization_sign
        from caucus.signatures.tasks import ask_to_reconfirm
        from caucus.signatures.tests.helpers import publish_new_version

        statement = self.statement()
        organization_sign(statement=statement, organization=self.gamma, actor=self.gamma_admin)
        publish_new_version(statement)
        ask_to_reconfirm.enqueue(statement.pk)  # as the revision_published signal does
        self.assertTaskTableKeepsNothingOf(self.gamma_admin.email)

    def test_signing_reminder(self):
        from caucus.signatures.reminders import reminder_send

        statement = self.statement()  # alpha, a member, has not signed it
        reminder_send(statement=statement, organization=self.alpha, actor=self.coordinator)
        sent = self.assertTaskTableKeepsNothingOf(self.delegate.email, self.org_admin.email)
        self.assertTaskRan("send_signing_reminder")
        self.assertIn("/s/declaration/", sent[0].body)

    def test_cosign_request_and_decision(self):
        from caucus.signatures.models import OrganizationSignature
        from caucus.signatures.services import organization_decide, organization_sign

        statement = self.statement()
        organization_sign(statement=statement, organization=self.beta, actor=self.outsider)
        self.assertTaskTableKeepsNothingOf(self.coordinator.email)
        mail.outbox = []
        signature = OrganizationSignature.objects.get(organization=self.beta)
        organization_decide(signature=signature, approve=True, actor=self.coordinator)
        self.assertTaskTableKeepsNothingOf(self.outsider.email)
