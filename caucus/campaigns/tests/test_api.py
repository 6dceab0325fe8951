"""Campaigns through the JSON API: reads, the permission matrix of every write, field errors
(422 with `loc`, nothing changed), private addresses, and the same time-zone rules as the web."""

from datetime import datetime

from django.apps import apps
from django.core import mail

from caucus.api.tests.helpers import ApiTestCase
from caucus.campaigns.models import Approval, Event, EventStatus, Rsvp
from caucus.campaigns.tests.helpers import make_campaign, make_event
from caucus.test import OK, expect, on_test_day

PRIVATE = "Room 9, Hidden House"
WATCHED = [
    "campaigns.Campaign",
    "campaigns.DayOfAction",
    "campaigns.Demand",
    "campaigns.Target",
    "campaigns.Event",
    "campaigns.EventStatusChange",
    "campaigns.Rsvp",
    "campaigns.PlaceCount",
    "audit.AuditEntry",
]
COORDINATOR_ONLY = expect(403, anonymous=401, coordinator=OK)
# The organizers of alpha's event: alpha's people with a second factor (the coordinator is a
# delegate of alpha too); not gamma's admin, whose organization is another member.
ORGANIZERS = expect(OK, anonymous=401, outsider=403, gamma_admin=403, nomfa=403, operator=403)


def snapshot() -> dict:
    return {label: list(apps.get_model(label).objects.order_by("pk").values()) for label in WATCHED}


def full_event_body(**overrides) -> dict:
    """A PUT's body: every field an event stores."""
    body = {
        "description": "",
        "day_of_action": None,
        "time_zone": "",
        "address_visibility": "public",
        "online_url": "",
        "capacity": None,
        "show_attendees": False,
        "signup_url": "",
        **event_body(),
    }
    body.update(overrides)
    return body


def event_body(**overrides) -> dict:
    body = {
        "title": "Rally at the ministry",
        "kind": "rally",
        "city": "Istanbul",
        "country": "TR",
        "start": "2031-03-04T18:00",
        "end": "2031-03-04T20:00",
        "venue": "Square",
        "address": "1 Main St",
    }
    body.update(overrides)
    return body


@on_test_day
class CampaignApiTestCase(ApiTestCase):
    watched = WATCHED

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.campaign = make_campaign(cls.coalition)
        cls.event = make_event(
            cls.campaign, cls.alpha, address=PRIVATE, address_visibility="hidden"
        )
        cls.open_event = make_event(
            cls.campaign,
            cls.gamma,
            zone="America/Santiago",
            city="Santiago",
            country="CL",
            address="Plaza 1",
            start=datetime(2031, 3, 11, 19, 0),
            day_of_action=cls.campaign.days.last(),
        )

    def matrix(self, method, path, body, expected, created=200):
        """The request through the session and with a personal token (caucus/test.py)."""
        self.check_api(method, path, expected, body, allowed=created)

    def invalid(self, actor, method, path, body, status=422) -> dict[str, list[str]]:
        before = snapshot()
        response = self.call(self.as_(actor), method, path, body)
        self.assertEqual(response.status_code, status, response.content)
        self.assertEqual(snapshot(), before)
        fields: dict[str, list[str]] = {}
        for error in response.json()["errors"]:
            fields.setdefault(".".join(str(p) for p in error["loc"][1:]), []).append(error["msg"])
        return fields

    # --- Reads.

    def test_public_reads(self):
        client = self.as_("anonymous")
        listing = self.call(client, "get", "/campaigns").json()
        self.assertEqual([c["slug"] for c in listing["items"]], ["spring"])
        detail = self.call(client, "get", "/campaigns/spring").json()
        self.assertEqual(detail["demands"], ["Fair wages", "Free unions"])
        self.assertEqual([d["name"] for d in detail["days"]], ["First day", "Second day"])
        self.assertEqual(detail["targets"][0]["kind"], "government")
        self.assertEqual(
            detail["counts"], {"events": 2, "countries": 2, "cities": 2, "organizations": 2}
        )
        self.assertTrue(detail["calendar"].endswith("/campaigns/spring/calendar.ics"))
        events = self.call(client, "get", "/campaigns/spring/events").json()
        self.assertEqual(events["count"], 2)
        santiago = events["items"][1]
        self.assertEqual(santiago["time_zone"], "America/Santiago")
        self.assertEqual(santiago["local_start"], "2031-03-11T19:00:00-03:00")
        self.assertEqual(santiago["starts_at"], "2031-03-11T22:00:00Z")
        self.assertEqual(santiago["address"], "Plaza 1")

    def test_event_filters(self):
        client = self.as_("anonymous")
        day = self.campaign.days.last().pk
        for query, count in [
            ("?country=CL", 1),
            ("?country=TR&kind=rally", 1),
            ("?city=santiago", 1),
            ("?org=alpha", 1),
            (f"?day={day}", 1),
            ("?date=2031-03-04&tz=Asia/Baku", 1),
            ("?kind=vigil", 0),
        ]:
            with self.subTest(query=query):
                response = self.call(client, "get", "/campaigns/spring/events" + query)
                self.assertEqual(response.json()["count"], count, response.content)
        bad = self.call(client, "get", "/campaigns/spring/events?country=ZZ")
        self.assertEqual(bad.status_code, 422)
        self.assertEqual(bad.json()["errors"][0]["loc"], ["query", "country"])

    def test_unknown_and_pending_events_are_404(self):
        client = self.as_("anonymous")
        self.assertEqual(self.call(client, "get", "/events/not-a-uid").status_code, 404)
        self.assertEqual(self.call(client, "get", "/campaigns/nope").status_code, 404)
        Event.objects.filter(pk=self.open_event.pk).update(approval=Approval.PENDING)
        self.assertEqual(
            self.call(client, "get", f"/events/{self.open_event.uid}").status_code, 404
        )
        listed = self.call(client, "get", "/campaigns/spring/events").json()
        self.assertEqual(listed["count"], 1)

    def test_private_address_only_for_organizers(self):
        """The event and the campaign's list, read by anyone; the hidden address only by the
        event's organizers: alpha's people (nomfa too, as on the event page) and the coalition's
        coordinator."""
        organizers = {"nomfa", "delegate", "editor", "org_admin", "coordinator"}

        def address_shown(role, response) -> None:
            self.assertEqual(PRIVATE in response.content.decode(), role in organizers)

        def hidden_event(role, response) -> None:
            address_shown(role, response)
            self.assertEqual(response.json()["address_visibility"], "hidden")

        self.check_api("get", f"/events/{self.event.uid}", expect(OK), then=hidden_event)
        self.check_api("get", "/campaigns/spring/events", expect(OK), then=address_shown)

    def test_the_list_reads_a_constant_number_of_queries_for_an_organizer(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client = self.as_("coordinator")

        def count() -> int:
            with CaptureQueriesContext(connection) as queries:
                response = self.call(client, "get", "/campaigns/spring/events")
            self.assertEqual(response.status_code, 200)
            return len(queries)

        before = count()
        for n in range(6):
            make_event(
                self.campaign,
                self.alpha if n % 2 else self.gamma,
                address=PRIVATE,
                address_visibility="hidden",
                title=f"More {n}",
            )
        self.assertEqual(count(), before)
        listed = self.call(client, "get", "/campaigns/spring/events").json()["items"]
        self.assertEqual(sum(1 for e in listed if e["address"] == PRIVATE), 7)

    # --- Writes: who may.

    def test_create_campaign_matrix(self):
        body = {
            "title": "Autumn",
            "slug": "autumn",
            "starts_on": "2031-10-01",
            "ends_on": "2031-10-14",
            "days": [{"date": "2031-10-05", "name": "Day one"}],
            "demands": ["Bread"],
            "targets": [{"name": "Acme", "kind": "company", "country": "AR"}],
        }
        self.matrix("post", "/coalitions/united/campaigns", body, COORDINATOR_ONLY, created=201)

    def test_update_campaign_matrix(self):
        body = {
            "title": "Spring, renamed",
            "slug": "spring",
            "starts_on": "2031-03-01",
            "ends_on": "2031-03-14",
            "status": "active",
            "registration": "hosts",
            "days": [{"date": "2031-03-04", "name": "First day"}],
            "summary": "",
            "description": "",
            "hashtag": "",
            "demands": [],
            "targets": [],
            "statements": [],
        }
        self.matrix("put", "/campaigns/spring", body, COORDINATOR_ONLY)

    def test_patch_campaign_matrix(self):
        self.matrix("patch", "/campaigns/spring", {"title": "Spring, renamed"}, COORDINATOR_ONLY)

    def full_body(self) -> dict:
        return self.call(self.as_("anonymous"), "get", "/campaigns/spring").json()

    def test_a_partial_put_is_refused_and_wipes_nothing(self):
        body = {
            "title": "Spring, renamed",
            "slug": "spring",
            "starts_on": "2031-03-01",
            "ends_on": "2031-03-14",
        }
        fields = self.invalid("coordinator", "put", "/campaigns/spring", body)
        for name in ("days", "demands", "targets", "statements", "summary", "status"):
            self.assertIn(name, fields)
        self.assertEqual(self.campaign.days.count(), 2)
        self.assertEqual(self.campaign.demands.count(), 2)
        self.assertEqual(self.campaign.targets.count(), 1)

    def test_patch_changes_only_what_it_sends(self):
        client = self.as_("coordinator", "token")
        response = self.call(client, "patch", "/campaigns/spring", {"title": "Spring, renamed"})
        self.assertEqual(response.status_code, 200, response.content)
        self.campaign.refresh_from_db()
        self.assertEqual(self.campaign.title, "Spring, renamed")
        self.assertEqual(self.campaign.hashtag, "#Spring")
        self.assertEqual(
            [(d.name, d.hashtag) for d in self.campaign.days.order_by("date")],
            [("First day", "#D1"), ("Second day", "")],
        )
        self.assertEqual(
            [d.text for d in self.campaign.demands.all()], ["Fair wages", "Free unions"]
        )
        response = self.call(client, "patch", "/campaigns/spring", {"demands": ["Bread"]})
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual([d.text for d in self.campaign.demands.all()], ["Bread"])
        self.assertEqual(self.campaign.days.count(), 2)

    def test_a_target_without_a_name_is_a_field_error(self):
        # api-check found it: a PATCH with {"name": ""} among the targets was a 500.
        client = self.as_("coordinator", "token")
        targets = [{"kind": "other", "name": ""}]
        response = self.call(client, "patch", "/campaigns/spring", {"targets": targets})
        self.assertEqual(response.status_code, 422, response.content)
        self.assertEqual(response.json()["errors"][0]["loc"][:2], ["body", "targets"])
        self.assertFalse(self.campaign.targets.filter(name="").exists())

    def test_patch_refuses_null_unknown_fields_and_non_objects(self):
        for body in ({"days": None}, {"title": None}, {"colour": "red"}, [None, None]):
            with self.subTest(body=body):
                self.invalid("coordinator", "patch", "/campaigns/spring", body)
        fields = self.invalid(
            "coordinator", "patch", "/campaigns/spring", {"ends_on": "2031-02-01"}
        )
        self.assertTrue(fields)  # the end before the start, as on the web form

    def test_an_identical_put_or_patch_writes_nothing(self):
        from caucus.audit.models import AuditEntry

        detail = self.full_body()
        body = {
            key: detail[key]
            for key in (
                "title",
                "slug",
                "summary",
                "description",
                "starts_on",
                "ends_on",
                "hashtag",
                "status",
                "registration",
                "demands",
            )
        }
        body["days"] = [
            {"date": d["date"], "name": d["name"], "hashtag": d["hashtag"]} for d in detail["days"]
        ]
        body["targets"] = detail["targets"]
        body["statements"] = []
        client = self.as_("coordinator", "token")
        before, entries = snapshot(), AuditEntry.objects.count()
        for method, sent in (("put", body), ("patch", {"title": body["title"]}), ("patch", {})):
            with self.subTest(method=method, sent=sent):
                response = self.call(client, method, "/campaigns/spring", sent)
                self.assertEqual(response.status_code, 200, response.content)
                self.assertEqual(snapshot(), before)
                self.assertEqual(AuditEntry.objects.count(), entries)
        body["summary"] = "Three weeks"
        self.assertEqual(self.call(client, "put", "/campaigns/spring", body).status_code, 200)
        self.assertEqual(AuditEntry.objects.count(), entries + 1)

    def test_register_event_matrix(self):
        body = event_body(organization="alpha")
        self.matrix("post", "/campaigns/spring/events", body, ORGANIZERS, created=201)
        # Registering for another organization is for that organization's people: gamma's
        # admin for gamma; nobody for beta, which is not a member of the coalition.
        gamma = event_body(organization="gamma")
        gammas = expect(403, anonymous=401, gamma_admin=OK)
        self.matrix("post", "/campaigns/spring/events", gamma, gammas, created=201)
        beta = event_body(organization="beta")
        self.matrix("post", "/campaigns/spring/events", beta, expect(403, anonymous=401))

    def test_update_event_matrix(self):
        body = full_event_body(title="Renamed", address=PRIVATE, address_visibility="hidden")
        self.matrix("put", f"/events/{self.event.uid}", body, ORGANIZERS)

    def test_patch_event_matrix(self):
        self.matrix("patch", f"/events/{self.event.uid}", {"title": "Renamed"}, ORGANIZERS)

    def test_event_put_needs_every_field_and_patch_keeps_the_rest(self):
        uid = self.event.uid
        fields = self.invalid("delegate", "put", f"/events/{uid}", event_body(title="Renamed"))
        for name in ("description", "address_visibility", "capacity", "signup_url"):
            self.assertIn(name, fields)
        client = self.as_("delegate", "token")
        response = self.call(client, "patch", f"/events/{uid}", {"title": "Renamed"})
        self.assertEqual(response.status_code, 200, response.content)
        self.event.refresh_from_db()
        self.assertEqual(self.event.title, "Renamed")
        self.assertEqual((self.event.address, self.event.address_visibility), (PRIVATE, "hidden"))
        before = snapshot()
        for body in ({"address": PRIVATE}, {"title": "Renamed"}, {}):
            response = self.call(client, "patch", f"/events/{uid}", body)
            self.assertEqual(response.status_code, 200, response.content)
            self.assertEqual(snapshot(), before)  # what is there already: nothing written
        for body in ({"title": None}, {"colour": "red"}, {"start": 0}):
            with self.subTest(body=body):
                self.invalid("delegate", "patch", f"/events/{uid}", body)

    def test_change_status_matrix(self):
        body = {"status": "tentative", "note": "maybe"}
        self.matrix("post", f"/events/{self.event.uid}/status", body, ORGANIZERS)

    def test_report_matrix(self):
        body = {"report": "We were many.", "attendance": 300}
        self.matrix("post", f"/events/{self.event.uid}/report", body, ORGANIZERS)

    def test_review_matrix(self):
        proposal = self.propose()
        path = f"/campaigns/spring/hosts/{proposal.uid}/review"
        self.matrix("post", path, {"decision": "approved"}, COORDINATOR_ONLY)
        self.matrix("get", "/campaigns/spring/hosts", None, COORDINATOR_ONLY)

    # --- Writes: what they do, and field errors.

    def test_register_in_the_citys_zone_and_refuse_bad_input(self):
        response = self.call(
            self.as_("delegate", "token"),
            "post",
            "/campaigns/spring/events",
            event_body(organization="alpha", city="Santiago", country="CL"),
        )
        self.assertEqual(response.status_code, 201, response.content)
        made = response.json()
        self.assertEqual(made["time_zone"], "America/Santiago")
        self.assertEqual(made["local_start"], "2031-03-04T18:00:00-03:00")
        self.assertEqual(made["organization"], "alpha")
        path = "/campaigns/spring/events"
        cases = [
            ({"end": "2031-03-04T17:00"}, "end"),
            ({"time_zone": "Mars/Olympus"}, "time_zone"),
            ({"address": "x" * 501}, "address"),
            ({"start": "2031-04-30T18:00", "end": "2031-04-30T19:00"}, "allow_outside_dates"),
            # Santiago's clocks go back from 24:00 to 23:00 on 2031-04-06 (gap and overlap).
            (
                {
                    "city": "Santiago",
                    "country": "CL",
                    "start": "2031-04-05T23:30",
                    "end": "2031-04-06T01:00",
                    "allow_outside_dates": True,
                },
                "start",
            ),
            ({"kind": "online"}, "online_url"),
            ({"title": ""}, "title"),
        ]
        for overrides, field in cases:
            with self.subTest(field=field):
                fields = self.invalid(
                    "delegate", "post", path, event_body(organization="alpha", **overrides)
                )
                self.assertIn(field, fields)
        schema = self.invalid("delegate", "post", path, {"organization": "alpha"})
        self.assertIn("title", schema)

    def test_ambiguous_time_offers_the_choice_and_accepts_it(self):
        body = event_body(
            organization="alpha",
            city="Santiago",
            country="CL",
            start="2031-04-05T23:30",
            end="2031-04-06T01:00",
            allow_outside_dates=True,
        )
        fields = self.invalid("delegate", "post", "/campaigns/spring/events", body)
        self.assertIn("start", fields)
        body["start_fold"] = "1"
        response = self.call(self.as_("delegate"), "post", "/campaigns/spring/events", body)
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["local_start"], "2031-04-05T23:30:00-04:00")
        self.assertEqual(response.json()["starts_at"], "2031-04-06T03:30:00Z")

    def test_update_raises_sequence_and_status_emails_confirmed_rsvps(self):
        client = self.as_("delegate", "token")
        response = self.call(
            client,
            "put",
            f"/events/{self.open_event.uid}",
            full_event_body(
                city="Santiago", country="CL", start="2031-03-11T20:00", end="2031-03-11T22:00"
            ),
        )
        self.assertEqual(response.status_code, 403)  # gamma's event, not alpha's
        client = self.as_("coordinator", "token")
        response = self.call(
            client,
            "put",
            f"/events/{self.open_event.uid}",
            full_event_body(
                city="Santiago", country="CL", start="2031-03-11T20:00", end="2031-03-11T22:00"
            ),
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["sequence"], self.open_event.sequence + 1)
        Rsvp.objects.create(
            event=self.open_event,
            name="Pat",
            email="pat@example.net",
            email_index="x",
            state="confirmed",
        )
        with self.captureOnCommitCallbacks(execute=True):
            response = self.call(
                client,
                "post",
                f"/events/{self.open_event.uid}/status",
                {"status": "cancelled", "note": "Storm warning"},
            )
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["status"], EventStatus.CANCELLED)
        self.assertEqual([m.to for m in mail.outbox], [["pat@example.net"]])
        self.assertIn("Storm warning", mail.outbox[0].body)
        same = self.call(
            client,
            "post",
            f"/events/{self.open_event.uid}/status",
            {"status": "cancelled", "note": "Storm warning"},
        )
        self.assertEqual(same.json()["errors"][0]["loc"], ["body", "status"])
        listed = self.call(self.as_("anonymous"), "get", "/campaigns/spring/events?country=CL")
        self.assertEqual(listed.json()["items"][0]["status"], "cancelled")

    def test_rsvp_through_the_api(self):
        client = self.as_("anonymous")
        path = f"/events/{self.open_event.uid}/rsvps"
        with self.captureOnCommitCallbacks(execute=True):
            response = self.call(client, "post", path, {"name": "Pat", "email": "pat@example.net"})
        self.assertEqual(response.status_code, 202, response.content)
        self.assertEqual(Rsvp.objects.get().state, "pending")
        self.assertEqual(len(mail.outbox), 1)
        fields = self.invalid("anonymous", "post", path, {"name": " ", "email": "nope"})
        self.assertEqual(set(fields), {"name", "email"})
        Event.objects.filter(pk=self.open_event.pk).update(status=EventStatus.CANCELLED)
        body = {"name": "Sam", "email": "s@example.net"}
        self.assertIn("", self.invalid("anonymous", "post", path, body, status=409))

    def propose(self, **overrides) -> Event:
        body = event_body(
            host_name="Friends of the Park",
            host_contact="friends@example.net",
            city="Lima",
            country="PE",
            **overrides,
        )
        response = self.call(self.as_("anonymous"), "post", "/campaigns/spring/hosts", body)
        self.assertEqual(response.status_code, 202, response.content)
        return Event.objects.get(host_name="Friends of the Park")

    def test_host_proposal_and_review(self):
        proposal = self.propose()
        self.assertEqual(proposal.approval, Approval.PENDING)
        self.assertEqual(proposal.time_zone, "America/Lima")
        anonymous = self.as_("anonymous")
        self.assertEqual(self.call(anonymous, "get", f"/events/{proposal.uid}").status_code, 404)
        fields = self.invalid(
            "anonymous", "post", "/campaigns/spring/hosts", event_body(host_contact="nope")
        )
        self.assertEqual(set(fields), {"host_name", "host_contact"})
        coordinator = self.as_("coordinator", "token")
        pending = self.call(coordinator, "get", "/campaigns/spring/hosts").json()
        self.assertEqual([p["host_name"] for p in pending["items"]], ["Friends of the Park"])
        path = f"/campaigns/spring/hosts/{proposal.uid}/review"
        fields = self.invalid("coordinator", "post", path, {"decision": "needs_info"})
        self.assertIn("note", fields)
        response = self.call(
            coordinator, "post", path, {"decision": "needs_info", "note": "Where?"}
        )
        self.assertEqual(response.json()["approval"], "needs_info")
        needs = self.call(coordinator, "get", "/campaigns/spring/hosts?approval=needs_info")
        self.assertEqual(needs.json()["count"], 1)
        response = self.call(coordinator, "post", path, {"decision": "approved"})
        self.assertEqual(response.json()["approval"], "approved")
        self.assertEqual(self.call(anonymous, "get", f"/events/{proposal.uid}").status_code, 200)

    def test_a_proposal_keeps_the_language_of_its_request_for_the_hosts_email(self):
        anonymous = self.as_("anonymous")
        anonymous.defaults["HTTP_ACCEPT_LANGUAGE"] = "el"
        body = event_body(host_name="Friends of the Park", host_contact="friends@example.net")
        self.assertEqual(
            self.call(anonymous, "post", "/campaigns/spring/hosts", body).status_code, 202
        )
        self.assertEqual(Event.objects.get(host_name="Friends of the Park").host_language, "el")

    def test_member_only_campaign_refuses_hosts(self):
        make_campaign(self.coalition, slug="closed", registration="members")
        before = snapshot()
        response = self.call(
            self.as_("anonymous"),
            "post",
            "/campaigns/closed/hosts",
            event_body(host_name="X", host_contact="x@example.net"),
        )
        self.assertEqual(response.status_code, 409)  # the campaign's setting refuses it
        self.assertEqual(snapshot(), before)

    def test_campaign_field_errors(self):
        body = {
            "title": "Bad",
            "slug": "bad",
            "starts_on": "2031-10-14",
            "ends_on": "2031-10-01",
            "days": [{"date": "2031-12-25", "name": "Late"}],
            "targets": [{"name": "Acme", "kind": "alien"}],
        }
        fields = self.invalid("coordinator", "post", "/coalitions/united/campaigns", body)
        self.assertTrue({"ends_on", "targets"} <= set(fields), fields)

    def test_a_private_coalitions_campaign_is_not_public(self):
        self.coalition.is_public = False
        self.coalition.save()
        client = self.as_("anonymous")
        self.assertEqual(self.call(client, "get", "/campaigns/spring").status_code, 404)
        self.assertEqual(self.call(client, "get", "/campaigns").json()["count"], 0)
