"""Keeping the publication index in step with the domain apps.

Each publisher turns one kind of domain object into the fields of its Publication, or None
when the object is not public (draft, private, protected, withdrawn): then its row goes.
Receivers are connected in PublicConfig.ready(); `manage.py reindex_publications` rebuilds all.
A coalition's visibility decides whether its campaigns, events and cases are public, so saving
a coalition republishes those too.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils import translation

from caucus.lib import dates
from caucus.lib.regions import region_slugs
from caucus.public.models import Kind, Publication, PublicationTag
from caucus.public.sitemaps import index_changed
from caucus.public.translated import (
    alternates,
    campaign_versions,
    case_versions,
    markdown_text,
    searched_text,
    statement_versions,
)

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Publisher:
    model: str  # "app_label.ModelName"
    kind: str
    describe: Callable[[object], dict | None]


def _statement(statement) -> dict | None:
    from caucus.statements.models import Status

    version = statement.published_version
    if statement.status != Status.PUBLISHED or version is None or statement.published_at is None:
        return None
    organization = statement.author_organization
    country = organization.country if organization else ""
    url = statement.get_absolute_url()
    original, translations = statement_versions(statement)
    return {
        "url": url,
        "title": version.title,
        "teaser": statement.teaser,
        # Translations are searched with the original and offered as hreflang alternates.
        "body": searched_text(original, translations),
        "alternates": alternates(url, original, translations),
        "author": statement.author_name,
        "language": statement.language,
        "country": country,
        "published_at": statement.published_at,
        "topics": list(statement.topics or []),
        "regions": list(statement.regions or []) + region_slugs(country),
    }


def _campaign(campaign) -> dict | None:
    coalition = campaign.coalition
    if not coalition.is_public:
        return None
    url = campaign.get_absolute_url()
    original, translations = campaign_versions(campaign)
    return {
        "url": url,
        "title": campaign.title,
        "teaser": campaign.summary,
        "body": searched_text(original, translations),
        "alternates": alternates(url, original, translations),
        "author": coalition.name,
        "language": campaign.language,
        "country": "",
        "published_at": campaign.created,
        "listed": True,
        "topics": list(campaign.topics or []),
    }


def _event(event) -> dict | None:
    from caucus.campaigns.models import Approval

    if event.approval != Approval.APPROVED:
        return None
    if event.campaign_id is not None:
        if not event.campaign.coalition.is_public:
            return None
    elif event.organization_id is None or not event.organization.is_public:
        return None
    # One stored teaser for every reader, in the one date style: in the site's language, not
    # that of whichever request or command happened to save the event.
    with translation.override(settings.LANGUAGE_CODE):
        when = dates.format_datetime(event.starts_at, event.time_zone)
        zone = dates.zone_label(event.time_zone, event.starts_at)
    return {
        "url": event.get_absolute_url(),
        "title": event.title,
        # The address never enters the index: it may be for confirmed RSVPs only.
        "teaser": f"{when} ({zone}) · {event.city}",
        "body": markdown_text(event.description),
        "author": event.organizer_name,
        "language": "",
        "country": event.country,
        "published_at": event.created,
        # A campaign's local actions are listed by its page, not one by one on the front page.
        "listed": event.campaign_id is None,
        "regions": region_slugs(event.country),
    }


def _case(case) -> dict | None:
    if case.published_at is None or not case.coalition.is_public:
        return None
    # Only the case's public face: protected mode withholds the full name and city, and
    # any translated text that could name the person (case_versions).
    url = case.get_absolute_url()
    original, translations = case_versions(case)
    return {
        "url": url,
        "title": case.public_display_name,
        "teaser": case.public_teaser,
        "body": searched_text(original, translations),
        "alternates": alternates(url, original, translations),
        "author": case.coalition.name,
        "language": case.language,
        "country": case.country,
        "published_at": case.published_at,
        "listed": True,
        "topics": list(case.topics or []),
        "regions": list(case.regions or []) + region_slugs(case.country),
    }


PUBLISHERS: list[Publisher] = [
    Publisher("statements.Statement", Kind.STATEMENT, _statement),
    Publisher("campaigns.Campaign", Kind.CAMPAIGN, _campaign),
    Publisher("campaigns.Event", Kind.EVENT, _event),
    Publisher("solidarity.Case", Kind.CASE, _case),
]


def publish(publisher: Publisher, obj) -> None:
    """Create, update or remove the publication of `obj`."""
    data = publisher.describe(obj)
    index_changed_now_and_on_commit()
    if data is None:
        Publication.objects.filter(kind=publisher.kind, object_id=obj.pk).delete()
        return
    topics, regions = data.pop("topics", []), data.pop("regions", [])
    with transaction.atomic():
        publication, _created = Publication.objects.update_or_create(
            kind=publisher.kind, object_id=obj.pk, defaults=data
        )
        wanted = {("topic", slug[:60]) for slug in topics} | {("region", s) for s in regions}
        publication.tags.all().delete()
        PublicationTag.objects.bulk_create(
            [PublicationTag(publication=publication, kind=k, slug=s) for k, s in sorted(wanted)]
        )


def index_changed_now_and_on_commit() -> None:
    """Cached sitemaps follow the index (sitemaps.py): at once, and again at the commit, so
    one rendered in between from the old rows is not kept under the new generation."""
    index_changed()
    transaction.on_commit(index_changed)


def _receiver(publisher: Publisher):
    def on_save(sender, instance, **kwargs):
        if kwargs.get("raw"):
            return
        publish(publisher, instance)

    return on_save


def _on_delete(publisher: Publisher):
    def on_delete(sender, instance, **kwargs):
        Publication.objects.filter(kind=publisher.kind, object_id=instance.pk).delete()
        index_changed_now_and_on_commit()

    return on_delete


# Saving or deleting one of these changes the publication of the object it points to.
PARTS = {
    "statements.Translation": "statement",
    "solidarity.CaseRecord": "case",
    "solidarity.CaseTranslation": "case",
    "campaigns.CampaignTranslation": "campaign",
}


def _on_part_change(field: str):
    def republish(sender, instance, **kwargs):
        if kwargs.get("raw"):
            return
        whole = getattr(instance, field)
        for publisher in PUBLISHERS:
            if publisher.model == whole._meta.label:
                publish(publisher, whole)

    return republish


def republish_coalition(coalition) -> None:
    """Statements, campaigns, their events and cases follow their coalition's visibility and
    carry its name."""
    by_model = {publisher.model: publisher for publisher in PUBLISHERS}
    dependents = {
        "statements.Statement": {"author_coalition": coalition},
        "campaigns.Campaign": {"coalition": coalition},
        "campaigns.Event": {"campaign__coalition": coalition},
        "solidarity.Case": {"coalition": coalition},
    }
    for model, lookup in dependents.items():
        for obj in apps.get_model(model).objects.filter(**lookup).iterator():
            publish(by_model[model], obj)


# What the publications of a coalition's dependents take from it; other edits (description,
# member list) leave their publications alone, however many actions a campaign holds.
COALITION_FIELDS = ("is_public", "name")


def _before_coalition_save(sender, instance, **kwargs):
    if instance.pk is not None and not kwargs.get("raw"):
        instance._published_as = (
            sender.objects.filter(pk=instance.pk).values(*COALITION_FIELDS).first()
        )


def _on_coalition_save(sender, instance, **kwargs):
    if kwargs.get("raw") or kwargs.get("created"):
        return
    before = getattr(instance, "_published_as", None)
    if before is None or any(before[f] != getattr(instance, f) for f in COALITION_FIELDS):
        republish_coalition(instance)


def connect() -> None:
    for publisher in PUBLISHERS:
        model = apps.get_model(publisher.model)
        post_save.connect(_receiver(publisher), sender=model, weak=False)
        post_delete.connect(_on_delete(publisher), sender=model, weak=False)
    coalition = apps.get_model("coalitions.Coalition")
    pre_save.connect(_before_coalition_save, sender=coalition)
    post_save.connect(_on_coalition_save, sender=coalition)
    for model, field in PARTS.items():
        post_save.connect(_on_part_change(field), sender=apps.get_model(model), weak=False)
        post_delete.connect(_on_part_change(field), sender=apps.get_model(model), weak=False)


def reindex() -> int:
    """Rebuild every publication from the domain apps; returns how many items are public."""
    count = 0
    for publisher in PUBLISHERS:
        for obj in apps.get_model(publisher.model).objects.iterator():
            publish(publisher, obj)
            count += Publication.objects.filter(kind=publisher.kind, object_id=obj.pk).count()
    return count
