"""Signed email links for individual signers: confirm once, remove at any time.

The confirmation link signs the signature's state, so it dies once the signature is
confirmed or invalidated; the removal link signs only who signed what, so it keeps working
after confirmation and dies with the signature itself.
"""

from django.conf import settings

from caucus.lib.tokens import StateToken

confirm_tokens = StateToken(
    salt="caucus.signatures.confirm",
    max_age=settings.SIGNATURE_CONFIRM_MAX_AGE_DAYS * 24 * 3600,
)
remove_tokens = StateToken(salt="caucus.signatures.remove", max_age=5 * 365 * 24 * 3600)


def removal_state(signature) -> str:
    return f"{signature.pk}:{signature.statement_id}:{signature.email_index}"
