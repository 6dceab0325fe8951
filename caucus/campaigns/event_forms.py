"""Forms for local actions: members' and outside hosts' events, status, reports, photos and
RSVPs. The web views and the API bind the same forms, so every rule on input lives here once.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from caucus.campaigns.cities import find_city
from caucus.campaigns.models import (
    ADDRESS_MAX,
    AddressVisibility,
    Approval,
    Campaign,
    EventKind,
    EventStatus,
)
from caucus.lib.countries import country_choices
from caucus.lib.zones import FOLD_CHOICES, LocalDateTimeField, LocalTimeError, get_zone, to_utc


class EventForm(forms.Form):
    """A local action; the place gives the time zone, the times are the place's wall clock."""

    title = forms.CharField(label=_l("Title"), max_length=200)
    kind = forms.ChoiceField(label=_l("Kind"), choices=EventKind.choices)
    description = forms.CharField(
        label=_l("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_l("Markdown."),
    )
    day_of_action = forms.ModelChoiceField(label=_l("Day of action"), queryset=None, required=False)
    city = forms.CharField(
        label=_l("City"),
        max_length=120,
        help_text=_l(
            "Choose it from the list: its time zone and its point on the map come from it. "
            "A small town: the nearest larger city."
        ),
        widget=forms.TextInput(attrs={"list": "city-suggestions", "autocomplete": "off"}),
    )
    country = forms.ChoiceField(label=_l("Country"))
    time_zone = forms.CharField(
        label=_l("Time zone"),
        max_length=64,
        required=False,
        help_text=_l("Only for a city that is not on the list, e.g. America/Santiago."),
    )
    start = LocalDateTimeField(label=_l("Starts (local time at the place)"))
    start_fold = forms.ChoiceField(
        label=_l("If the start time happens twice"), choices=FOLD_CHOICES, required=False
    )
    end = LocalDateTimeField(label=_l("Ends (local time at the place)"))
    end_fold = forms.ChoiceField(
        label=_l("If the end time happens twice"), choices=FOLD_CHOICES, required=False
    )
    allow_outside_dates = forms.BooleanField(
        label=_l("Yes, this event is meant to be outside the campaign's dates"), required=False
    )
    venue = forms.CharField(label=_l("Venue"), max_length=200, required=False)
    address = forms.CharField(
        label=_l("Address"),
        max_length=ADDRESS_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    address_visibility = forms.ChoiceField(
        label=_l("Who sees the address"),
        choices=AddressVisibility.choices,
        initial=AddressVisibility.PUBLIC,
        widget=forms.RadioSelect,
    )
    online_url = forms.URLField(label=_l("Online link"), required=False, assume_scheme="https")
    capacity = forms.IntegerField(
        label=_l("Capacity"), required=False, min_value=1, max_value=10_000_000
    )
    signup_url = forms.URLField(
        label=_l("External sign-up link"), required=False, assume_scheme="https"
    )
    show_attendees = forms.BooleanField(
        label=_l("Show how many people have confirmed they are coming"), required=False
    )

    def __init__(self, *args, campaign: Campaign | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self.fields["country"].choices = [("", "—"), *country_choices()]
        if campaign is None:
            del self.fields["day_of_action"]
            del self.fields["allow_outside_dates"]
        else:
            self.fields["day_of_action"].queryset = campaign.days.all()

    @staticmethod
    def initial_for(event) -> dict:
        """The form's values for an existing event: its times as the place's wall clock,
        with the fold that says which of two repeated times each is."""
        zone = event.zone
        starts, ends = event.starts_at.astimezone(zone), event.ends_at.astimezone(zone)
        return {
            "title": event.title,
            "kind": event.kind,
            "description": event.description,
            "day_of_action": event.day_of_action_id,
            "city": event.city,
            "country": event.country,
            "time_zone": event.time_zone,
            "start": starts.replace(tzinfo=None),
            "start_fold": str(starts.fold),
            "end": ends.replace(tzinfo=None),
            "end_fold": str(ends.fold),
            "allow_outside_dates": True,
            "venue": event.venue,
            "address": event.address,
            "address_visibility": event.address_visibility,
            "show_attendees": event.show_attendees,
            "online_url": event.online_url,
            "capacity": event.capacity,
            "signup_url": event.signup_url,
        }

    def clean_time_zone(self) -> str:
        name = self.cleaned_data["time_zone"].strip()
        if name and get_zone(name) is None:
            raise ValidationError(
                _("%(zone)s is not a known IANA time zone, such as Europe/Istanbul.")
                % {"zone": name}
            )
        return name

    def clean(self):
        data = super().clean()
        self._clean_place(data)
        zone = get_zone(data["time_zone"]) if data.get("time_zone") else None
        if zone is not None:
            self._clean_times(data, zone)
        if data.get("kind") == EventKind.ONLINE and not data.get("online_url"):
            self.add_error("online_url", _("An online event needs its link."))
        return data

    def _clean_place(self, data: dict) -> None:
        """The point is the city's from the shipped list, never typed: a venue's exact
        coordinates would give away an address shown only to confirmed RSVPs."""
        data["latitude"] = data["longitude"] = None
        if not data.get("city") or not data.get("country"):
            return
        city = find_city(data["city"], data["country"])
        if city is not None:
            data["city"] = city.name
            data["time_zone"] = data.get("time_zone") or city.time_zone
            data["latitude"], data["longitude"] = city.latitude, city.longitude
        elif "time_zone" in data and not data["time_zone"]:
            self.add_error(
                "city",
                _(
                    "We do not know this city in that country. Check the "
                    "spelling, or give the time zone below."
                ),
            )

    def _clean_times(self, data: dict, zone) -> None:
        for field in ("start", "end"):
            naive = data.get(field)
            if naive is None:
                continue
            fold = data.get(f"{field}_fold")
            try:
                data[f"{field}s_at"] = to_utc(naive, zone, fold=int(fold) if fold else None)
            except LocalTimeError as exc:
                self.add_error(field, str(exc))
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("end", _("The end must be after the start."))
        campaign = self.campaign
        if campaign and starts and not data.get("allow_outside_dates"):
            local_day = starts.astimezone(zone).date()
            if not campaign.starts_on <= local_day <= campaign.ends_on:
                self.add_error(
                    "allow_outside_dates",
                    _(
                        "This event is outside the campaign's dates (%(first)s to %(last)s). "
                        "Tick the box if that is intended."
                    )
                    % {"first": campaign.starts_on, "last": campaign.ends_on},
                )


class HostEventForm(EventForm):
    """The public form through which an outside organization proposes an action."""

    host_name = forms.CharField(label=_l("Your organization"), max_length=200)
    host_contact = forms.EmailField(label=_l("Contact email (never shown)"))
    host_message = forms.CharField(
        label=_l("Message to the coordinators"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_l("Status"), choices=EventStatus.choices)
    note = forms.CharField(
        label=_l("Note to the people coming"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_l("Decision"),
        choices=[(v, label) for v, label in Approval.choices if v != Approval.PENDING],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_l("Note to the host"), max_length=500, required=False)

    def clean(self):
        data = super().clean()
        if data.get("decision") == Approval.NEEDS_INFO and not data.get("note"):
            self.add_error("note", _("Say what information is missing."))
        return data


class ReportForm(forms.Form):
    report = forms.CharField(
        label=_l("Report"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20_000,
        help_text=_l("Markdown."),
    )
    attendance = forms.IntegerField(
        label=_l("Estimated attendance"), required=False, min_value=0, max_value=100_000_000
    )
    photo = forms.FileField(
        label=_l("Photo"),
        required=False,
        help_text=_l("PNG, JPEG or WebP; location and camera data removed."),
    )
    caption = forms.CharField(label=_l("Caption"), max_length=200, required=False)


class PhotoForm(forms.Form):
    """One photo for an event's report (the API's upload; the web's comes with ReportForm)."""

    photo = forms.FileField(
        label=_l("Photo"), help_text=_l("PNG, JPEG or WebP; location and camera data removed.")
    )
    caption = forms.CharField(label=_l("Caption"), max_length=200, required=False)


class RsvpForm(forms.Form):
    name = forms.CharField(label=_l("Your name"), max_length=120)
    email = forms.EmailField(
        label=_l("Your email"),
        help_text=_l(
            "We send one link to confirm. Your address is stored encrypted and never shown."
        ),
    )

    def clean_name(self) -> str:
        name = re.sub(r"\s+", " ", self.cleaned_data["name"]).strip()
        if not name:
            raise ValidationError(_("Give a name."))
        return name
