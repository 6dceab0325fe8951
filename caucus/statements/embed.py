"""What other pages, the API and the federation show of a published statement beside the
statement's own page: its card (the embed) and the feeds that carry it."""

from django.template.loader import render_to_string
from django.urls import reverse

from caucus.lib.urls import absolute_url
from caucus.statements.models import Statement


def feed_links(statement: Statement) -> list[tuple[str, str]]:
    links = [("statements:feed_rss", ()), ("statements:feed_atom", ())]
    if statement.author_coalition_id:
        links += [
            ("statements:coalition_rss", (statement.author_coalition.slug,)),
            ("statements:coalition_atom", (statement.author_coalition.slug,)),
        ]
    else:
        links += [
            ("statements:organization_rss", (statement.author_organization.slug,)),
            ("statements:organization_atom", (statement.author_organization.slug,)),
        ]
    for topic in statement.topics[:3]:
        links.append(("statements:topic_rss", (topic,)))
    return [
        (
            "application/atom+xml" if name.endswith("atom") else "application/rss+xml",
            reverse(name, args=args),
        )
        for name, args in links
    ]


def card_html(statement: Statement) -> str:
    return render_to_string(
        "statements/_card.html",
        {
            "statement": statement,
            "version": statement.published_version,
            "site_url": absolute_url(""),  # SITE_URL without its slash: paths follow
        },
    ).strip()
