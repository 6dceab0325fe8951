"""What a signer can do next, after signing and after confirming: share, act, follow.

The thanks page, its htmx fragment and the confirmed page end on these instead of a dead end
(ux review #6): the tracker-free share links of the statement page, "find an action near you"
for the campaigns that link the statement, and the author's feeds and fediverse account.
"""

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils.translation import get_language

from caucus.lib.sharing import share_links
from caucus.lib.urls import absolute_url
from caucus.statements.models import Statement
from caucus.statements.selectors import linked_campaigns

NEXT_STEPS_SECONDS = 30


def _author_feeds(statement: Statement) -> list[tuple[str, str]]:
    if statement.author_coalition_id:
        names, slug = ("coalition_atom", "coalition_rss"), statement.author_coalition.slug
    else:
        names, slug = ("organization_atom", "organization_rss"), statement.author_organization.slug
    return [
        ("Atom" if name.endswith("atom") else "RSS", reverse(f"statements:{name}", args=[slug]))
        for name in names
    ]


def next_steps(statement: Statement) -> dict:
    """Context for signatures/_next_steps.html, in the active language.

    Kept a little while per statement and language: the htmx answer to every signature in a
    surge shows it, and it would otherwise add a handful of queries to the signing path.
    """
    language = get_language() or settings.LANGUAGE_CODE
    key = f"sig-next:{statement.pk}:{language}"
    steps = cache.get(key)
    if steps is None:
        url = absolute_url(statement.get_absolute_url())
        steps = {
            "share_links": share_links(url, statement.title_in(language)),
            "share_url": url,
            "campaigns": linked_campaigns(statement),
            "author": statement.author_coalition or statement.author_organization,
            "author_feeds": _author_feeds(statement),
        }
        cache.set(key, steps, NEXT_STEPS_SECONDS)
    return steps
