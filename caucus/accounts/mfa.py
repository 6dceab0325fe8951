"""Whether this sign-in used a second factor: the gate for acting, minting tokens and the admin.

Owning an authenticator is not enough (issue "Trust", part 3): a session opened with the
password alone (Django's admin login did that) must not pass. allauth records each
authentication step of a session; a session passes when one of them is the second factor
(at sign-in, on reauthentication, or on setting up an authenticator in this session). The
record is read once per request by SecondFactorMiddleware and kept on the user object, so the
guards that only see `request.user` need no request.
"""

from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from django.http import HttpRequest

SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)
# The attribute SecondFactorMiddleware and the API's token check set on the signed-in user.
VERIFIED_ATTR = "_caucus_second_factor"


def owns_second_factor(user) -> bool:
    """The person has an authenticator app or a security key (recovery codes alone don't count)."""
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_caucus_owns_mfa", None)
    if cached is None:
        cached = Authenticator.objects.filter(user=user, type__in=SECOND_FACTORS).exists()
        user._caucus_owns_mfa = cached
    return cached


def session_used_second_factor(request: HttpRequest, user) -> bool:
    """allauth recorded a second-factor step (TOTP, security key, recovery code) for `user`."""
    records = get_authentication_records(request, user)
    return any(record.get("method") == "mfa" for record in records)


def mark_verified(user, verified: bool) -> None:
    """Say how this request's user signed in; has_mfa() trusts nothing else."""
    setattr(user, VERIFIED_ATTR, verified)


def has_mfa(user) -> bool:
    """The person owns a second factor and this sign-in used it.

    A user object that did not come through SecondFactorMiddleware or a token is refused.
    """
    if not user.is_authenticated or not getattr(user, VERIFIED_ATTR, False):
        return False
    return owns_second_factor(user)


def needs_confirmation(user) -> bool:
    """Owns a second factor but signed in without it: asked to give it, not to set one up."""
    return user.is_authenticated and not has_mfa(user) and owns_second_factor(user)


def record_setup(request: HttpRequest, user, authenticator: Authenticator) -> None:
    """Setting up an authenticator proves it in this session (a valid code or key was given)."""
    if authenticator.type in SECOND_FACTORS:
        record_authentication(
            request, user, "mfa", id=authenticator.pk, type=authenticator.type, setup=True
        )


def _on_authenticator_added(sender, request, user, authenticator, **kwargs) -> None:
    if request is not None:
        record_setup(request, user, authenticator)
