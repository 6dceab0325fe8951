"""Signed invitation links: valid for INVITATION_MAX_AGE_DAYS, dead once accepted or revoked."""

from django.conf import settings

from caucus.lib.tokens import StateToken

invitation_tokens = StateToken(
    salt="caucus.organizations.invitation",
    max_age=settings.INVITATION_MAX_AGE_DAYS * 24 * 3600,
)
