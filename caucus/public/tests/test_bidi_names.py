"""Names inside Arabic pages are isolated (issue 14): a Latin name keeps its own order.

"Sign for Federación de Trabajadores Unidos (FETRAU)." in an Arabic sentence without isolation
lets the bidirectional algorithm pull the name's parenthesis and full stop to the wrong end.
The rule: every occurrence of a known name (an organization's name or short name, a
coalition's, a person's, a solidarity case's) in a page's text sits inside a <bdi> or inside an
element that says its `dir`.

The demo is loaded and each demo role, in Arabic, follows the links from its dashboard (one
page per URL pattern, as the browser crawl does), anonymous readers from the home page; then
the pages no link reaches are opened the way their users reach them: what a few changes leave
(the confirmation pages, flash messages and the audit log after removals), the links of the
emails a reader gets (RSVP, following a case, confirming and removing a signature), and the
dashboard's items that the demo does not hold on its own.
"""

import re
from collections import deque
from html.parser import HTMLParser
from io import StringIO
from urllib.parse import urljoin, urlsplit

from django.core import mail
from django.core.management import call_command
from django.test import TestCase
from django.urls import Resolver404, resolve
from django.utils import timezone

from caucus.accounts.models import User
from caucus.campaigns.models import Event
from caucus.coalitions.models import Coalition, CoalitionMembership, Coordinator, MemberStatus
from caucus.organizations.models import Invitation, Membership, Organization
from caucus.signatures.models import OrganizationSignature, OrgState
from caucus.signatures.tests.helpers import make_statement, publish_new_version
from caucus.solidarity.models import Case
from caucus.statements.models import Status
from caucus.test import Client
from caucus.testing.needs import host_proposal, open_amendment, open_statement

DEMO = "demo.caucus.example"
COALITION = "/coalitions/cross-border-labour/"
# Names typed by readers who sign, RSVP or follow (the others come from the database).
SIGNER = "Mary O'Brien"
GUEST = "Jean-Luc Martin"
VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
# Text that is not running text: code, scripts, form values, and <option>, which can hold no
# element (its label stands alone on its line of the list).
NOT_TEXT = frozenset({"script", "style", "textarea", "option", "title", "template", "code", "pre"})
# Not followed: signing out, the language switch, and what is not a page.
SKIP = (
    "logout",
    "/i18n/",
    "/api/",
    "/static/",
    "/media/",
    "/metrics",
    "/admin/",
    "/accounts/",
    "/dev/",
    "/ap/",
    "/.well-known/",
    "/feed/",
    "/rss/",
    "/atom/",
    ".ics",
    ".json",
    "/verify/",
)
HREF = re.compile(r'<a\b[^>]*\bhref="([^"]*)"')
LINK = re.compile(r"https?://[^\s\"<>]+")
BUDGET = 250  # pages per role; the coordinator reaches about 120 patterns


class NameWalk(HTMLParser):
    """Collects the names found in the body's text outside any isolating element."""

    def __init__(self, names: re.Pattern) -> None:
        super().__init__(convert_charrefs=True)
        self.names = names
        self.stack: list[tuple[str, bool, bool]] = []  # (tag, isolated, not text)
        self.in_body = False
        self.loose: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "body":
            self.in_body = True
        if tag in VOID:
            return
        isolated, skipped = self.stack[-1][1:] if self.stack else (False, False)
        isolates = tag == "bdi" or (tag not in {"html", "body"} and "dir" in dict(attrs))
        self.stack.append((tag, isolated or isolates, skipped or tag in NOT_TEXT))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if not self.in_body or (self.stack and (self.stack[-1][1] or self.stack[-1][2])):
            return
        text = " ".join(data.split())
        for found in self.names.finditer(text):
            start = max(found.start() - 30, 0)
            self.loose.append(f"{found.group()!r} in …{text[start : found.end() + 30]}…")


def pattern(path: str) -> tuple[str, tuple[str, ...]]:
    parts = urlsplit(path)
    try:
        route = resolve(parts.path).route
    except Resolver404:
        route = parts.path
    return route, tuple(sorted({pair.split("=")[0] for pair in parts.query.split("&") if pair}))


class NamesInArabicPagesTestCase(TestCase):
    client_class = Client

    @classmethod
    def setUpTestData(cls):
        call_command("loaddemo", stdout=StringIO())

    def setUp(self):
        self.client.cookies["django_language"] = "ar"
        names = {
            *Organization.objects.values_list("name", flat=True),
            *Organization.objects.exclude(short_name="").values_list("short_name", flat=True),
            *Coalition.objects.values_list("name", flat=True),
            *User.objects.exclude(name="").values_list("name", flat=True),
            *(case.public_display_name for case in Case.objects.all()),
            SIGNER,
            GUEST,
        }
        alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
        self.names = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")
        self.failures: dict[str, list[str]] = {}

    def sign_in(self, local: str) -> User:
        user = User.objects.get(email=f"{local}@{DEMO}")
        self.client.force_login(user)
        return user

    def check(self, url: str, response=None) -> str:
        """The page's HTML, after noting its loose names."""
        response = response or self.client.get(url)
        self.assertLess(response.status_code, 500, url)
        if "text/html" not in response.get("Content-Type", ""):
            return ""
        page = response.content.decode()
        walk = NameWalk(self.names)
        walk.feed(page)
        if walk.loose:
            self.failures.setdefault(url, []).extend(walk.loose)
        return page

    def crawl(self, start: str, seen: set) -> None:
        """Breadth-first from `start`, one page per URL pattern not in `seen`."""
        queue, visited, pages = deque([start]), set(), 0
        while queue and pages < BUDGET:
            path = queue.popleft()
            key = pattern(path)
            if path in visited or key in seen:
                continue
            visited.add(path)
            seen.add(key)
            response = self.client.get(path)
            if response.status_code != 200:
                continue
            pages += 1
            page = self.check(path, response)
            for href in HREF.findall(page):
                url = urljoin("http://testserver" + path, href.replace("&amp;", "&"))
                url = url.split("#")[0]
                if url.startswith("http://testserver/") and not any(s in url for s in SKIP):
                    queue.append(url.removeprefix("http://testserver"))

    def links(self) -> list[str]:
        """The paths of the links in the emails sent so far (then forgotten)."""
        found = [urlsplit(url).path for m in mail.outbox for url in LINK.findall(m.body)]
        mail.outbox.clear()
        return found

    def post(self, url: str, data: dict, *, flash: bool = False) -> str:
        """POST, run what waits for the commit (emails), check the page it lands on (with its
        flash message if `flash`)."""
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(url, data, follow=True)
        self.assertEqual(response.status_code, 200, url)
        page = self.check(url, response)
        if flash:
            self.assertIn('<li class="message success">', page, url)
        return page

    def report(self) -> str:
        return "\n".join(
            f"{url}: {' ; '.join(sorted(set(loose)))}" for url, loose in self.failures.items()
        )

    def test_every_name_on_the_pages_of_each_role_is_isolated(self):
        for local in ["coordinator", "delegate", "admin", "editor", "uy-admin"]:
            self.sign_in(local)
            self.crawl("/dashboard/", set())
            self.client.logout()
        self.crawl("/", set())
        if self.failures:
            self.fail(self.report())

    def test_every_item_of_the_dashboards_isolates_its_names(self):
        coalition = Coalition.objects.get(slug="cross-border-labour")
        statement = open_statement(coalition, slug="open-call")
        open_amendment(statement, Organization.objects.get(slug="fetrau"))
        host_proposal(coalition, slug="harbour")
        revised = make_statement(slug="revised", status=Status.PUBLISHED, coalition=coalition)
        OrganizationSignature.objects.create(
            statement=revised,
            organization=Organization.objects.get(slug="sintrasur"),
            version=revised.current_version,
            state=OrgState.SIGNED,
            signed_at=revised.published_at,
        )
        publish_new_version(revised)
        delegate = self.sign_in("delegate")
        Invitation.objects.create(
            organization=Organization.objects.get(slug="osep"), email=delegate.email, role="editor"
        )
        page = self.check("/dashboard/")
        for kind in ("signature", "reconfirm", "org_invitation"):
            self.assertIn(f"need-{kind}", page)
        self.sign_in("coordinator")
        page = self.check("/dashboard/")
        for kind in ("signature", "amendment", "host_proposal"):
            self.assertIn(f"need-{kind}", page)
        self.check("/s/open-call/draft/")  # the co-signing tracker, with its reminders
        self.post("/s/open-call/signatures/remind/", {"organization": "fetrau"}, flash=True)
        self.assertEqual(self.failures, {}, self.report())

    def test_confirmations_flash_messages_and_audit_logs_isolate_names(self):
        self.sign_in("coordinator")
        delegate = User.objects.get(email=f"delegate@{DEMO}")
        self.post(COALITION + "coordinators/add/", {"user": delegate.pk}, flash=True)
        added = Coordinator.objects.get(user=delegate)
        self.check(f"{COALITION}coordinators/{added.pk}/remove/")
        self.post(f"{COALITION}coordinators/{added.pk}/remove/", {}, flash=True)
        member = CoalitionMembership.objects.get(
            coalition__slug="cross-border-labour", organization__slug="fetrau"
        )
        self.check(f"{COALITION}members/{member.pk}/remove/")
        self.post(f"{COALITION}members/{member.pk}/remove/", {}, flash=True)
        invited = CoalitionMembership.objects.get(status=MemberStatus.INVITED)
        self.check(f"{COALITION}members/{invited.pk}/remove/")
        self.assertIn("Camila Soto", self.check(COALITION + "audit/"))  # the log's sentences
        self.sign_in("admin")  # Mateo Ruiz, admin of FETRAU
        row = Membership.objects.get(organization__slug="fetrau", user__email=f"fetrau@{DEMO}")
        self.check(f"/orgs/fetrau/members/{row.pk}/remove/")
        self.post(f"/orgs/fetrau/members/{row.pk}/remove/", {}, flash=True)
        self.assertIn("Admin of FETRAU", self.check("/orgs/fetrau/audit/"))
        self.assertEqual(self.failures, {}, self.report())

    def test_the_pages_a_reader_reaches_from_an_email_isolate_names(self):
        # Signing a statement: the confirmation link, then the removal link.
        self.post(
            "/s/joint-declaration/sign/",
            {"name": SIGNER, "email": "mary@example.net", "country": "IE", "show_name": "on"},
        )
        confirm, remove = self.links()[:2]
        self.check(confirm)
        self.post(confirm, {})
        self.check(remove)
        # An RSVP: the confirmation link, then the RSVP's own page.
        event = Event.objects.filter(
            starts_at__gt=timezone.now(), campaign__slug="decent-work-fortnight"
        ).first()
        assert event is not None  # noqa: S101 — the demo campaign has upcoming actions
        self.post(f"/events/{event.uid}/rsvp/", {"name": GUEST, "email": "jl@example.net"})
        confirm = self.links()[0]
        self.check(confirm)
        self.post(confirm, {})
        # Following a case: the confirmation link, then unsubscribing.
        case = Case.objects.filter(protected=False).first()
        self.post(f"/cases/{case.slug}/follow/", {"email": "follower@example.net"})
        confirm = self.links()[0]
        self.check(confirm)
        self.post(confirm, {})
        for path in self.links():
            if "/unsubscribe/" in path:
                self.check(path)
        self.assertEqual(self.failures, {}, self.report())
