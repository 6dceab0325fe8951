"""Demo data for this app, loaded by `manage.py loaddemo` after the demo coalition exists.

A two-week campaign starting next week with two days of action, and about 200 fictional
actions in about 90 cities across many time zones, each at a local evening hour; its texts in
the scenario's seven languages (English, and six translations: demo_translations.py).
"""

import random
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from caucus.campaigns import services
from caucus.campaigns.cities import cities_in
from caucus.campaigns.models import (
    AddressVisibility,
    Campaign,
    CampaignStatus,
    Event,
    EventKind,
    Registration,
)
from caucus.lib.zones import to_utc

SLUG = "decent-work-fortnight"
# Cities per country: the member organizations' countries first, then allies elsewhere.
CITIES_PER_COUNTRY = {
    "TR": 9,
    "AR": 8,
    "GR": 6,
    "CL": 7,
    "PE": 6,
    "IT": 7,
    "BR": 9,
    "AZ": 4,
    "UY": 3,
    "ES": 4,
    "FR": 3,
    "DE": 3,
    "MX": 5,
    "CO": 3,
    "ZA": 2,
    "IN": 2,
    "ID": 1,
    "PH": 1,
    "JP": 1,
    "AU": 1,
    "NZ": 1,
    "CA": 1,
    "US": 1,
    "KE": 1,
    "NG": 1,
}
TITLES = [
    "Rally for decent work",
    "March for fair wages",
    "Vigil for union rights",
    "Picket at the ministry",
    "Public meeting: our demands",
    "Street assembly",
]


def load(*, coalition, stdout) -> None:
    """Add this app's fictional demo content to `coalition` (idempotent).

    Runs after the statements' demo (caucus/public/management/commands/loaddemo.py), so the
    campaign links the coalition's published joint declaration; a database loaded before
    that link existed gains it on the next run."""
    existing = Campaign.objects.filter(slug=SLUG).first()
    if existing is not None:
        _link_statement(existing, coalition, stdout)
        _translate(existing, coalition, stdout)
        return
    rng = random.Random(5)  # noqa: S311 — fictional data
    start = timezone.localdate() + timedelta(days=7)
    first_day, second_day = start + timedelta(days=2), start + timedelta(days=9)
    with transaction.atomic():
        campaign = services.campaign_save(
            campaign=Campaign(
                title="Decent Work Fortnight",
                slug=SLUG,
                summary="Two weeks of local actions for decent work and union rights.",
                description="Member organizations and allies hold **local actions** in "
                "their cities. Find the nearest one or register your own.",
                starts_on=start,
                ends_on=start + timedelta(days=13),
                hashtag="#DecentWork",
                status=CampaignStatus.ACTIVE,
                registration=Registration.HOSTS,
                topics=["labour", "labour-rights"],
            ),
            coalition=coalition,
            actor=None,
            days=[
                {
                    "date": first_day,
                    "name": "Day of action for fair wages",
                    "hashtag": "#FairWages",
                },
                {
                    "date": second_day,
                    "name": "Day of action for union rights",
                    "hashtag": "#UnionRights",
                },
            ],
            demands=[
                "A living wage for every worker",
                "Freedom to organize and strike",
                "Drop the charges against prosecuted trade unionists",
            ],
            targets=[
                {"name": "Ministries of Labour", "kind": "government", "country": ""},
                {"name": "Global Garments Ltd (fictional)", "kind": "company", "country": "IT"},
            ],
        )
        events = _events(campaign, coalition, rng, start, first_day, second_day)
        Event.objects.bulk_create(events, batch_size=500)
        services.rebuild_counts(campaign)
        _link_statement(campaign, coalition, stdout)
    stdout.write(f"  campaign {campaign.title}: {len(events)} actions")
    _translate(campaign, coalition, stdout)


def _translate(campaign: Campaign, coalition, stdout) -> None:
    """The six translations, saved (or replaced) through the shared workflow, by the
    coalition's coordinator; a database loaded before they existed gains them."""
    from caucus.campaigns.demo_translations import CAMPAIGN, REVIEWED, texts_for
    from caucus.campaigns.translatable import CAMPAIGN as KIND
    from caucus.translations.services import translation_save

    coordinator = coalition.coordinators.select_related("user").first()
    actor = coordinator.user if coordinator else None
    for language in CAMPAIGN:
        translation_save(
            translatable=KIND,
            source=campaign,
            actor=actor,
            language=language,
            texts=texts_for(campaign, language),
            translator="Demo translators (fictional)",
            reviewed=language in REVIEWED,
        )
    stdout.write(f"  campaign {campaign.title}: in English and {len(CAMPAIGN)} translations")


def _link_statement(campaign: Campaign, coalition, stdout) -> None:
    """Link the demo's published joint declaration (caucus/statements/demo.py), if loaded."""
    from caucus.campaigns.forms import linkable_statements
    from caucus.statements.demo import SLUG as DECLARATION

    declaration = linkable_statements(coalition).filter(slug=DECLARATION).first()
    if declaration is None or campaign.statements.filter(pk=declaration.pk).exists():
        return
    campaign.statements.add(declaration)
    stdout.write(f"  campaign {campaign.title}: linked the statement {declaration.slug}")


def _events(campaign, coalition, rng, start: date, first_day: date, second_day: date) -> list:
    organizations = [
        m.organization for m in coalition.memberships.active().select_related("organization")
    ]
    by_country = {}
    for org in organizations:
        by_country.setdefault(org.country, []).append(org)
    days = list(campaign.days.all())
    events = []
    for country, count in CITIES_PER_COUNTRY.items():
        for rank, city in enumerate(cities_in(country)[:count]):
            actions = 3 if rank == 0 else 2
            for n in range(actions):
                events.append(
                    _event(
                        campaign,
                        rng,
                        city,
                        n,
                        days,
                        start,
                        first_day,
                        second_day,
                        by_country.get(country) or organizations,
                    )
                )
    return events


def _event(campaign, rng, city, n, days, start, first_day, second_day, organizations):
    if n == 0:
        day, when = days[0], first_day
    elif n == 1:
        day, when = days[1], second_day
    else:
        day, when = None, start + timedelta(days=rng.randrange(14))
    local = datetime.combine(when, time(rng.choice([10, 12, 17, 18, 19]), rng.choice([0, 30])))
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(city.time_zone)
    starts = (
        to_utc(local, zone, fold=0)
        if _valid(local, zone)
        else to_utc(local + timedelta(hours=1), zone, fold=0)
    )
    organization = rng.choice(organizations)
    kind = rng.choice(
        [EventKind.RALLY, EventKind.MARCH, EventKind.VIGIL, EventKind.PICKET, EventKind.MEETING]
    )
    private = rng.random() < 0.15
    now = timezone.now()
    return Event(
        campaign=campaign,
        organization=organization,
        day_of_action=day,
        title=f"{rng.choice(TITLES)} — {city.name}",
        kind=kind,
        description="A fictional action for the demo.",
        description_html="<p>A fictional action for the demo.</p>",
        starts_at=starts,
        ends_at=starts + timedelta(hours=rng.choice([1, 2, 3])),
        time_zone=city.time_zone,
        city=city.name,
        country=city.country,
        # The city's point, as the forms give: a venue's would locate RSVP-only addresses.
        latitude=city.latitude,
        longitude=city.longitude,
        venue=rng.choice(["Central square", "Union hall", "Town hall steps", "Labour park"]),
        address=f"{rng.randrange(1, 200)} Example Street (fictional)",
        address_visibility=AddressVisibility.RSVP if private else AddressVisibility.PUBLIC,
        capacity=rng.choice([None, None, 50, 200]),
        created=now,
        updated=now,
    )


def _valid(local: datetime, zone) -> bool:
    from caucus.lib.zones import is_nonexistent

    return not is_nonexistent(local, zone)
