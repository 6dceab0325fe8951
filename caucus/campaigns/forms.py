"""Forms for campaigns (with their days, demands and targets as lines), the calendar's
filters and the reader's zone; events' forms are in event_forms.py.

The web views and the API bind the same forms, so every rule on input lives here once.
"""

from datetime import date, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from caucus.campaigns.models import Campaign, CampaignStatus, EventKind, Registration, TargetKind
from caucus.lib.countries import COUNTRY_CODES, country_choices
from caucus.lib.images import HEADER_HELP, ImageUploads, image_input
from caucus.lib.zones import EARLIEST, LATEST
from caucus.statements.models import Statement
from caucus.topics.forms import TopicsField
from caucus.translations.forms import ContentLanguageField, KeepsContentLanguage


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def linkable_statements(coalition):
    """Published statements a campaign of `coalition` may link: its own, its members'."""
    if coalition is None:
        return Statement.objects.none()
    members = coalition.memberships.active().organizations()
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


class CampaignForm(ImageUploads, KeepsContentLanguage, forms.ModelForm):
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
            "header",
        ]
        widgets = {
            "header": image_input(),
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 6}),
            "registration": forms.RadioSelect,
            "statements": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "description": _l("Markdown. Raw HTML is not allowed."),
            "header": HEADER_HELP,
        }

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
            if not parts[0]:
                raise ValidationError(_("Line %(n)d: give the target a name.") % {"n": number})
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


# A grid reaches a month and a week either side of the day asked for, and every bound is
# converted between zones: days outside this window are refused (or fall back to the
# campaign's first day) rather than overflowing Python's dates (security review #13).
MARGIN = timedelta(days=64)
FIRST_DAY, LAST_DAY = (EARLIEST + MARGIN).date(), (LATEST - MARGIN).date()


def in_range(day: date) -> bool:
    return FIRST_DAY <= day <= LAST_DAY


class FilterForm(forms.Form):
    day = forms.IntegerField(label=_l("Day of action"), required=False)
    country = forms.ChoiceField(label=_l("Country"), required=False)
    city = forms.CharField(label=_l("City"), required=False, max_length=120)
    kind = forms.ChoiceField(
        label=_l("Kind"), required=False, choices=[("", "—"), *EventKind.choices]
    )
    org = forms.SlugField(label=_l("Organization"), required=False)
    date = forms.DateField(
        label=_l("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "—"), *country_choices()]
        self.fields["day"].widget = forms.Select(
            choices=[("", "—"), *((d.pk, f"{d.date} · {d.name}") for d in campaign.days.all())]
        )

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day is not None and not in_range(day):
            raise forms.ValidationError(
                _("Choose a date between %(first)s and %(last)s.")
                % {"first": FIRST_DAY.isoformat(), "last": LAST_DAY.isoformat()}
            )
        return day


class ReaderZoneForm(forms.Form):
    tz = forms.CharField(label=_l("Show times also in"), max_length=64, required=False)
