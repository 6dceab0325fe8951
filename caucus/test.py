"""The cast every test starts from, one person per role in the permission matrix.

alpha (Turkey) and gamma (Chile) are active members of the coalition "united";
beta (Argentina) is not a member of it.

    operator     superuser, runs the server; acts through the admin site
    coordinator  delegate of alpha and coordinator of "united"
    org_admin    admin of alpha
    editor       editor of alpha
    delegate     delegate of alpha
    nomfa        delegate of alpha without a second factor
    outsider     admin of beta (a member of another organization)
    gamma_admin  admin of gamma

PermissionMatrix (below) checks a request for every one of them, in given states.
"""

import datetime as dt
from collections.abc import Callable
from contextlib import ExitStack

import time_machine
from allauth.account.internal.flows.login import (
    clear_authentication_records,
    record_authentication,
)
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django import test
from django.apps import apps
from django.db import transaction
from django.http import HttpRequest
from django.test import TestCase
from django.utils import timezone

from caucus.accounts.models import User
from caucus.coalitions.models import (
    Coalition,
    CoalitionMembership,
    Coordinator,
    MemberListVisibility,
    MemberStatus,
    PlatformVersion,
)
from caucus.organizations.models import Membership, Organization, Role

# The day on which tests that write literal dates (events in 2031, a deadline in 2030) run,
# so that they do not start failing once the real date passes those literals; the clock
# ticks on from it. Shifting the literals instead would lose the DST cases that need exactly
# those dates (fold=1 on 2031-04-05 in Santiago).
TEST_DAY = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)


def on_test_day[T](case: T) -> T:
    """Run a TestCase class (its setUpTestData included) or a test function on TEST_DAY; for
    a browser test, the live server sees the same day (the browser's own clock does not)."""
    return time_machine.travel(TEST_DAY)(case)


TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 — test fixture
PASSWORD = "correct horse battery staple"  # noqa: S105 — test fixture


def make_user(email: str, name: str, *, mfa: bool = True, **fields) -> User:
    user = User.objects.create_user(email=email, password=PASSWORD, name=name, **fields)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    if mfa:
        TOTP.activate(user, TOTP_SECRET)
    return user


def make_org(slug: str, country: str) -> Organization:
    return Organization.objects.create(
        slug=slug,
        name=f"{slug.title()} Union",
        short_name=slug.upper(),
        country=country,
        languages=["en"],
    )


class Client(test.Client):
    """Django's test client, whose force_login signs in the way allauth does.

    A person with an authenticator gets a session that gave the second factor, as after the
    TOTP step of the sign-in (accounts/mfa.py); `second_factor=False` gives the password-only
    session that Django's own admin login used to open.
    """

    def force_login(self, user, backend=None, *, second_factor: bool = True) -> None:
        super().force_login(user, backend)
        request = HttpRequest()
        request.session = self.session
        clear_authentication_records(request)  # a new sign-in, even as the same person
        record_authentication(request, user, "password", email=user.email)
        authenticator = Authenticator.objects.filter(
            user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
        ).first()
        if second_factor and authenticator is not None:
            record_authentication(
                request, user, "mfa", id=authenticator.pk, type=authenticator.type
            )
        request.session.save()


def build_cast(cast) -> None:
    """Make the cast of this module's docstring and set each person, organization and the
    coalition as an attribute of `cast` (a TestCase class, or any object a browser test's
    fixture returns), so unit and browser tests can start from the same people."""
    now = timezone.now()
    cast.alpha = make_org("alpha", "TR")
    cast.beta = make_org("beta", "AR")
    cast.gamma = make_org("gamma", "CL")
    cast.operator = make_user(
        "operator@example.org", "Olga Operator", is_staff=True, is_superuser=True
    )
    cast.coordinator = make_user("coordinator@example.org", "Cora Coordinator")
    cast.org_admin = make_user("admin@example.org", "Alice Admin")
    cast.editor = make_user("editor@example.org", "Erin Editor")
    cast.delegate = make_user("delegate@example.org", "Dave Delegate")
    cast.nomfa = make_user("nomfa@example.org", "Nora Nomfa", mfa=False)
    cast.outsider = make_user("outsider@example.org", "Bob Outsider")
    cast.gamma_admin = make_user("gamma@example.org", "Gina Gamma")
    for user, org, role in [
        (cast.coordinator, cast.alpha, Role.DELEGATE),
        (cast.org_admin, cast.alpha, Role.ADMIN),
        (cast.editor, cast.alpha, Role.EDITOR),
        (cast.delegate, cast.alpha, Role.DELEGATE),
        (cast.nomfa, cast.alpha, Role.DELEGATE),
        (cast.outsider, cast.beta, Role.ADMIN),
        (cast.gamma_admin, cast.gamma, Role.ADMIN),
    ]:
        Membership.objects.create(user=user, organization=org, role=role)
    cast.coalition = Coalition.objects.create(
        slug="united", name="United Coalition", member_list=MemberListVisibility.MEMBERS
    )
    Coordinator.objects.create(coalition=cast.coalition, user=cast.coordinator)
    for org in (cast.alpha, cast.gamma):
        CoalitionMembership.objects.create(
            coalition=cast.coalition,
            organization=org,
            status=MemberStatus.ACTIVE,
            invited_at=now,
            joined_at=now,
        )
    PlatformVersion.objects.create(
        coalition=cast.coalition,
        number=1,
        points=["First point", "Second point"],
        author=cast.coordinator,
    )


class Cast:
    """The people and organizations of build_cast, for a browser test's fixture."""


def make_cast() -> Cast:
    """The cast of the unit tests, made once for a browser test (which has no TestCase)."""
    cast = Cast()
    build_cast(cast)
    return cast


class BaseTestCase(TestCase):
    client_class = Client

    @classmethod
    def setUpTestData(cls):
        build_cast(cls)


# --- The permission matrix: every role of the cast, for a request, in a state. -----------

ROLES = [
    "anonymous",
    "outsider",
    "gamma_admin",
    "nomfa",
    "delegate",
    "editor",
    "org_admin",
    "coordinator",
    "operator",
]
OK = "ok"  # allowed: exactly 200 for a read; for a write, the status `check` is given (302)
LOGIN = "login"  # a redirect to the sign-in page
ALLOWED = {"get": 200, "head": 200, "post": 302, "put": 200, "patch": 200, "delete": 204}


def expect(default, **roles) -> dict[str, object]:
    """An expectation for every role: `default`, but what `roles` say for those named.

    expect(403, anonymous=LOGIN, coordinator=OK) is a coordinators' page; a name that is not
    a role of the cast is a mistake in the test, and refused here.
    """
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ValueError(f"not roles of the cast: {sorted(unknown)}")
    return {role: roles.get(role, default) for role in ROLES}


def refused(status, expected: dict) -> dict:
    """`expected`, with everyone it allows refused with `status` instead: the same people
    reach the object, but in this state it cannot change (a closed vote, a withdrawn text)."""
    return {role: status if want == OK else want for role, want in expected.items()}


class PermissionMatrix:
    """Role × state checks for a BaseTestCase: each request runs in a savepoint rolled back
    afterwards, so every role meets the same state; a refused request must leave the
    `watched` models exactly as they were, and an allowed write must change them.

    A state is a function called with the test case inside the savepoint, before the
    request (a vote closed, a meeting cancelled, a statement withdrawn); when it returns a
    context manager (a clock from time_machine.travel), the request runs inside it.
    `check_states` runs the same request in each state with its own expectations. The
    savepoint rolls back the database, not the objects of setUpTestData: a state refreshes
    what it changes (`case.vote.refresh_from_db()`) so each role starts from the same row.
    """

    roles: list[str] = ROLES  # the cast; a test case may add people of its own
    watched: list[str] = []  # "app.Model" labels
    watched_on_reads = False  # True: compare them around reads too (a page that asks first)
    allowed_statuses = ALLOWED  # an allowed request's status by method, unless `allowed` says

    def is_refusal(self, want) -> bool:
        """Whether `want` refuses the request, so the watched models must stay as they were."""
        return want != OK

    def snapshot(self) -> dict:
        return {
            label: list(apps.get_model(label).objects.order_by("pk").values())
            for label in self.watched
        }

    def login_as(self, role: str) -> None:
        self.client.logout()
        if role != "anonymous":
            self.client.force_login(getattr(self, role))

    def client_for(self, role: str):
        """The client that sends the request as `role`: a signed-in session by default (an
        API matrix returns one with the role's token instead)."""
        self.login_as(role)
        return self.client

    def check(
        self,
        method: str,
        url: str,
        expected: dict,
        data: dict | Callable[[], dict] | None = None,
        *,
        state: Callable | None = None,
        allowed: int | None = None,
        json: bool = False,
        changes: bool = True,
        contains: str | None = None,
        then: Callable | None = None,
    ) -> None:
        """`expected` maps every role to OK, LOGIN or a status code. An allowed request
        answers `allowed` (ALLOWED's status for the method when not given) and shows
        `contains` when given; an allowed write changes the watched models, or with `changes`
        False (a read that is a POST) must leave them as they were. `then(role, response)`
        adds checks of its own. With `watched_on_reads`, a read must change nothing either,
        whoever asks."""
        write = method in ("post", "put", "patch", "delete")
        watch = write or self.watched_on_reads
        for role in self.roles:
            label = getattr(state, "__name__", "as set up")
            with (
                self.subTest(role=role, url=url, state=label),
                transaction.atomic(),
                ExitStack() as stack,
            ):
                entered = state(self) if state is not None else None
                if hasattr(entered, "__enter__"):
                    stack.enter_context(entered)
                client = self.client_for(role)
                before = self.snapshot() if watch else None
                extra = {"content_type": "application/json"} if json else {}
                body = data() if callable(data) else data  # a fresh upload for each role
                response = getattr(client, method)(url, body or {}, **extra)
                want = expected[role]
                if want == LOGIN:
                    self.assertEqual(response.status_code, 302)
                    self.assertIn("/accounts/login/", response["Location"])
                elif want == OK:
                    status = allowed or self.allowed_statuses[method]
                    self.assertEqual(response.status_code, status, response.content[:300])
                    if contains is not None:
                        self.assertContains(response, contains, status_code=status)
                else:
                    self.assertEqual(response.status_code, want, response.content[:300])
                if then is not None:
                    then(role, response)
                if not write and watch:
                    self.assertTrue(self.snapshot() == before, f"a GET by {role} changed data")
                elif write and self.is_refusal(want):
                    self.assertTrue(self.snapshot() == before, f"{role} changed data at {url}")
                elif write and changes:
                    self.assertTrue(self.snapshot() != before, f"{role} did nothing at {url}")
                elif write:  # a read that is a POST (a confirmation page, a text to sign)
                    self.assertTrue(self.snapshot() == before, f"{role} changed data at {url}")
                transaction.set_rollback(True)

    def check_states(self, method: str, url: str, by_state: dict, data=None, **options) -> None:
        """The same request in each state: {state function: expected}."""
        for state, expected in by_state.items():
            self.check(method, url, expected, data, state=state, **options)


class ApiMatrix(PermissionMatrix):
    """The matrix for /api/v1: every role sends the request twice, through its signed-in
    session and with a personal token of its own, with a JSON body; a refusal answers the one
    JSON error shape ({"detail": str, "errors": list}) and changes none of the `watched`
    models. nomfa's token stands for one made before its second factor was removed, so it is
    refused like nomfa's session. `issue_tokens()` in setUpTestData gives every role its
    token; `check_api(method, path, expected, body)` runs the request."""

    prefix = "/api/v1"
    allowed_statuses = {**ALLOWED, "post": 200}
    vias = ("session", "token")
    via = "session"  # the one check_api is sending through
    secrets: dict[str, str]

    @classmethod
    def issue_tokens(cls) -> None:
        from caucus.api.models import ApiToken  # noqa: PLC0415 — only API tests need it

        cls.secrets = {}
        for role in ROLES[1:]:
            _token, cls.secrets[role] = ApiToken.issue(user=getattr(cls, role), name="test")

    def client_for(self, role: str):
        if self.via == "token" and role != "anonymous":
            return Client(headers={"Authorization": f"Bearer {self.secrets[role]}"})
        return super().client_for(role)

    def is_refusal(self, want) -> bool:
        return want == LOGIN or (want != OK and want >= 400)

    def answers_json(self, role: str, response) -> None:
        """Every answer with a body is JSON; a refusal says why in the API's one error shape."""
        if response.status_code != 204:
            self.assertEqual(response["Content-Type"], "application/json; charset=utf-8")
        if response.status_code >= 400:
            body = response.json()
            self.assertIsInstance(body["detail"], str)
            self.assertIsInstance(body["errors"], list)

    def check_api(
        self,
        method: str,
        path: str,
        expected: dict,
        body=None,
        *,
        multipart: bool = False,
        then: Callable | None = None,
        **options,
    ) -> None:
        """`check` of `prefix + path` through each of `vias`; the body goes as JSON unless
        `multipart` (an upload). `then(role, response)` adds checks after answers_json."""

        def checks(role, response) -> None:
            self.answers_json(role, response)
            if then is not None:
                then(role, response)

        for via in self.vias:
            self.via = via
            with self.subTest(via=via):
                self.check(
                    method,
                    self.prefix + path,
                    expected,
                    body,
                    json=not multipart and method != "get",
                    then=checks,
                    **options,
                )
        self.via = "session"
