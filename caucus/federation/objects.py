"""The objects we federate, one builder per kind of domain object, in the hook style of Feed.

A builder answers None when the object is not public (a draft, a withdrawn statement, a
pending host proposal, a case or coalition that is not public): then nothing is federated, and
what was federated before is deleted. Visibility is the domain's: Statement.is_public,
Case.is_public, the public index's rule for events (approved, of a public coalition or
organization), addresses only through campaigns.visibility.address_for without a person
(public addresses only), case text only through Case.public_* accessors.

Never federated: drafts, signers, emails, private or RSVP-only addresses, online meeting
links, exact coordinates of an action (the city's coordinates stand in), a protected case's
name, city and photo, member lists (a coalition with a members-only list boosts nothing of
its members), ballots, motion texts of unpublished resolutions.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from caucus.federation.actors import AS_CONTEXT, AS_PUBLIC, Ref, absolute, actor_id
from caucus.federation.models import ActorKind

FEP = "https://w3id.org/fep/8a8e/"
OBJECT_CONTEXT = [
    AS_CONTEXT,
    {
        "toot": "http://joinmastodon.org/ns#",
        "sensitive": "as:sensitive",
        "schema": "http://schema.org#",
        "PropertyValue": "schema:PropertyValue",
        "value": "schema:value",
        "VirtualLocation": "schema:VirtualLocation",
        "address": "schema:address",
        "timezone": FEP + "timezone",
        "eventStatus": {"@id": FEP + "eventStatus", "@type": "@id"},
        "joinMode": FEP + "joinMode",
        "externalParticipationUrl": {"@id": FEP + "externalParticipationUrl", "@type": "@id"},
        "organizers": {"@id": FEP + "organizers", "@type": "@id"},
        "displayEndTime": FEP + "displayEndTime",
    },
]
EVENT_STATUS = {
    "confirmed": "EventScheduled",
    "tentative": "EventTentative",
    "cancelled": "EventCancelled",
    "postponed": "EventPostponed",
    "online": "EventMovedOnline",
}
HEARING_LENGTH = dt.timedelta(hours=3)  # hearings have a start only (FEP-8a8e wants an end)


@dataclass
class Built:
    """One public object: who sends it (owner), who boosts it (relays), and its JSON."""

    owner: Ref
    data: dict
    published: dt.datetime
    relays: list[Ref] = field(default_factory=list)


@dataclass(frozen=True)
class Kind:
    name: str
    model: str
    build: Callable[[object], Built | None]


def _addressed(owner: Ref, followers: str, data: dict) -> dict:
    return {**data, "attributedTo": actor_id(owner), "to": [AS_PUBLIC], "cc": [followers]}


def object_path(kind: str, obj) -> str:
    """The object's id: its public page where it has one, else an /ap/objects/ URL."""
    if kind in ("statement", "event", "case"):
        return absolute(obj.get_absolute_url())
    return absolute(reverse("federation:object", args=[kind, obj.pk]))


def _public_org(org) -> Ref | None:
    return Ref(ActorKind.ORGANIZATION, org) if org is not None and org.is_public else None


def _public_coalition(coalition) -> Ref | None:
    return Ref(ActorKind.COALITION, coalition) if coalition.is_public else None


def _statement(statement) -> Built | None:
    from caucus.coalitions.models import Coalition
    from caucus.statements.models import Status
    from caucus.statements.selectors import public_translations

    version = statement.published_version
    if statement.status != Status.PUBLISHED or not statement.is_public or version is None:
        return None
    if statement.author_coalition_id:
        owner, relays = _public_coalition(statement.author_coalition), []
    else:
        owner = _public_org(statement.author_organization)
        # The coalitions the organization acts in boost what it publishes, but a boost names
        # the organization as a member: only coalitions whose member list is public do, the
        # ones its page lists (public.views.pages.organization).
        coalitions = Coalition.objects.public().with_active_member(statement.author_organization)
        boosting = [c for c in coalitions.order_by("pk") if c.member_list_is_public]
        relays = [Ref(ActorKind.COALITION, c) for c in boosting]
    if owner is None:
        return None
    content = version.body_html()
    data = {
        "type": "Article",
        "name": version.title,
        "summary": escape(statement.teaser) if statement.teaser else None,
        "content": content,
        "url": absolute(statement.get_absolute_url()),
        "published": statement.published_at.isoformat(),
        "contentMap": {statement.language: content},
        "nameMap": {statement.language: version.title},
    }
    for translation in public_translations(statement):
        data["contentMap"][translation.language] = translation.body_html()
        data["nameMap"][translation.language] = translation.title
    # The last revision that is out: a scheduled one is neither shown nor dated before its time.
    done = statement.publications.filter(published_at__lte=timezone.now())
    last = done.order_by("-published_at").first()
    if last is not None and last.published_at > statement.published_at:
        data["updated"] = last.published_at.isoformat()
    if data["summary"] is None:
        del data["summary"]
    return Built(owner, data, statement.published_at, relays)


def _place(city: str, country: str, *, label: str, address: str = "") -> dict:
    """A Place named after the city, at the city's coordinates (never the venue's own)."""
    from caucus.campaigns.cities import find_city
    from caucus.lib.countries import country_name

    place: dict = {
        "type": "Place",
        "name": label
        or ", ".join(part for part in (city, country_name(country) if country else "") if part),
    }
    if address:
        place["address"] = address
    found = find_city(city, country) if city and country else None
    if found is not None:
        place["latitude"], place["longitude"] = found.latitude, found.longitude
    return place


def _event(event) -> Built | None:
    from caucus.campaigns.models import Approval, EventKind, EventStatus
    from caucus.campaigns.visibility import address_for

    if event.approval != Approval.APPROVED:
        return None
    org = _public_org(event.organization) if event.organization_id else None
    if event.campaign_id is not None:
        if not event.campaign.coalition.is_public:
            return None
        owner = Ref(ActorKind.CAMPAIGN, event.campaign)
        relays = [Ref(ActorKind.COALITION, event.campaign.coalition)] + ([org] if org else [])
    else:
        if org is None:
            return None
        owner, relays = org, []
    page = absolute(event.get_absolute_url())
    if event.kind == EventKind.ONLINE or event.status == EventStatus.ONLINE:
        location = {"type": "VirtualLocation", "name": "Online"}  # the link never leaves
    else:
        label = ", ".join(p for p in (event.venue, event.city) if p)
        location = _place(event.city, event.country, label=label, address=address_for(event))
    content = event.description_html
    if event.status_note:
        content = f"<p>{escape(event.status_note)}</p>{content}"
    data = {
        "type": "Event",
        "name": event.title,
        "content": content,
        "url": page,
        "startTime": event.local_start.isoformat(),
        "endTime": event.local_end.isoformat(),
        "timezone": event.time_zone,
        "eventStatus": FEP + EVENT_STATUS.get(event.status, "EventScheduled"),
        "location": location,
        "joinMode": "external",
        "externalParticipationUrl": page,
        "organizers": [actor_id(owner)] + ([actor_id(org)] if org and org != owner else []),
        "published": event.created.isoformat(),
        "updated": event.updated.isoformat(),
    }
    return Built(owner, data, event.created, relays)


def _case(case) -> Built | None:
    if not case.is_public:
        return None
    data = {
        "type": "Article",
        "name": case.public_display_name,
        "summary": escape(case.public_teaser),
        "content": case.public_summary,
        "url": absolute(case.get_absolute_url()),
        "published": case.published_at.isoformat(),
        "updated": case.updated.isoformat(),
    }
    return Built(Ref(ActorKind.COALITION, case.coalition), data, case.published_at)


def _entry(entry) -> Built | None:
    case = entry.case
    if not case.is_public:
        return None
    page = absolute(case.get_absolute_url()) + f"#entry-{entry.pk}"
    published = max(entry.created, case.published_at)
    base = {"url": page, "published": published.isoformat(), "updated": entry.updated.isoformat()}
    if entry.kind == "hearing" and entry.local_start is not None:
        start = entry.local_start
        data = {
            **base,
            "type": "Event",
            "name": entry.public_title(),
            "content": entry.public_note(),
            "startTime": start.isoformat(),
            "endTime": (start + HEARING_LENGTH).isoformat(),
            "displayEndTime": False,
            "timezone": entry.time_zone,
            "eventStatus": FEP + "EventScheduled",
            "location": _place(case.public_city, case.country, label=entry.public_place()),
            "joinMode": "none",
        }
    else:
        heading = (
            f"<p><strong>{escape(entry.public_title())}</strong> · {entry.date.isoformat()}</p>"
        )
        link = f'<p><a href="{escape(page)}">{escape(page)}</a></p>'
        data = {**base, "type": "Note", "content": heading + entry.public_note() + link}
    return Built(Ref(ActorKind.COALITION, case.coalition), data, published)


def _resolutions_public(coalition) -> bool:
    """The rule of decisions' public_resolutions tag: unless the coalition turned them off."""
    settings_model = apps.get_model("decisions.DecisionSettings")
    row = settings_model.objects.filter(coalition=coalition).first()
    return coalition.is_public and (row is None or row.publish_resolutions)


def _resolution(motion) -> Built | None:
    if motion.state != "adopted" or motion.resolution_number is None or motion.adopted_at is None:
        return None
    if not _resolutions_public(motion.coalition):
        return None
    page = absolute(motion.coalition.get_absolute_url()) + "#resolutions"
    data = {
        "type": "Article",
        "name": f"{motion.resolution_label}: {motion.title}",
        "content": motion.text_html,
        "url": page,
        "published": motion.adopted_at.isoformat(),
    }
    return Built(Ref(ActorKind.COALITION, motion.coalition), data, motion.adopted_at)


def _head(post) -> Built | None:
    """A ledger head, witnessed by every server that keeps the Note (issue: votes)."""
    vote = post.vote
    coalition = vote.motion.coalition
    if not coalition.is_public:
        return None
    verify = absolute(reverse("decisions:verify", args=[coalition.slug, vote.pk]))
    what = "opened" if post.event == "open" else "closed" if post.event == "close" else post.event
    text = (
        f"<p>Vote {vote.pk} {escape(what)}: ledger head <code>{post.head_hash}</code> at height "
        f"{post.height}; manifest fingerprint <code>{vote.fingerprint}</code>.</p>"
        f'<p><a href="{escape(verify)}">{escape(verify)}</a></p>'
    )
    fields = [
        ("Vote", str(vote.pk)),
        ("Event", what),
        ("Height", str(post.height)),
        ("Head", post.head_hash),
        ("Fingerprint", vote.fingerprint),
    ]
    data = {
        "type": "Note",
        "content": text,
        "url": verify,
        "published": post.posted_at.isoformat(),
        "attachment": [{"type": "PropertyValue", "name": n, "value": v} for n, v in fields],
    }
    return Built(Ref(ActorKind.COALITION, coalition), data, post.posted_at)


KINDS: list[Kind] = [
    Kind("statement", "statements.Statement", _statement),
    Kind("event", "campaigns.Event", _event),
    Kind("case", "solidarity.Case", _case),
    Kind("entry", "solidarity.TimelineEntry", _entry),
    Kind("resolution", "decisions.Motion", _resolution),
    Kind("head", "decisions.HeadPost", _head),
]
BY_NAME = {kind.name: kind for kind in KINDS}


def render(kind: Kind, obj, built: Built, followers: str) -> dict:
    """The object as served and sent: id, context-free JSON addressed to the public."""
    return {"id": object_path(kind.name, obj), **_addressed(built.owner, followers, built.data)}


def tombstone(ap_id: str, kind_type: str, deleted: dt.datetime) -> dict:
    return {
        "id": ap_id,
        "type": "Tombstone",
        "formerType": kind_type,
        "deleted": deleted.isoformat(),
    }
