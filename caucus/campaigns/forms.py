"""Forms for campaigns, events (members' and outside hosts'), status, reports and RSVPs.

The web views and the API bind the same forms, so every rule on input lives here once.
"""

import re
from datetime import date, datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from caucus.campaigns.cities import find_city
from caucus.campaigns.models import (
    ADDRESS_MAX,
    AddressVisibility,
    Approval,
    Campaign,
    CampaignStatus,
    EventKind,
    EventStatus,
    Registration,
    TargetKind,
)
from caucus.lib.countries import COUNTRY_CODES, country_choices
from caucus.lib.zones import FOLD_CHOICES, LocalTimeError, get_zone, to_utc
from caucus.topics.forms import TopicsField
from caucus.translations.forms import ContentLanguageField, KeepsContentLanguage


class LocalDateTimeField(forms.Field):
    """A wall-clock date and time with no zone attached (the zone is another field)."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def to_python(self, value):
        if value in (None, ""):
            return None
        if isinstance(value, datetime):
            return value.replace(tzinfo=None)
        try:
            parsed = datetime.fromisoformat(str(value).strip().replace(" ", "T"))
        except ValueError as exc:
            raise ValidationError(
                _("Enter a date and time like 2026-05-01 18:30."), code="invalid"
            ) from exc
        return parsed.replace(tzinfo=None, second=0, microsecond=0)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def linkable_statements(coalition):
    """Published statements a campaign of `coalition` may link: its own, its members'."""
    from caucus.coalitions.models import MemberStatus
    from caucus.statements.models import Statement

    if coalition is None:
        return Statement.objects.none()
    members = coalition.memberships.filter(status=MemberStatus.ACTIVE).values("organization")
    return (
        Statement.objects.public()
        .filter(
            Q(author_coalition=coalition)
            | Q(author_organization__in=members)
            | Q(author_body__organization__in=members)
        )
        .select_related("published_version", "current_version")
        .order_by("-published_at", "-pk")
    )


def statement_label(statement) -> str:
    version = statement.reference_version or statement.current_version
    return version.title if version else statement.slug


class CampaignForm(KeepsContentLanguage, forms.ModelForm):
    topics = TopicsField()
    language = ContentLanguageField(label=_l("Language of the texts"))
    days_text = forms.CharField(
        label=_l("Days of action"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_l(
            "One per line: date | name or theme | optional hashtag, e.g. "
            "2026-05-01 | Day of the workers | #MayDay"
        ),
    )
    demands_text = forms.CharField(
        label=_l("Demands"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_l("One per line, in order."),
    )
    targets_text = forms.CharField(
        label=_l("Targets"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_l(
            "One per line: name | government, company, institution or other | "
            "optional country code, e.g. Ministry of Labour | government | TR"
        ),
    )

    class Meta:
        model = Campaign
        fields = [
            "title",
            "slug",
            "summary",
            "description",
            "language",
            "starts_on",
            "ends_on",
            "hashtag",
            "status",
            "registration",
            "statements",
            "topics",
        ]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 6}),
            "registration": forms.RadioSelect,
            "statements": forms.CheckboxSelectMultiple,
        }
        help_texts = {"description": _l("Markdown. Raw HTML is not allowed.")}

    def __init__(self, *args, coalition=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = CampaignStatus.choices
        self.fields["statements"].queryset = linkable_statements(coalition)
        self.fields["statements"].to_field_name = "slug"
        self.fields["statements"].label_from_instance = statement_label
        self.fields["statements"].help_text = _l(
            "Published statements of the coalition or of its member organizations."
        )
        self.fields["registration"].choices = Registration.choices
        campaign = self.instance
        if campaign.pk and not self.is_bound:
            self.initial["days_text"] = "\n".join(
                " | ".join(filter(None, [d.date.isoformat(), d.name, d.hashtag]))
                for d in campaign.days.all()
            )
            self.initial["demands_text"] = "\n".join(d.text for d in campaign.demands.all())
            self.initial["targets_text"] = "\n".join(
                " | ".join(filter(None, [t.name, t.kind, t.country]))
                for t in campaign.targets.all()
            )

    def clean_days_text(self) -> list[dict]:
        days, seen = [], set()
        for number, line in enumerate(_lines(self.cleaned_data["days_text"]), 1):
            parts = [p.strip() for p in line.split("|")]
            try:
                day = date.fromisoformat(parts[0])
            except ValueError:
                raise ValidationError(
                    _("Line %(n)d: start with a date like 2026-05-01.") % {"n": number}
                ) from None
            if len(parts) < 2 or not parts[1]:
                raise ValidationError(_("Line %(n)d: give the day a name.") % {"n": number})
            if day in seen:
                raise ValidationError(_("Line %(n)d: two days on one date.") % {"n": number})
            seen.add(day)
            days.append(
                {
                    "date": day,
                    "name": parts[1][:200],
                    "hashtag": parts[2][:60] if len(parts) > 2 else "",
                }
            )
        return days

    def clean_demands_text(self) -> list[str]:
        demands = _lines(self.cleaned_data["demands_text"])
        if any(len(d) > 500 for d in demands):
            raise ValidationError(_("A demand may be at most 500 characters."))
        return demands

    def clean_targets_text(self) -> list[dict]:
        targets = []
        for number, line in enumerate(_lines(self.cleaned_data["targets_text"]), 1):
            parts = [p.strip() for p in line.split("|")]
            kind = parts[1].lower() if len(parts) > 1 else ""
            country = parts[2].upper() if len(parts) > 2 else ""
            if kind not in TargetKind.values:
                raise ValidationError(
                    _("Line %(n)d: the kind must be government, company, institution or other.")
                    % {"n": number}
                )
            if country and country not in COUNTRY_CODES:
                raise ValidationError(_("Line %(n)d: unknown country code.") % {"n": number})
            targets.append({"name": parts[0][:200], "kind": kind, "country": country})
        return targets

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The last day is before the first day."))
        for day in data.get("days_text") or []:
            if starts and ends and not starts <= day["date"] <= ends:
                self.add_error(
                    "days_text",
                    _("%(date)s is outside the campaign's dates.")
                    % {"date": day["date"].isoformat()},
                )
        return data


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


class ReaderZoneForm(forms.Form):
    tz = forms.CharField(label=_l("Show times also in"), max_length=64, required=False)
