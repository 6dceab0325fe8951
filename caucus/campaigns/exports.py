"""The CSV exports of a campaign's actions and of RSVPs: columns named after OSDI's fields
where there is one (docs/osdi.md), read in chunks so a million rows stream in constant memory.

RSVPs carry emails: their readers are the event's organizers (as the OSDI attendances), and
each export is in the audit log, as the signatures' contacts export.
"""

from collections.abc import Iterator

from django.db.models import Count, Q, QuerySet
from django.http import StreamingHttpResponse

from caucus.audit.services import audit_record
from caucus.campaigns.models import Campaign, Event, Rsvp, RsvpState
from caucus.lib.csvstream import csv_response
from caucus.lib.urls import absolute_url

CHUNK = 2000

EVENT_COLUMNS = [
    "identifier",
    "title",
    "status",
    "approval",
    "kind",
    "start_date",
    "end_date",
    "time_zone",
    "organization",
    "host_name",
    "venue",
    "address",
    "locality",
    "country",
    "latitude",
    "longitude",
    "online_url",
    "capacity",
    "total_accepted",
    "browser_url",
]
RSVP_COLUMNS = [
    "identifier",
    "event",
    "event_title",
    "given_name",
    "email",
    "status",
    "language",
    "created_date",
    "confirmed_date",
    "cancelled_date",
]


def _when(value) -> str:
    return value.isoformat() if value else ""


def campaign_events(campaign: Campaign) -> QuerySet[Event]:
    """Every action of the campaign, hosts' proposals included (the approval column says)."""
    confirmed = Count("rsvps", filter=Q(rsvps__state=RsvpState.CONFIRMED))
    return (
        campaign.events.select_related("organization")
        .annotate(total_accepted=confirmed)
        .order_by("starts_at", "pk")
    )


def event_rows(events: QuerySet[Event]) -> Iterator[list[object]]:
    """One row per event; the full address, as its readers are its organizers; its page on
    SITE_URL, whatever address the export was asked at."""
    for e in events.iterator(chunk_size=CHUNK):
        yield [
            f"caucus:{e.uid}",
            e.title,
            e.status,
            e.approval,
            e.kind,
            _when(e.starts_at),
            _when(e.ends_at),
            e.time_zone,
            e.organization.slug if e.organization is not None else "",
            e.host_name,
            e.venue,
            e.address,
            e.city,
            e.country,
            e.latitude,
            e.longitude,
            e.online_url,
            e.capacity,
            e.total_accepted,  # type: ignore[attr-defined]
            absolute_url(e.get_absolute_url()),
        ]


def rsvps_for_export(*, event: Event, actor) -> QuerySet[Rsvp]:
    """The RSVPs of `event` for one of its organizers, recorded in the audit log."""
    rows = event.rsvps.select_related("event").order_by("pk")
    audit_record(
        actor=actor,
        action="event.rsvps_exported",
        event=event.title,
        count=rows.count(),
        organization=event.organization,
        coalition=event.campaign.coalition if event.campaign is not None else None,
    )
    return rows


def campaign_rsvps_for_export(*, campaign: Campaign, actor) -> QuerySet[Rsvp]:
    """The RSVPs to every action of `campaign`, for its coordinators, in the audit log."""
    rows = Rsvp.objects.filter(event__campaign=campaign).select_related("event")
    audit_record(
        actor=actor,
        action="campaign.rsvps_exported",
        campaign=campaign.title,
        count=rows.count(),
        coalition=campaign.coalition,
    )
    return rows.order_by("event__starts_at", "event_id", "pk")


def rsvp_rows(rsvps: QuerySet[Rsvp]) -> Iterator[list[object]]:
    for r in rsvps.iterator(chunk_size=CHUNK):
        yield [
            f"caucus:rsvp-{r.pk}",
            f"caucus:{r.event.uid}",
            r.event.title,
            r.name,
            r.email,
            r.state,
            r.language,
            _when(r.created),
            _when(r.confirmed_at),
            _when(r.cancelled_at),
        ]


# --- The downloads, as the web views and the API send them, after their guards.


def campaign_events_download(campaign: Campaign) -> StreamingHttpResponse:
    rows = event_rows(campaign_events(campaign))
    return csv_response(f"{campaign.slug}-events.csv", EVENT_COLUMNS, rows)


def campaign_rsvps_download(*, campaign: Campaign, actor) -> StreamingHttpResponse:
    rsvps = campaign_rsvps_for_export(campaign=campaign, actor=actor)
    return csv_response(f"{campaign.slug}-rsvps.csv", RSVP_COLUMNS, rsvp_rows(rsvps))


def event_rsvps_download(*, event: Event, actor) -> StreamingHttpResponse:
    rsvps = rsvps_for_export(event=event, actor=actor)
    return csv_response(f"event-{event.uid}-rsvps.csv", RSVP_COLUMNS, rsvp_rows(rsvps))
