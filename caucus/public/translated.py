"""Translations in the publication index: searched with the original, offered as alternates.

Statements, campaigns and cases publish their translations' words in the searched text and
list each translation as an alternate ({"language", "url", "title", "teaser"}) for hreflang
in sitemaps and feeds. A hit found by the words of a translation only leads to that
translation (`?lang=xx`), under its own title.
"""

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.apps import apps
from django.utils.html import strip_tags

from caucus.lib.markdown import render_markdown
from caucus.public.models import Kind

_WORD = re.compile(r"\w+", re.UNICODE)


def markdown_text(markdown: str) -> str:
    return strip_tags(render_markdown(markdown))


@dataclass(frozen=True)
class Version:
    """An item's text in one language, as the index and its alternates see it."""

    language: str
    title: str
    teaser: str
    text: str  # plain text, for search


def statement_versions(statement) -> tuple[Version, list[Version]]:
    """The published text and its translations (never those of a later draft)."""
    version = statement.published_version
    original = Version(
        statement.language, version.title, statement.teaser, markdown_text(version.body)
    )
    translations = [
        Version(t.language, t.title, t.teaser, markdown_text(t.body))
        for t in statement.translations.all()
        if t.version_id is None or t.version.number <= version.number
    ]
    return original, translations


def campaign_versions(campaign) -> tuple[Version, list[Version]]:
    def parts(texts: dict[str, str]) -> str:
        return "\n".join(v for k, v in texts.items() if k not in ("title", "summary") and v)

    original = Version(
        campaign.language,
        campaign.title,
        campaign.summary,
        markdown_text(campaign.description),
    )
    translations = []
    for t in campaign.translations.all():
        texts = t.texts()
        body = f"{markdown_text(t.description)}\n{parts(texts)}"
        translations.append(Version(t.language, t.title, t.summary, body))
    return original, translations


def case_versions(case) -> tuple[Version, list[Version]]:
    """Only public text: a translation that could name a protected person is withheld."""
    original = Version(
        case.language, case.public_display_name, case.public_teaser, strip_tags(case.public_summary)
    )
    translations = []
    for t in case.translations.all():
        summary = case.public_text(t.summary, markdown=True)
        notes = [case.public_text(v, markdown=True) for k, v in t.texts().items() if k != "summary"]
        plain = markdown_text(summary)
        teaser = " ".join(plain.split())[:200]
        body = "\n".join([plain, *(markdown_text(n) for n in notes if n)])
        translations.append(Version(t.language, case.public_display_name, teaser, body))
    return original, translations


@dataclass(frozen=True)
class Loader:
    model: str
    versions: Callable
    related: tuple[str, ...]  # select_related
    prefetch: tuple[str, ...]


LOADERS: dict[str, Loader] = {
    Kind.STATEMENT: Loader(
        "statements.Statement",
        statement_versions,
        ("published_version",),
        ("translations__version",),
    ),
    Kind.CAMPAIGN: Loader(
        "campaigns.Campaign",
        campaign_versions,
        ("coalition",),
        ("translations", "demands", "targets", "days"),
    ),
    Kind.CASE: Loader(
        "solidarity.Case",
        case_versions,
        ("coalition", "record"),
        ("translations", "entries"),
    ),
}


def alternates(url: str, original: Version, translations: Iterable[Version]) -> list[dict]:
    """[{"language", "url", "title", "teaser"}]: the original first, if it has translations."""

    def entry(version: Version, href: str) -> dict:
        return {
            "language": version.language,
            "url": href,
            "title": version.title,
            "teaser": version.teaser,
        }

    others = [entry(v, f"{url}?lang={v.language}") for v in translations]
    return [entry(original, url), *others] if others else []


def searched_text(original: Version, translations: Iterable[Version]) -> str:
    texts = [original.text]
    texts += [f"{v.title}\n{v.teaser}\n{v.text}" for v in translations]
    return "\n\n".join(texts)


def _words(text: str) -> set[str]:
    """The words of a text, casefolded and without accents (as the search engines match)."""
    plain = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    return set(_WORD.findall(plain))


def _matched(terms: list[str], words: set[str]) -> int:
    """How many query terms a text has, a term matching the words it starts (the engines
    stem: "workers" finds "worker", "trabajadores" finds "trabajador")."""
    stems = [term[: max(4, len(term) - 2)] for term in _words(" ".join(terms))]
    return sum(1 for stem in stems if any(word.startswith(stem) for word in words))


def hit_links(publications: list, terms: list[str]) -> dict[int, tuple[str, str, str]]:
    """{publication id: (url, title, language)} for hits found by the words of a translation
    only: those link to the translation (?lang=xx) under its own title. A hit the original
    matches at least as well keeps the plain link, where the reader's language chooses
    (caucus/translations/reader.py)."""
    links: dict[int, tuple[str, str, str]] = {}
    if not terms:
        return links
    for kind, loader in LOADERS.items():
        wanted = {p.object_id: p for p in publications if p.kind == kind and p.alternates}
        if not wanted:
            continue
        objects = (
            apps.get_model(loader.model)
            .objects.filter(pk__in=wanted)
            .select_related(*loader.related)
            .prefetch_related(*loader.prefetch)
        )
        for obj in objects:
            publication = wanted[obj.pk]
            offered = {a.get("language") for a in publication.alternates if isinstance(a, dict)}
            original, translations = loader.versions(obj)
            best = _matched(terms, _words(f"{original.title}\n{original.teaser}\n{original.text}"))
            for version in translations:
                if version.language not in offered:
                    continue
                score = _matched(
                    terms, _words(f"{version.title}\n{version.teaser}\n{version.text}")
                )
                if score > best:
                    best = score
                    url = f"{publication.url}?lang={version.language}"
                    links[publication.pk] = (url, version.title, version.language)
    return links
