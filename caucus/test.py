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
"""

from allauth.account.internal.flows.login import (
    clear_authentication_records,
    record_authentication,
)
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django import test
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


class BaseTestCase(TestCase):
    client_class = Client

    @classmethod
    def setUpTestData(cls):
        now = timezone.now()
        cls.alpha = make_org("alpha", "TR")
        cls.beta = make_org("beta", "AR")
        cls.gamma = make_org("gamma", "CL")
        cls.operator = make_user(
            "operator@example.org", "Olga Operator", is_staff=True, is_superuser=True
        )
        cls.coordinator = make_user("coordinator@example.org", "Cora Coordinator")
        cls.org_admin = make_user("admin@example.org", "Alice Admin")
        cls.editor = make_user("editor@example.org", "Erin Editor")
        cls.delegate = make_user("delegate@example.org", "Dave Delegate")
        cls.nomfa = make_user("nomfa@example.org", "Nora Nomfa", mfa=False)
        cls.outsider = make_user("outsider@example.org", "Bob Outsider")
        cls.gamma_admin = make_user("gamma@example.org", "Gina Gamma")
        for user, org, role in [
            (cls.coordinator, cls.alpha, Role.DELEGATE),
            (cls.org_admin, cls.alpha, Role.ADMIN),
            (cls.editor, cls.alpha, Role.EDITOR),
            (cls.delegate, cls.alpha, Role.DELEGATE),
            (cls.nomfa, cls.alpha, Role.DELEGATE),
            (cls.outsider, cls.beta, Role.ADMIN),
            (cls.gamma_admin, cls.gamma, Role.ADMIN),
        ]:
            Membership.objects.create(user=user, organization=org, role=role)
        cls.coalition = Coalition.objects.create(
            slug="united", name="United Coalition", member_list=MemberListVisibility.MEMBERS
        )
        Coordinator.objects.create(coalition=cls.coalition, user=cls.coordinator)
        for org in (cls.alpha, cls.gamma):
            CoalitionMembership.objects.create(
                coalition=cls.coalition,
                organization=org,
                status=MemberStatus.ACTIVE,
                invited_at=now,
                joined_at=now,
            )
        PlatformVersion.objects.create(
            coalition=cls.coalition,
            number=1,
            points=["First point", "Second point"],
            author=cls.coordinator,
        )
