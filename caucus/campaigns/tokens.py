"""Signed RSVP links: confirm the email (dies once confirmed), and manage or cancel later."""

from caucus.lib.tokens import StateToken

rsvp_confirm_tokens = StateToken(salt="caucus.campaigns.rsvp.confirm", max_age=14 * 24 * 3600)
rsvp_manage_tokens = StateToken(salt="caucus.campaigns.rsvp.manage", max_age=400 * 24 * 3600)
