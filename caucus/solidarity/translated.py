"""A case in the reader's language: its public summary and timeline notes.

Translations are public text like the originals: each goes through the case's public
accessors, so in protected mode a translated text that could name the person is withheld
whole, as the original would be (caucus/solidarity/models.py).
"""

from django.http import HttpRequest
from django.utils.safestring import mark_safe

from caucus.lib.markdown import render_markdown
from caucus.solidarity.models import Case, TimelineEntry
from caucus.translations.reader import Localized, Reading, read


def case_reading(request: HttpRequest, case: Case, *, feed: bool = False) -> Reading:
    return read(
        request,
        original=case.language,
        translations=list(case.translations.all()),
        path=case.get_absolute_url(),
        explicit_only=feed,
    )


def public_html(case: Case, text: str) -> str:
    return mark_safe(render_markdown(case.public_text(text, markdown=True)))  # noqa: S308


def localized_case(reading: Reading, case: Case) -> Case | Localized:
    if reading.translation is None:
        return case
    summary = reading.text("summary", case.summary)
    return Localized(
        case,
        {
            "public_summary": public_html(case, summary),
            "public_teaser": case.public_teaser_of(summary),
        },
    )


def localized_entries(reading: Reading, entries: list[TimelineEntry]) -> list:
    if reading.translation is None:
        return entries
    return [
        Localized(
            entry,
            {
                "public_note": public_html(
                    entry.case, reading.text(f"entries.{entry.pk}", entry.note)
                )
            },
        )
        for entry in entries
    ]
