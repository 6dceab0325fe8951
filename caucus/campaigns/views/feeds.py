"""Following a campaign: iCalendar feeds (campaign, country, day of action, organization),
RSS/Atom of its newest actions, and the embeds (link card and JSON).

Feeds take a bounded window of events (FEED_MAX, from FEED_PAST on) and are served from a
cache keyed by a fingerprint of that window, with an ETag.
"""

import hashlib
from datetime import timedelta
from typing import Any

from django.contrib.syndication.views import Feed
from django.core.cache import cache
from django.db.models import Q
from django.http import HttpResponseNotModified, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe as safe
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt

from caucus.campaigns.forms import FilterForm
from caucus.campaigns.hearings import feed_hearings, filter_values
from caucus.campaigns.ical import calendar_bytes, feed_name, ics_bytes_response
from caucus.campaigns.models import Campaign, Event
from caucus.campaigns.permissions import get_public_campaign
from caucus.campaigns.reader import reader_zone
from caucus.campaigns.selectors import events_matching
from caucus.campaigns.translated import campaign_reading, localized
from caucus.campaigns.visibility import address_for
from caucus.lib import dates
from caucus.lib.countries import country_name
from caucus.lib.urls import absolute_url
from caucus.organizations.models import Organization
from caucus.translations.feeds import (
    AlternatesAtomFeed,
    LanguageFeedMixin,
    in_feed_language_view,
    reading_alternates,
)

FEED_PAST = timedelta(days=30)
FEED_MAX = 200
FEED_CACHE_SECONDS = 3600


def feed_window(events):
    """What a calendar subscription carries: recent and coming events, cancelled ones too."""
    return (
        events.filter(ends_at__gte=timezone.now() - FEED_PAST)
        .select_related("organization", "day_of_action")
        .order_by("starts_at", "id")[:FEED_MAX]
    )


def feed_response(
    request,
    events,
    *,
    name: str,
    filename: str,
    description: str = "",
    hearings=None,
    day_names: dict[int, str] | None = None,
):
    """A subscription's .ics, rebuilt only when something in its window changed.

    The fingerprint reads the window's ids, `updated` and SEQUENCE (every change to an event
    moves them) and the organization's and day's names (kept in other rows), and those of
    the court hearings it carries (caucus/campaigns/hearings.py). The body is cached under it
    with the feed's name and language, and served with an ETag, so a calendar app polling an
    unchanged feed gets 304. `day_names`: the days of action's themes in the feed's content
    language (?lang=), by id.
    """
    window = feed_window(events)
    rows = list(
        window.values_list("id", "updated", "sequence", "organization__name", "day_of_action__name")
    )
    court = hearings.fingerprint() if hearings is not None else []
    fingerprint = hashlib.sha256(
        repr((rows, court, name, description, day_names, translation.get_language())).encode()
    ).hexdigest()
    etag = f'"{fingerprint[:32]}"'
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
        response["ETag"] = etag
        return response
    key = f"caucus:feed:1:{fingerprint}"
    body = cache.get(key)
    if body is None:
        others = hearings.components() if hearings is not None else []
        body = calendar_bytes(
            list(window), name=name, description=description, others=others, day_names=day_names
        )
        cache.set(key, body, timeout=FEED_CACHE_SECONDS)
    response = ics_bytes_response(body, filename=filename)
    response["ETag"] = etag
    return response


def _in_feed_language(request, campaign: Campaign) -> tuple[Any, dict[int, str]]:
    """The campaign's texts in the language the calendar's address asks for (?lang=), and
    its days of action's themes in it, by id."""
    reading = campaign_reading(request, campaign, feed=True)
    days = reading.localize_rows(campaign.days.all(), "days", "name")
    return reading.localize(campaign, title="title", summary="summary"), {
        day.pk: day.name for day in days
    }


@in_feed_language_view
def campaign_ics(request, slug):
    campaign = get_public_campaign(slug)
    form = FilterForm(request.GET or None, campaign=campaign)
    zone = reader_zone(request)
    shown, day_names = _in_feed_language(request, campaign)
    return feed_response(
        request,
        events_matching(campaign, form, zone),
        name=feed_name(shown.title),
        description=shown.summary,
        filename=f"{campaign.slug}.ics",
        hearings=_feed_hearings(campaign, filter_values(form), zone),
        day_names=day_names,
    )


def _feed_hearings(campaign: Campaign, filters: dict, zone):
    """The coalition's public court hearings the feed carries with its events (recent and
    coming ones, and cancelled ones, as the events' window)."""
    return feed_hearings(campaign, filters, zone, since=timezone.now() - FEED_PAST, limit=FEED_MAX)


@in_feed_language_view
def country_ics(request, slug, country):
    campaign = get_public_campaign(slug)
    country = country.upper()
    events = Event.objects.listed().filter(campaign=campaign, country=country)
    shown, day_names = _in_feed_language(request, campaign)
    return feed_response(
        request,
        events,
        day_names=day_names,
        name=feed_name(shown.title, country_name(country)),
        filename=f"{campaign.slug}-{country.lower()}.ics",
        hearings=_feed_hearings(campaign, {"country": country}, reader_zone(request)),
    )


@in_feed_language_view
def day_ics(request, slug, pk):
    campaign = get_public_campaign(slug)
    day = get_object_or_404(campaign.days, pk=pk)
    events = Event.objects.listed().filter(campaign=campaign, day_of_action=day)
    shown, day_names = _in_feed_language(request, campaign)
    return feed_response(
        request,
        events,
        day_names=day_names,
        name=feed_name(shown.title, day_names.get(day.pk, day.name)),
        filename=f"{campaign.slug}-day-{day.pk}.ics",
    )


@in_feed_language_view
def organization_ics(request, org_slug):
    organization = get_object_or_404(Organization.objects.public(), slug=org_slug)
    events = (
        Event.objects.listed()
        .filter(organization=organization)
        .filter(Q(campaign=None) | Q(campaign__coalition__is_public=True))
    )
    return feed_response(
        request,
        events,
        name=feed_name(organization.display_name),
        filename=f"{organization.slug}.ics",
    )


class CampaignEventsFeed(LanguageFeedMixin, Feed):
    """The newest registered actions of a campaign, as RSS 2.0; the campaign's own texts in
    the language the address asks for (?lang=)."""

    def get_object(self, request, slug):
        campaign = get_public_campaign(slug)
        campaign.reading = campaign_reading(request, campaign, feed=True)
        return campaign

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        feed.feed["language"] = obj.reading.language
        return feed

    def title(self, campaign):
        return _("%(title)s: actions") % {"title": campaign.reading.text("title", campaign.title)}

    def link(self, campaign):
        return campaign.reading.url

    def description(self, campaign):
        reading = campaign.reading
        return reading.text("summary", campaign.summary) or reading.text("title", campaign.title)

    def feed_extra_kwargs(self, campaign):
        return {"alternates": reading_alternates(campaign.reading)}

    def items(self, campaign):
        return (
            Event.objects.listed()
            .filter(campaign=campaign)
            .select_related("organization")
            .order_by("-created", "-id")[:50]
        )

    def item_title(self, event):
        prefix = "" if event.status == "confirmed" else f"[{event.get_status_display()}] "
        return f"{prefix}{event.title} — {event.city}, {event.country_name}"

    def item_description(self, event):
        # The start as every page writes it, in the feed's language, on the place's clock
        # with its zone named after its city ("Istanbul time, UTC+03:00", caucus/lib/dates.py).
        when = dates.place_datetime(event.starts_at, event.time_zone)
        where = ", ".join(p for p in [event.venue, address_for(event), event.city] if p)
        # Readers take a description as HTML: the place and organizer are plain text, escaped
        # (a "<" in a venue is a character, not markup); the description is sanitized already.
        description = safe(event.description_html)  # noqa: S308 — sanitized when saved
        return format_html(
            "<p>{} · {} · {}</p>\n{}", when, where, event.organizer_name, description
        )

    def item_pubdate(self, event):
        return event.created

    def item_updateddate(self, event):
        return event.updated

    def item_guid(self, event):
        return f"urn:uuid:{event.uid}"

    item_guid_is_permalink = False

    def item_categories(self, event):
        return [event.get_kind_display(), event.country_name]


class CampaignEventsAtom(CampaignEventsFeed):
    feed_type = AlternatesAtomFeed  # hreflang links to the campaign in each language

    def subtitle(self, campaign):
        return campaign.reading.text("summary", campaign.summary)


def _upcoming(campaign: Campaign):
    return (
        Event.objects.listed()
        .filter(campaign=campaign, ends_at__gte=timezone.now())
        .select_related("organization")
        .order_by("starts_at", "id")[:10]
    )


@xframe_options_exempt
def embed(request, slug):
    """A link card of the campaign's next actions, for another site's iframe."""
    campaign = get_public_campaign(slug)
    response = render(
        request,
        "campaigns/embed.html",
        {
            # The card in the reader's language (issue 16), like the campaign page.
            **localized(campaign_reading(request, campaign), campaign),
            "events": _upcoming(campaign),
            "reader_zone": reader_zone(request),
        },
    )
    response.headers.pop("Content-Security-Policy", None)
    response["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'self'; img-src 'self'; frame-ancestors *"
    )
    return response


def embed_json(request, slug):
    campaign = get_public_campaign(slug)
    items = [
        {
            "uid": str(e.uid),
            "title": e.title,
            "kind": e.kind,
            "status": e.status,
            "starts_at": e.starts_at.isoformat(),
            "ends_at": e.ends_at.isoformat(),
            "time_zone": e.time_zone,
            "local_start": e.local_start.isoformat(),
            "city": e.city,
            "country": e.country,
            "venue": e.venue,
            "address": address_for(e),
            "organizer": e.organizer_name,
            "url": absolute_url(e.get_absolute_url()),
        }
        for e in _upcoming(campaign)
    ]
    response = JsonResponse(
        {
            "campaign": {
                "title": campaign.title,
                "url": absolute_url(campaign.get_absolute_url()),
                "hashtag": campaign.hashtag,
            },
            "events": items,
            "calendar": absolute_url(reverse("campaigns:campaign_ics", args=[campaign.slug])),
        }
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response
