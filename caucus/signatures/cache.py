"""The public signatures block, cached briefly per statement and language (the hottest page).

The key carries what changes the block's shape (status, published version, whether
individuals may sign, the goal, the closing time and whether it has passed), so a publication
or new terms set by the statements app show at once without that app knowing about this cache.
"""

from django.conf import settings
from django.core.cache import cache

from caucus.statements.cache import forget_page


def block_key(statement, language: str) -> str:
    deadline = statement.signing_deadline.timestamp() if statement.signing_deadline else ""
    return (
        f"sig-block:{statement.pk}:{language}:{statement.status}:"
        f"{statement.published_version_id}:{int(statement.open_to_individuals)}:"
        f"{statement.signature_goal or ''}:{deadline}:{int(statement.signing_closed)}"
    )


def forget_block(statement) -> None:
    """Drop the cached block in every language, after a change the public should see at once."""
    cache.delete_many([block_key(statement, code) for code, _name in settings.LANGUAGES])
    forget_page(statement.slug)


def forget_block_soon(statement) -> None:
    """After a confirmation: forget the block at most once a second per statement, so a surge
    of confirmations cannot make every reader rebuild it."""
    if cache.add(f"sig-forget:{statement.pk}", 1, 1):
        forget_block(statement)
