"""The translation form: one field per text of the source, beside the source's own text."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from caucus.lib.translations import direction, language_choices
from caucus.translations.models import (
    ContentTranslation,
    SourceText,
    TranslationKind,
    source_texts,
)

META_FIELDS = ("language", "translator", "kind", "reviewed")


class TranslationForm(forms.Form):
    """Built for one source: `text_fields` pairs each source text with its field.

    Every text is optional here; the service decides which are required (all the source
    has, but those it marks optional) and answers per field, like the API.
    """

    language = forms.ChoiceField(label=_("Language"), choices=language_choices)
    translator = forms.CharField(label=_("Translator"), max_length=200, required=False)
    kind = forms.ChoiceField(
        label=_("Made by"),
        choices=TranslationKind.choices,
        initial=TranslationKind.HUMAN,
        widget=forms.RadioSelect,
    )
    reviewed = forms.BooleanField(label=_("Reviewed by a person"), required=False)

    def __init__(self, *args, source: Any, translation: ContentTranslation | None = None, **kwargs):
        if translation is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "language": translation.language,
                "translator": translation.translator,
                "kind": translation.kind,
                "reviewed": translation.reviewed,
                **translation.texts(),
            }
        super().__init__(*args, **kwargs)
        self.items: list[SourceText] = source_texts(source)
        language = translation.language if translation is not None else ""
        for item in self.items:
            self.fields[item.key] = self._text_field(item, language)
        if translation is not None:
            self.fields["language"].disabled = True  # another language is another translation

    @staticmethod
    def _text_field(item: SourceText, language: str) -> forms.CharField:
        # Typed in the translation's language and direction (Arabic right to left); a new
        # translation's language is not known yet, so the browser judges from the text.
        attrs = {"dir": direction(language), "lang": language} if language else {"dir": "auto"}
        if item.multiline:
            attrs["rows"] = 12 if item.markdown else 3
        return forms.CharField(
            label=item.label,
            required=False,
            # The limit is checked by the service, in the same words as the API's answer.
            widget=forms.Textarea(attrs=attrs) if item.multiline else forms.TextInput(attrs=attrs),
            strip=True,
        )

    def text_rows(self) -> list[tuple[SourceText, forms.BoundField]]:
        """(source text, its field) in the source's order, for the side-by-side page."""
        return [(item, self[item.key]) for item in self.items]

    def texts(self) -> dict[str, str]:
        return {item.key: self.cleaned_data.get(item.key, "") for item in self.items}

    def meta(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in META_FIELDS}


class ContentLanguageField(forms.ChoiceField):
    """The language an object's texts are written in (its translations' original).

    Optional: a form sent without it (an older client, a test) keeps the object's language;
    pair it with KeepsContentLanguage on the ModelForm.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("choices", language_choices)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)


class KeepsContentLanguage:
    """ModelForm mixin: an empty `language` keeps the instance's (new ones: the default)."""

    def clean_language(self) -> str:
        return self.cleaned_data.get("language") or self.instance.language
