"""The site's topic vocabulary (e.g. "labour", "prisoners") and its translations.

Statements, campaigns and cases store topics as lists of slugs; operators keep the vocabulary
in the admin. The table is still `public_topic`, where the public app first kept it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from caucus.translations.models import ContentTranslation, SourceText, one_per_language


class Topic(models.Model):
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    language = models.CharField(
        _("language"),
        max_length=8,
        default=settings.LANGUAGE_CODE,
        db_default=settings.LANGUAGE_CODE,  # rows written without it (older code) too
        help_text=_("The language the name and description are written in."),
    )

    class Meta:
        db_table = "public_topic"
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self) -> str:
        return self.name

    def name_in(self, language: str) -> str:
        """The name in `language` where a translation gives one (prefetch `translations`)."""
        for translation in self.translations.all():
            if translation.language == language and translation.name:
                return translation.name
        return self.name

    def translation_texts(self) -> list[SourceText]:
        return [
            SourceText("name", str(_("Name")), self.name, max_length=100),
            SourceText(
                "description",
                str(_("Description")),
                self.description,
                max_length=2000,
                multiline=True,
            ),
        ]


class TopicTranslation(ContentTranslation):
    SOURCE_FIELD = "topic"
    COLUMNS = ("name", "description")

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="translations")
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)

    class Meta(ContentTranslation.Meta):
        constraints = [one_per_language("topic", "one_topic_translation_per_language")]
        verbose_name = _("topic translation")
        verbose_name_plural = _("topic translations")
