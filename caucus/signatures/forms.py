"""The public signing form, the bulk invalidation form and the organization signing form."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from caucus.lib.countries import COUNTRY_CODES, country_choices
from caucus.lib.dates import zone_label
from caucus.lib.zones import LocalDateTimeField, clean_local_times, fold_field
from caucus.signatures.abuse import email_domain, is_blocked_domain


def _blank_then_countries() -> list[tuple[str, str]]:
    return [("", "—"), *country_choices()]


class SignForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=120)
    city = forms.CharField(label=_("City"), max_length=120, required=False)
    # Validated against the code set, not the translated choices, to keep signing cheap.
    country = forms.CharField(
        label=_("Country"),
        required=False,
        max_length=2,
        widget=forms.Select(choices=_blank_then_countries),
    )
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        help_text=_("Only to confirm your signature. Never shown, never shared."),
    )
    show_name = forms.BooleanField(label=_("Show my name publicly"), required=False)
    may_contact = forms.BooleanField(label=_("The coalition may contact me"), required=False)
    # A honeypot: hidden from people by CSS, filled in by naive robots.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name or any(not ch.isprintable() for ch in name):
            raise ValidationError(_("Enter your name as it should appear."))
        return name

    def clean_city(self) -> str:
        city = " ".join(self.cleaned_data["city"].split())
        if any(not ch.isprintable() for ch in city):
            raise ValidationError(_("Enter a city name."))
        return city

    def clean_country(self) -> str:
        country = self.cleaned_data["country"].upper()
        if country and country not in COUNTRY_CODES:
            raise ValidationError(_("Choose a country from the list."))
        return country

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        if is_blocked_domain(email_domain(email)):
            raise ValidationError(_("Addresses at this domain cannot sign. Use another address."))
        return email

    @property
    def is_robot(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class InvalidateForm(forms.Form):
    """A window of signing times on the statement's clock (the clock the signing rate and the
    confirmation show), read into UTC instants, and the prefix or domain to invalidate."""

    start = LocalDateTimeField()
    start_fold = fold_field(_("If this time happens twice"))
    end = LocalDateTimeField()
    end_fold = fold_field(_("If this time happens twice"))
    ip_prefix = forms.CharField(
        label=_("IP prefix"),
        max_length=64,
        required=False,
        help_text=_("As shown in the list of spikes, for example 203.0.113.0/24."),
    )
    domain = forms.CharField(label=_("Email domain"), max_length=255, required=False)

    def __init__(self, *args, zone: str = "UTC", **kwargs):
        super().__init__(*args, **kwargs)
        self.zone = zone
        label = zone_label(zone)
        self.fields["start"].label = _("From (%(zone)s)") % {"zone": label}
        self.fields["end"].label = _("Until (%(zone)s)") % {"zone": label}

    def clean(self):
        data = super().clean()
        data.update(clean_local_times(self, self.zone, {"start": "start_fold", "end": "end_fold"}))
        if not data.get("ip_prefix") and not data.get("domain"):
            raise ValidationError({"ip_prefix": _("Give an IP prefix or an email domain.")})
        return data


class SpikeWindowForm(forms.Form):
    hours = forms.IntegerField(min_value=1, max_value=24 * 14, required=False)
