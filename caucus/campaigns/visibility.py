"""Who may read an event's address: the ONE rule every page, feed, export and API applies.

    public  everyone
    rsvp    the event's organizers, and a person whose RSVP to it is confirmed
    hidden  the event's organizers only (everyone else contacts them)

Lists and feeds call it without a person, so they carry public addresses only.
"""

from caucus.campaigns.models import AddressVisibility, Event, Rsvp, RsvpState


def is_organizer(user, event: Event) -> bool:
    """A member of the organizing organization, or a coordinator of the campaign's coalition."""
    from caucus.coalitions.permissions import is_coordinator

    if user is None or not user.is_authenticated:
        return False
    if event.organization_id and event.organization.memberships.filter(user=user).exists():
        return True
    return event.campaign_id is not None and is_coordinator(user, event.campaign.coalition)


def organizer_scope(user) -> tuple[set[int], set[int]]:
    """(organization ids, coalition ids) whose events `user` organizes, read once for a
    list: pass `organizer=in_scope(event, scope)` to address_for instead of one query each."""
    from caucus.coalitions.models import Coordinator
    from caucus.organizations.models import Membership

    if user is None or not user.is_authenticated:
        return set(), set()
    organizations = set(
        Membership.objects.filter(user=user).values_list("organization_id", flat=True)
    )
    coalitions = set(Coordinator.objects.filter(user=user).values_list("coalition_id", flat=True))
    return organizations, coalitions


def in_scope(event: Event, scope: tuple[set[int], set[int]]) -> bool:
    organizations, coalitions = scope
    return event.organization_id in organizations or (
        event.campaign_id is not None and event.campaign.coalition_id in coalitions
    )


def address_for(
    event: Event, *, user=None, rsvp: Rsvp | None = None, organizer: bool | None = None
) -> str:
    """The address this person may read, or "" when it must not reach them.

    `organizer` may carry a precomputed answer to is_organizer(user, event)."""
    if not event.address:
        return ""
    if event.address_visibility == AddressVisibility.PUBLIC:
        return event.address
    if (
        event.address_visibility == AddressVisibility.RSVP
        and rsvp is not None
        and rsvp.event_id == event.pk
        and rsvp.state == RsvpState.CONFIRMED
    ):
        return event.address
    if organizer if organizer is not None else is_organizer(user, event):
        return event.address
    return ""
