"""Signed links for followers: confirming (a week) and unsubscribing (years; every email)."""

from caucus.lib.tokens import StateToken

follow_tokens = StateToken(salt="caucus.solidarity.follow", max_age=7 * 24 * 3600)
unsubscribe_tokens = StateToken(salt="caucus.solidarity.unsubscribe", max_age=5 * 366 * 24 * 3600)
