"""Whether a person has a second factor: the gate for acting for an organization or coalition."""

from allauth.mfa.models import Authenticator

SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


def has_mfa(user) -> bool:
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_caucus_has_mfa", None)
    if cached is None:
        cached = Authenticator.objects.filter(user=user, type__in=SECOND_FACTORS).exists()
        user._caucus_has_mfa = cached
    return cached
