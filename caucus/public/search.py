"""Site search over public items: SQLite FTS5 or PostgreSQL full text, behind one function.

Only the publication index is searched, so nothing private can ever be found: an item is in the
index only while it is public (see caucus/public/publishers.py).
"""

import re
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from caucus.public.models import Publication
from caucus.public.translated import hit_links

MAX_TERMS = 12
MAX_TERM_LENGTH = 64
START, STOP = "\ue000", "\ue001"  # private-use marks around matches, replaced after escaping
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Hit:
    publication: Publication
    snippet: SafeString
    # Where the hit leads: the item, or the translation whose words were found (publishers).
    url: str = ""
    title: str = ""
    language: str = ""


def query_terms(query: str) -> list[str]:
    """The words of a query, with every operator and quote of either engine stripped."""
    words = _WORD.findall((query or "")[:1000])
    return [word[:MAX_TERM_LENGTH] for word in words if word.strip("_")][:MAX_TERMS]


def _highlight(fragment: str) -> SafeString:
    text = escape(fragment.replace(START, "\x02").replace(STOP, "\x03"))
    return mark_safe(text.replace("\x02", "<mark>").replace("\x03", "</mark>"))  # noqa: S308


def search(
    query: str,
    *,
    kind: str = "",
    language: str = "",
    country: str = "",
    reader_language: str = "",
    limit: int = 20,
    offset: int = 0,
) -> tuple[list[Hit], int]:
    """Ranked hits for `query` among public items, and how many there are in all.

    `language` filters items; otherwise words are also stemmed in `reader_language`.
    """
    terms = query_terms(query)
    if not terms:
        return [], 0
    filters, params = ["p.published_at <= %s"], [timezone.now()]
    for column, value in (("kind", kind), ("language", language), ("country", country)):
        if value:
            filters.append(f"p.{column} = %s")
            params.append(value)
    engine = _postgres if connection.vendor == "postgresql" else _sqlite
    rows, total = engine(
        terms, " AND ".join(filters), params, limit, offset, language or reader_language
    )
    by_id = Publication.objects.in_bulk([row[0] for row in rows])
    links = hit_links(list(by_id.values()), terms)
    hits = [
        Hit(
            by_id[pk],
            _highlight(snippet or by_id[pk].teaser),
            *links.get(pk, (by_id[pk].url, by_id[pk].title, "")),
        )
        for pk, snippet in rows
        if pk in by_id
    ]
    return hits, total


def _sqlite(terms, where, params, limit, offset, language):
    # Every term must appear; the last may be the start of a word (search as you type).
    match = " ".join(f'"{term}"' for term in terms[:-1]) + f' "{terms[-1]}"*'
    base = (
        "FROM public_publication_fts f JOIN public_publication p ON p.id = f.rowid "
        f"WHERE public_publication_fts MATCH %s AND {where}"
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) {base}", [match, *params])  # noqa: S608
        total = cursor.fetchone()[0]
        cursor.execute(
            f"SELECT p.id, snippet(public_publication_fts, -1, %s, %s, '…', 24) {base} "  # noqa: S608
            "ORDER BY bm25(public_publication_fts, 10.0, 4.0, 1.0), p.published_at DESC "
            "LIMIT %s OFFSET %s",
            [START, STOP, match, *params, limit, offset],
        )
        return cursor.fetchall(), total


def _postgres(terms, where, params, limit, offset, language):
    text = " ".join(terms)
    # Matching uses exact words plus stems in the reader's (or filtered) language, so the GIN
    # index serves it; highlighting, on 20 rows, also stems in each item's own language.
    query = (
        "(websearch_to_tsquery('simple', %s) || websearch_to_tsquery(public_search_config(%s), %s))"
    )
    query_params = [text, language or "simple", text]
    own = "(websearch_to_tsquery(public_search_config(p.language), %s) || " + query + ")"
    base = f"FROM public_publication p WHERE p.search_vector @@ {query} AND {where}"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) {base}", [*query_params, *params])  # noqa: S608
        total = cursor.fetchone()[0]
        cursor.execute(
            f"SELECT p.id, ts_headline(public_search_config(p.language), "  # noqa: S608
            f"p.teaser || ' ' || p.body, {own}, %s) {base} "
            f"ORDER BY ts_rank_cd(p.search_vector, {query}) DESC, p.published_at DESC "
            "LIMIT %s OFFSET %s",
            [
                text,
                *query_params,
                f'StartSel="{START}", StopSel="{STOP}", MaxWords=35, MinWords=12',
                *query_params,
                *params,
                *query_params,
                limit,
                offset,
            ],
        )
        return cursor.fetchall(), total
