"""Keeping the publication index in step with the domain apps.

Each publisher turns one kind of domain object into the fields of its Publication, or None
when the object is not public (draft, private, protected, withdrawn): then its row goes.
Receivers are connected in PublicConfig.ready(); `manage.py reindex_publications` rebuilds all.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils.html import strip_tags

from caucus.lib.markdown import render_markdown
from caucus.lib.regions import region_slugs
from caucus.public.models import Kind, Publication, PublicationTag


@dataclass(frozen=True)
class Publisher:
    model: str  # "app_label.ModelName"
    kind: str
    describe: Callable[[object], dict | None]


def markdown_text(markdown: str) -> str:
    return strip_tags(render_markdown(markdown))


def _statement(statement) -> dict | None:
    from caucus.statements.models import Status

    version = statement.published_version
    if statement.status != Status.PUBLISHED or version is None or statement.published_at is None:
        return None
    organization = statement.author_organization
    country = organization.country if organization else ""
    return {
        "url": statement.get_absolute_url(),
        "title": version.title,
        "teaser": statement.teaser,
        "body": markdown_text(version.body),
        "author": statement.author_name,
        "language": statement.language,
        "country": country,
        "published_at": statement.published_at,
        "topics": list(statement.topics or []),
        "regions": list(statement.regions or []) + region_slugs(country),
    }


PUBLISHERS: list[Publisher] = [
    Publisher("statements.Statement", Kind.STATEMENT, _statement),
]


def publish(publisher: Publisher, obj) -> None:
    """Create, update or remove the publication of `obj`."""
    data = publisher.describe(obj)
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


def _receiver(publisher: Publisher):
    def on_save(sender, instance, **kwargs):
        if kwargs.get("raw"):
            return
        publish(publisher, instance)

    return on_save


def _on_delete(publisher: Publisher):
    def on_delete(sender, instance, **kwargs):
        Publication.objects.filter(kind=publisher.kind, object_id=instance.pk).delete()

    return on_delete


def connect() -> None:
    for publisher in PUBLISHERS:
        model = apps.get_model(publisher.model)
        post_save.connect(_receiver(publisher), sender=model, weak=False)
        post_delete.connect(_on_delete(publisher), sender=model, weak=False)


def reindex() -> int:
    """Rebuild every publication from the domain apps; returns how many items are public."""
    count = 0
    for publisher in PUBLISHERS:
        for obj in apps.get_model(publisher.model).objects.iterator():
            publish(publisher, obj)
            count += Publication.objects.filter(kind=publisher.kind, object_id=obj.pk).count()
    return count
