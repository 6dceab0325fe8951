"""Web views of translations: the pages every translatable kind shares, and their URLs."""

from caucus.translations.views.translations import translation_urls

__all__ = ["translation_urls"]
