"""Forms for cases, timeline entries, links and following a case by email."""

from functools import cache
from zoneinfo import available_timezones

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from caucus.lib.countries import country_choices
from caucus.lib.images import clean_image
from caucus.public.forms import TopicsField
from caucus.solidarity.models import Case, CaseLink, EntryKind, LinkKind

PRIVATE_FIELDS = ["full_name", "city", "photo"]
SUMMARY_MAX_CHARS = 20_000


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValidationError(_("Null characters are not allowed."))
    return value


@cache
def zone_choices() -> list[tuple[str, str]]:
    zones = sorted(z for z in available_timezones() if "/" in z and not z.startswith("Etc/"))
    return [("", "—"), *((z, z.replace("_", " ")) for z in zones)]


class CaseForm(forms.ModelForm):
    """The case file. Someone who may not see the full record edits without its private fields."""

    country = forms.ChoiceField(label=_("Country"), choices=country_choices)
    publish = forms.BooleanField(
        label=_("Published on the public site"), required=False, initial=False
    )
    topics = TopicsField()

    class Meta:
        model = Case
        fields = [
            "kind",
            "display_name",
            "full_name",
            "organization",
            "country",
            "city",
            "photo",
            "summary",
            "status",
            "protected",
            "topics",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 8}),
            "kind": forms.RadioSelect,
        }
        help_texts = {
            "summary": _("Markdown. Links are allowed; raw HTML and off-site images are not."),
        }

    def __init__(self, *args, organizations, private: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        if not private:
            for name in PRIVATE_FIELDS:
                self.fields.pop(name)
        if self.instance.pk:
            self.fields["publish"].initial = self.instance.published_at is not None

    def clean(self):
        data = super().clean()
        for name in ("display_name", "full_name", "city", "summary"):
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
    time_zone = forms.ChoiceField(
        label=_("Time zone of the court (hearings)"), choices=zone_choices, required=False
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
        url = _no_nul(self.cleaned_data.get("url", "").strip())
        if url and not (url.startswith("/") and not url.startswith("//")):
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
