"""Workflows of campaigns and events, called by the web views, the API and the demo loader."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from caucus.audit.services import audit_record
from caucus.campaigns.models import (
    Approval,
    Campaign,
    DayOfAction,
    Demand,
    Event,
    EventPhoto,
    EventStatus,
    EventStatusChange,
    PlaceCount,
    Target,
)
from caucus.lib.images import clean_image

EVENT_FIELDS = [
    "title",
    "kind",
    "description",
    "day_of_action",
    "city",
    "country",
    "time_zone",
    "starts_at",
    "ends_at",
    "venue",
    "address",
    "address_visibility",
    "latitude",
    "longitude",
    "online_url",
    "capacity",
    "show_attendees",
    "signup_url",
]
# A change to one of these matters to a calendar app: SEQUENCE goes up (RFC 5545 §3.8.7.4).
SIGNIFICANT = {
    "starts_at",
    "ends_at",
    "time_zone",
    "city",
    "country",
    "venue",
    "address",
    "online_url",
    "title",
    "status",
    "kind",
}
PHOTO_MAX_BYTES = 8 * 1024 * 1024
PHOTOS_MAX = 24  # per report: enough for a day's action, bounded for the page


def _event_values(data: dict) -> dict:
    return {field: data[field] for field in EVENT_FIELDS if field in data}


def campaign_save(
    *,
    campaign: Campaign,
    coalition,
    actor,
    days: list[dict],
    demands: list[str],
    targets: list[dict],
    statements=None,
) -> Campaign:
    """Create or update a campaign with its days (matched by date), demands, targets and,
    when given, its linked statements."""
    creating = campaign.pk is None
    campaign.coalition = coalition
    if not creating and _unchanged(campaign, days, demands, targets, statements):
        return campaign  # an identical save writes nothing and logs nothing
    with transaction.atomic():
        campaign.save()
        existing = {day.date: day for day in campaign.days.all()}
        for item in days:
            day = existing.pop(item["date"], None) or DayOfAction(campaign=campaign)
            day.date, day.name, day.hashtag = item["date"], item["name"], item["hashtag"]
            day.save()
        DayOfAction.objects.filter(pk__in=[d.pk for d in existing.values()]).delete()
        campaign.demands.all().delete()
        Demand.objects.bulk_create(
            Demand(campaign=campaign, position=n, text=text) for n, text in enumerate(demands, 1)
        )
        campaign.targets.all().delete()
        Target.objects.bulk_create(Target(campaign=campaign, **item) for item in targets)
        if statements is not None:
            campaign.statements.set(statements)
        audit_record(
            actor=actor,
            action="campaign.created" if creating else "campaign.updated",
            coalition=coalition,
            campaign=campaign.title,
        )
    return campaign


def _campaign_state(campaign: Campaign, days, demands, targets, statements) -> tuple:
    fields = tuple(
        (f.attname, getattr(campaign, f.attname))
        for f in Campaign._meta.concrete_fields
        if not f.primary_key
    )
    return (
        fields,
        sorted((d["date"], d["name"], d["hashtag"]) for d in days),
        list(demands),
        sorted((t["name"], t["kind"], t["country"]) for t in targets),
        None if statements is None else sorted(s.pk for s in statements),
    )


def _unchanged(campaign: Campaign, days, demands, targets, statements) -> bool:
    """Whether saving would leave the stored campaign exactly as it is (the database's copy,
    not the instance the form has already changed)."""
    stored = Campaign.objects.get(pk=campaign.pk)
    before = _campaign_state(
        stored,
        stored.days.values("date", "name", "hashtag"),
        stored.demands.order_by("position").values_list("text", flat=True),
        stored.targets.values("name", "kind", "country"),
        None if statements is None else stored.statements.all(),
    )
    return before == _campaign_state(campaign, days, demands, targets, statements)


def place_point(
    country: str, city: str, latitude: float | None, longitude: float | None
) -> tuple[float | None, float | None]:
    """A place's public point: the city's from the shipped list, else an event's rounded to
    0.1° (about 11 km), so the map and the near search never show where a venue is."""
    from caucus.campaigns.cities import find_city

    known = find_city(city, country)
    if known is not None:
        return known.latitude, known.longitude
    if latitude is None or longitude is None:
        return None, None
    return round(latitude, 1), round(longitude, 1)


def recount(campaign: Campaign, country: str, city: str) -> None:
    """Refresh the map's row for one city and the campaign's organization count.

    Called after every change to which events are listed; reads only one city's events
    and the distinct organizations, so the map never counts events per request.
    """
    counted = Event.objects.listed().filter(campaign=campaign).exclude(status=EventStatus.CANCELLED)
    here = counted.filter(country=country, city=city)
    total = here.count()
    if total:
        first = here.exclude(latitude=None).values("latitude", "longitude").first()
        latitude, longitude = place_point(
            country,
            city,
            first["latitude"] if first else None,
            first["longitude"] if first else None,
        )
        PlaceCount.objects.update_or_create(
            campaign=campaign,
            country=country,
            city=city,
            defaults={"events": total, "latitude": latitude, "longitude": longitude},
        )
    else:
        PlaceCount.objects.filter(campaign=campaign, country=country, city=city).delete()
    organizations = (
        counted.exclude(organization=None).values("organization").distinct().count()
        + counted.filter(organization=None).values("host_name").distinct().count()
    )
    Campaign.objects.filter(pk=campaign.pk).update(organization_count=organizations)


def _recount_later(event: Event, old_place: tuple[str, str] | None = None) -> None:
    if event.campaign is None:
        return
    campaign = event.campaign
    places = {(event.country, event.city)}
    if old_place:
        places.add(old_place)
    for country, city in places:
        recount(campaign, country, city)


def event_create(*, data: dict, actor, campaign: Campaign | None, organization) -> Event:
    with transaction.atomic():
        event = Event.objects.create(
            campaign=campaign,
            organization=organization,
            created_by=actor,
            **_event_values(data),
        )
        _recount_later(event)
        audit_record(
            actor=actor,
            action="event.created",
            organization=organization,
            coalition=campaign.coalition if campaign else None,
            event=event.title,
        )
    return event


def event_update(*, event: Event, data: dict, actor) -> Event:
    """Apply the form's values; bump SEQUENCE when something a calendar shows changed."""
    old_place = (event.country, event.city)
    values = _event_values(data)
    changed = [field for field, value in values.items() if getattr(event, field) != value]
    if not changed:
        return event
    for field, value in values.items():
        setattr(event, field, value)
    if SIGNIFICANT.intersection(changed):
        event.sequence += 1
    event.updated = timezone.now()
    with transaction.atomic():
        event.save()
        _recount_later(event, old_place)
        audit_record(
            actor=actor,
            action="event.updated",
            organization=event.organization,
            coalition=event.campaign.coalition if event.campaign is not None else None,
            event=event.title,
            fields=", ".join(sorted(changed)),
        )
    return event


def event_change_status(*, event: Event, status: str, note: str, actor) -> EventStatusChange:
    """Change the status with a note; confirmed RSVPs are emailed by a task."""
    from caucus.campaigns.tasks import notify_status_change

    if status == event.status and note == event.status_note:
        raise ValidationError({"status": _("The event already has this status and note.")})
    with transaction.atomic():
        event.status, event.status_note = status, note
        event.sequence += 1
        event.updated = timezone.now()
        event.save(update_fields=["status", "status_note", "sequence", "updated"])
        change = EventStatusChange.objects.create(
            event=event, status=status, note=note, actor=actor
        )
        _recount_later(event)
        audit_record(
            actor=actor,
            action="event.status_changed",
            organization=event.organization,
            coalition=event.campaign.coalition if event.campaign is not None else None,
            event=event.title,
            status=event.get_status_display(),
        )
        transaction.on_commit(lambda: notify_status_change.enqueue(change.pk))
    return change


def _clean_photo(photo):
    """The photo re-encoded without metadata, or a ValidationError naming the field."""
    try:
        return clean_image(photo, max_bytes=PHOTO_MAX_BYTES)
    except ValidationError as exc:
        raise ValidationError({"photo": exc.messages}) from exc


def _audit_event(event: Event, actor, action: str, **data) -> None:
    audit_record(
        actor=actor,
        action=action,
        organization=event.organization,
        coalition=event.campaign.coalition if event.campaign is not None else None,
        event=event.title,
        **data,
    )


def event_report(
    *, event: Event, report: str, attendance: int | None, photo, caption: str, actor
) -> Event:
    """Save the report and attendance, and add a photo (metadata stripped) when given."""
    if photo:
        _check_photo_room(event)
    cleaned = _clean_photo(photo) if photo else None
    with transaction.atomic():
        event.report, event.attendance = report, attendance
        event.save(update_fields=["report", "attendance"])
        if cleaned is not None:
            EventPhoto.objects.create(event=event, image=cleaned, caption=caption)
        _audit_event(event, actor, "event.reported")
    return event


def _check_photo_room(event: Event) -> None:
    if event.photos.count() >= PHOTOS_MAX:
        raise ValidationError(
            {
                "photo": _("A report holds at most %(n)d photos; remove one first.")
                % {"n": PHOTOS_MAX}
            }
        )


def event_photo_add(*, event: Event, photo, caption: str, actor) -> EventPhoto:
    """One more photo for the report, re-encoded so no EXIF, GPS or text metadata stays."""
    _check_photo_room(event)
    cleaned = _clean_photo(photo)
    with transaction.atomic():
        added = EventPhoto.objects.create(event=event, image=cleaned, caption=caption)
        _audit_event(event, actor, "event.reported")
    return added


def event_photo_remove(*, photo: EventPhoto, actor) -> None:
    """Take a photo out of the report and delete its file once the removal is committed."""
    event, image = photo.event, photo.image
    with transaction.atomic():
        photo.delete()
        _audit_event(event, actor, "event.photo_removed", caption=photo.caption)
        transaction.on_commit(lambda: image.delete(save=False))


def host_submit(*, campaign: Campaign, data: dict, language: str | None = None) -> Event:
    """An outside organization's proposal: stored pending until a coordinator approves it.
    The host is written to in `language`, by default that of the page (or API request) it
    came from."""
    if not campaign.accepts_hosts:
        raise ValidationError(_("This campaign takes actions from member organizations only."))
    return Event.objects.create(
        campaign=campaign,
        approval=Approval.PENDING,
        host_name=data["host_name"],
        host_contact=data["host_contact"],
        host_message=data.get("host_message", ""),
        host_language=(language or get_language() or "")[:8],
        **_event_values(data),
    )


def host_review(*, event: Event, decision: str, note: str, actor) -> Event:
    """Approve, reject or ask for information; the host is told by email (a task)."""
    from caucus.campaigns.tasks import notify_host_review

    if event.organization_id is not None:
        raise ValidationError(_("Only actions from outside hosts are reviewed."))
    with transaction.atomic():
        event.approval, event.review_note = decision, note
        event.sequence += 1
        event.updated = timezone.now()
        event.save(update_fields=["approval", "review_note", "sequence", "updated"])
        _recount_later(event)
        audit_record(
            actor=actor,
            action="event.reviewed",
            coalition=event.campaign.coalition if event.campaign is not None else None,
            event=event.title,
            decision=event.get_approval_display(),
        )
        transaction.on_commit(lambda: notify_host_review.enqueue(event.pk))
    return event


def host_amend(*, event: Event, data: dict) -> Event:
    """The host completes a proposal the coordinators asked about: back to pending.

    Not audited, like the first submission; the coordinators' next review is."""
    with transaction.atomic():
        locked = Event.objects.select_for_update().filter(pk=event.pk).first()
        if locked is None or locked.approval != Approval.NEEDS_INFO:
            raise ValidationError(_("This proposal is not waiting for information."))
        for field, value in _event_values(data).items():
            setattr(locked, field, value)
        locked.host_name = data["host_name"]
        locked.host_message = data.get("host_message", "")
        locked.approval = Approval.PENDING
        locked.sequence += 1
        locked.updated = timezone.now()
        locked.save()
    return locked


def host_contact_reveal(*, event: Event, actor) -> str:
    """The outside host's contact email, decrypted for a coordinator and logged as read.

    The caller has checked that `actor` coordinates the campaign's coalition; the log keeps
    who read which host's address (as exporting signers' contacts does)."""
    if event.organization_id is not None or event.campaign is None:
        raise ValidationError(_("Only actions from outside hosts have a contact email."))
    audit_record(
        actor=actor,
        action="event.host_contact_revealed",
        coalition=event.campaign.coalition,
        event=event.title,
    )
    return event.host_contact or ""


def rebuild_counts(campaign: Campaign) -> None:
    """Recompute every PlaceCount row of a campaign at once (after bulk imports)."""
    from django.db.models import Count, Max

    counted = Event.objects.listed().filter(campaign=campaign).exclude(status=EventStatus.CANCELLED)
    rows = counted.values("country", "city").annotate(
        n=Count("id"), lat=Max("latitude"), lon=Max("longitude")
    )
    with transaction.atomic():
        PlaceCount.objects.filter(campaign=campaign).delete()
        PlaceCount.objects.bulk_create(
            PlaceCount(
                campaign=campaign,
                country=r["country"],
                city=r["city"],
                events=r["n"],
                latitude=point[0],
                longitude=point[1],
            )
            for r in rows
            for point in [place_point(r["country"], r["city"], r["lat"], r["lon"])]
        )
        organizations = (
            counted.exclude(organization=None).values("organization").distinct().count()
            + counted.filter(organization=None).values("host_name").distinct().count()
        )
        Campaign.objects.filter(pk=campaign.pk).update(organization_count=organizations)
