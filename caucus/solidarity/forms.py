"""Forms for cases, timeline entries, links and following a case by email."""

import unicodedata
from dataclasses import dataclass
from functools import partial
from urllib.parse import unquote

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from caucus.lib.countries import country_choices
from caucus.lib.images import clean_image
from caucus.lib.zones import fold_field, zone_choices
from caucus.solidarity.models import Case, CaseLink, EntryKind, LinkKind
from caucus.topics.forms import TopicsField
from caucus.translations.forms import ContentLanguageField, KeepsContentLanguage

RECORD_FIELDS = ["full_name", "city", "photo", "notes"]
SUMMARY_MAX_CHARS = 20_000


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValidationError(_("Null characters are not allowed."))
    return value


def _court_zones() -> list[tuple[str, str]]:
    return [("", "—"), *zone_choices()]


@dataclass(frozen=True)
class StoredPhoto:
    """The stored photo as the clearable input shows it ("Currently: …", "Clear"), linked to
    the view that checks who may see it: the private storage gives it no URL of its own."""

    name: str
    url: str

    def __str__(self) -> str:
        return self.name.rpartition("/")[2]


class CaseForm(KeepsContentLanguage, forms.ModelForm):
    """The case file: its public fields, and the record that lives apart (RECORD_FIELDS)."""

    country = forms.ChoiceField(label=_("Country"), choices=partial(country_choices, blank="—"))
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        required=False,
        help_text=_("Never public; coordinators only."),
    )
    city = forms.CharField(label=_("City"), max_length=120, required=False)
    photo = forms.ImageField(label=_("Photo"), required=False)
    notes = forms.CharField(
        label=_("Private notes"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Never public; coordinators only."),
    )
    publish = forms.BooleanField(
        label=_("Published on the public site"), required=False, initial=False
    )
    topics = TopicsField()
    language = ContentLanguageField(label=_("Language of the summary and notes"))
    field_order = ["kind", "display_name", "full_name", "organization", "country", "city"]

    class Meta:
        model = Case
        fields = [
            "kind",
            "display_name",
            "organization",
            "country",
            "summary",
            "language",
            "status",
            "protected",
            "topics",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 8}),
            "kind": forms.RadioSelect,
        }
        help_texts = {
            "summary": _(
                "Markdown. Links are allowed; raw HTML and off-site images are not. In "
                "protected mode, write it as public text: nothing that could name the person."
            ),
        }

    def __init__(self, *args, organizations, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        record = self.instance.private
        for name in RECORD_FIELDS:
            self.fields[name].initial = getattr(record, name)
        if record.photo and self.instance.pk:
            url = reverse(
                "solidarity:private_photo", args=[self.instance.coalition.slug, self.instance.slug]
            )
            self.fields["photo"].initial = StoredPhoto(record.photo.name, url)
        if self.instance.pk:
            self.fields["publish"].initial = self.instance.published_at is not None

    def record_data(self) -> dict:
        """The cleaned values of the record's fields (the photo only when sent or cleared)."""
        data = {name: self.cleaned_data[name] for name in RECORD_FIELDS}
        photo = data.pop("photo")
        if photo is False:  # "clear" was ticked
            data["photo"] = ""
        elif photo and not isinstance(photo, StoredPhoto | FieldFile):  # a new upload
            data["photo"] = photo
        return data

    def clean(self):
        data = super().clean()
        for name in ("display_name", "full_name", "city", "summary", "notes"):
            if isinstance(data.get(name), str):
                try:
                    _no_nul(data[name])
                except ValidationError as exc:
                    self.add_error(name, exc)
        if len(data.get("summary") or "") > SUMMARY_MAX_CHARS:
            self.add_error("summary", _("The summary is too long."))
        return data

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and hasattr(photo, "content_type"):  # a new upload, not the stored file
            return clean_image(photo, max_bytes=settings.LOGO_MAX_BYTES)
        return photo


class EntryForm(forms.Form):
    kind = forms.ChoiceField(label=_("What happened"), choices=EntryKind.choices)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(
        label=_("Local time (hearings)"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
    )
    time_fold = fold_field(_("If the local time happens twice"))
    time_zone = forms.ChoiceField(
        label=_("Time zone of the court (hearings)"), choices=_court_zones, required=False
    )
    place = forms.CharField(label=_("Court or place"), max_length=200, required=False)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Markdown."),
        validators=[_no_nul],
    )
    source_url = forms.URLField(
        label=_("Source link"), required=False, max_length=500, assume_scheme="https"
    )

    def clean_place(self):
        return _no_nul(self.cleaned_data["place"])


class LinkForm(forms.ModelForm):
    class Meta:
        model = CaseLink
        fields = ["kind", "title", "url", "call_to_action"]
        help_texts = {
            "url": _("A page on this site (/s/…) or a full address (https://…)."),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [c for c in LinkKind.choices if c[0] != LinkKind.STATEMENT]

    def clean_url(self):
        return site_or_web_address(self.cleaned_data.get("url", "").strip())


def site_or_web_address(url: str) -> str:
    """`url` if it is a path on this site or an http(s) address, else ValidationError.

    Browsers read "/\\host" and "/\t/host" as "//host" (another site), so the address is
    judged as a browser would take it: percent-decoded until stable, and refused when it has
    a backslash, a space or any control or invisible character anywhere (security audit #16).
    """
    if not url:
        return url
    decoded = url
    for _round in range(3):
        decoded = unquote(decoded)
    if any(c == "\\" or unicodedata.category(c)[0] in "CZ" for c in decoded):
        raise ValidationError(_("Use an https:// address or a path on this site."))
    if decoded.startswith("/") and not decoded.startswith("//"):
        return url
    forms.URLField(assume_scheme="https").clean(url)
    if not url.lower().startswith(("https://", "http://")):
        raise ValidationError(_("Use an https:// address or a path on this site."))
    return url


class StatementLinkForm(forms.Form):
    statement = forms.CharField(
        label=_("Statement (its slug)"),
        max_length=80,
        help_text=_("The statement's address ends with its slug."),
    )
    call_to_action = forms.CharField(label=_("Call to action"), max_length=120, required=False)


class FollowForm(forms.Form):
    email = forms.EmailField(label=_("Your email address"), max_length=254)
