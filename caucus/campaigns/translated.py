"""A campaign in the reader's language: its own texts and its days', demands' and targets'.

Pages, feeds and calendars read a campaign through here (the shared resolver and proxies of
caucus/translations/reader.py), so they agree on which language the reader gets.
"""

from django.http import HttpRequest

from caucus.campaigns.models import Campaign
from caucus.translations.reader import Reading, read, read_for


def _sources(campaign: Campaign) -> dict:
    return {
        "original": campaign.language,
        "translations": list(campaign.translations.all()),
        "path": campaign.get_absolute_url(),
    }


def campaign_reading(request: HttpRequest, campaign: Campaign, *, feed: bool = False) -> Reading:
    """Pages follow ?lang=, the language cookie and Accept-Language; feeds only ?lang=."""
    return read(request, explicit_only=feed, **_sources(campaign))


def campaign_reading_for(language: str, campaign: Campaign) -> Reading:
    """The campaign as a reader of `language` gets it, without a request (emails)."""
    return read_for(language, **_sources(campaign))


def localized(reading: Reading, campaign: Campaign, **rows) -> dict:
    """Template context: the campaign and the related rows given (days=, demands=, targets=)
    with their texts in the reading's language."""
    attributes = {"days": "name", "demands": "text", "targets": "name"}
    ctx = {
        "reading": reading,
        "campaign": reading.localize(
            campaign, title="title", summary="summary", description="description"
        ),
    }
    for group, items in rows.items():
        ctx[group] = reading.localize_rows(items, group, attributes[group])
    return ctx
