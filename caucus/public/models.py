"""The publication index: one row per public item, for the front page, tags, search and sitemaps.

Domain apps stay unaware of it: caucus/public/publishers.py maps each kind of public object
(statement, campaign, event, case) to a Publication when it is saved, and removes the row when
the object stops being public. Pages that list "everything published" read only this table.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    STATEMENT = "statement", _("Statement")
    CAMPAIGN = "campaign", _("Campaign")
    EVENT = "event", _("Event")
    CASE = "case", _("Solidarity case")


class PublicationQuerySet(models.QuerySet["Publication"]):
    def tagged(self, kind: str, slug: str) -> "PublicationQuerySet":
        return self.filter(tags__kind=kind, tags__slug=slug)


class Publication(models.Model):
    kind = models.CharField(max_length=12, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    url = models.CharField(max_length=300)
    title = models.CharField(max_length=300)
    teaser = models.CharField(max_length=500, blank=True)
    body = models.TextField(blank=True, help_text="Plain text for search; never shown as HTML.")
    author = models.CharField(max_length=200, blank=True)
    language = models.CharField(max_length=8, blank=True)
    country = models.CharField(max_length=2, blank=True)
    published_at = models.DateTimeField()
    # Shown in the front page stream; a campaign's local actions are listed by the campaign.
    listed = models.BooleanField(default=True)
    updated = models.DateTimeField(auto_now=True)
    # Other languages of the same item: [{"language": "es", "url": "..."}] for hreflang.
    alternates = models.JSONField(default=list, blank=True)

    objects = PublicationQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="one_publication_per_item")
        ]
        indexes = [
            models.Index(fields=["-published_at", "-id"]),
            models.Index(fields=["kind", "-published_at"]),
            models.Index(fields=["listed", "-published_at", "-id"], name="pub_listed_latest"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.title}"

    def get_absolute_url(self) -> str:
        return self.url


class PublicationTag(models.Model):
    class TagKind(models.TextChoices):
        TOPIC = "topic", _("Topic")
        REGION = "region", _("Region")

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="tags")
    kind = models.CharField(max_length=8, choices=TagKind.choices)
    slug = models.SlugField(max_length=60)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["publication", "kind", "slug"], name="one_tag_per_pub")
        ]
        indexes = [models.Index(fields=["kind", "slug", "publication"])]

    def __str__(self) -> str:
        return f"{self.kind}:{self.slug}"
