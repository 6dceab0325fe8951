"""Signed RSVP links: confirm the email (dies once confirmed), and manage or cancel later."""

from caucus.lib.tokens import StateToken

rsvp_confirm_tokens = StateToken(salt="caucus.campaigns.rsvp.confirm", max_age=14 * 24 * 3600)
rsvp_manage_tokens = StateToken(salt="caucus.campaigns.rsvp.manage", max_age=400 * 24 * 3600)

# An outside host's link to complete a proposal the coordinators asked about: it works while
# the proposal waits for information, and dies once it is resubmitted or decided.
host_amend_tokens = StateToken(salt="caucus.campaigns.host.amend", max_age=60 * 24 * 3600)


def host_amend_state(event) -> str:
    return f"{event.pk}:{event.approval}:{event.sequence}"
