"""Shared setup for campaign tests: a campaign of "united" and events built via services."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.http import HttpResponse

from caucus.campaigns import services
from caucus.campaigns.models import Campaign, Registration
from caucus.lib.zones import to_utc

FUTURE = date(2031, 3, 1)


def make_campaign(
    coalition,
    *,
    actor=None,
    slug="spring",
    registration=Registration.HOSTS,
    starts=date(2031, 3, 1),
    ends=date(2031, 3, 14),
) -> Campaign:
    campaign = Campaign(
        title="Spring of Action",
        slug=slug,
        summary="Two weeks",
        starts_on=starts,
        ends_on=ends,
        hashtag="#Spring",
        registration=registration,
        status="active",
    )
    return services.campaign_save(
        campaign=campaign,
        coalition=coalition,
        actor=actor,
        days=[
            {"date": date(2031, 3, 4), "name": "First day", "hashtag": "#D1"},
            {"date": date(2031, 3, 11), "name": "Second day", "hashtag": ""},
        ],
        demands=["Fair wages", "Free unions"],
        targets=[{"name": "Ministry of Labour", "kind": "government", "country": "TR"}],
    )


def make_event(
    campaign,
    organization,
    *,
    actor=None,
    zone="Europe/Istanbul",
    city="Istanbul",
    country="TR",
    start=datetime(2031, 3, 4, 18, 0),
    hours=2,
    **extra,
):
    tz = ZoneInfo(zone)
    starts = to_utc(start, tz, fold=start.fold)
    data = {
        "title": extra.pop("title", f"Rally in {city}"),
        "kind": extra.pop("kind", "rally"),
        "description": "Come",
        "day_of_action": extra.pop("day_of_action", None),
        "city": city,
        "country": country,
        "time_zone": zone,
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=hours),
        "venue": extra.pop("venue", "Main square"),
        "address": extra.pop("address", ""),
        "address_visibility": extra.pop("address_visibility", "public"),
        "latitude": extra.pop("latitude", 41.0),
        "longitude": extra.pop("longitude", 29.0),
        "online_url": "",
        "capacity": extra.pop("capacity", None),
        "signup_url": "",
    }
    event = services.event_create(
        data=data, actor=actor, campaign=campaign, organization=organization
    )
    for key, value in extra.items():
        setattr(event, key, value)
    if extra:
        event.save()
    return event


def event_post(**overrides) -> dict:
    """Form data for registering an event in Istanbul on the first day of the campaign."""
    data = {
        "title": "Rally at the ministry",
        "kind": "rally",
        "description": "Bring banners",
        "city": "Istanbul",
        "country": "TR",
        "time_zone": "",
        "start": "2031-03-04T18:00",
        "end": "2031-03-04T20:00",
        "start_fold": "",
        "end_fold": "",
        "venue": "Square",
        "address": "1 Main St",
        "address_visibility": "public",
        "latitude": "",
        "longitude": "",
        "online_url": "",
        "capacity": "",
        "signup_url": "",
    }
    data.update(overrides)
    return data


class Materialized:
    """The test client, with a streamed answer read into .content, so the matrix can look."""

    def __init__(self, client):
        self.client = client

    def __getattr__(self, name):
        method = getattr(self.client, name)
        if name not in ("get", "post"):
            return method

        def call(*args, **kwargs):
            response = method(*args, **kwargs)
            if not response.streaming:
                return response
            flat = HttpResponse(b"".join(response.streaming_content), status=200)
            flat.streamed = True
            for key, value in response.items():
                flat[key] = value
            return flat

        return call
