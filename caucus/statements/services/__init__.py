"""Workflows on statements: drafting, versions, amendments, lifecycle, translations, republication.

Every function is keyword-only, called alike by web views, the API and commands; refusals are
ValidationError ({field: message}) and change nothing. One module per part of a statement's
life (drafting, amendments, lifecycle); the names are re-exported here so callers keep
calling `services.statement_publish(...)`.
"""

from caucus.statements.services.amendments import (
    amendment_accept,
    amendment_propose,
    amendment_rebase,
    amendment_reject,
)
from caucus.statements.services.drafting import (
    statement_create,
    statement_update,
    translation_save,
    version_create,
)
from caucus.statements.services.lifecycle import (
    announce_publication_enqueue,
    opening_notices_enqueue,
    revision_apply_due,
    revision_apply_enqueue,
    statement_open,
    statement_publish,
    statement_republish,
    statement_withdraw,
)

__all__ = [
    "amendment_accept",
    "amendment_propose",
    "amendment_rebase",
    "amendment_reject",
    "announce_publication_enqueue",
    "opening_notices_enqueue",
    "revision_apply_due",
    "revision_apply_enqueue",
    "statement_create",
    "statement_open",
    "statement_publish",
    "statement_republish",
    "statement_update",
    "statement_withdraw",
    "translation_save",
    "version_create",
]
