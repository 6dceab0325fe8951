from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranslationsConfig(AppConfig):
    """Content in many languages: the shared translation model, its pages and the reader's
    language. No tables of its own: each translatable app has its translation table."""

    name = "caucus.translations"
    label = "translations"
    verbose_name = _("Translations")
