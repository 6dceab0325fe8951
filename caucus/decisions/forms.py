"""Forms for meetings, agendas, minutes, motions and the action plan (votes: vote_forms.py)."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from caucus.campaigns.models import Campaign
from caucus.decisions.models import (
    ActionStatus,
    AgendaItem,
    AttendanceStatus,
    Meeting,
    MinutesVersion,
    Motion,
)
from caucus.lib.bidi import isolate
from caucus.lib.forms import NamesChoiceField
from caucus.lib.zones import clean_local_times, fold_field, wall_clock, zone_choices
from caucus.organizations.models import Organization
from caucus.statements.models import Statement
from caucus.statements.models import Status as StatementStatus

MARKDOWN_HELP = _("Markdown. Links are allowed; raw HTML is not.")


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def _members(coalition) -> forms.ModelMultipleChoiceField:
    return coalition.active_organizations().order_by("name")


class MeetingForm(forms.Form):
    """Schedule a meeting, or with `instance=` edit or reschedule one (then without the agenda,
    which is edited item by item). The cleaned data are the keyword arguments of
    meetings.meeting_schedule / meetings.meeting_update."""

    title = forms.CharField(label=_("Title"), max_length=200)
    starts = forms.DateTimeField(label=_("Starts (local time)"), widget=LocalDateTimeInput())
    starts_fold = fold_field(_("If the start time happens twice"))
    ends = forms.DateTimeField(label=_("Ends (local time)"), widget=LocalDateTimeInput())
    ends_fold = fold_field(_("If the end time happens twice"))
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=(),
        initial="UTC",
        help_text=_("The place's time zone; readers also see the time in their own."),
    )
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    online_link = forms.URLField(
        label=_("Online link"),
        required=False,
        assume_scheme="https",
        help_text=_("Shown to members only."),
    )
    invited = NamesChoiceField(
        label=_("Invited organizations"),
        queryset=Organization.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    agenda = forms.CharField(
        label=_("Agenda"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "One item per line, in order. Link items to motions, statements or campaigns "
            "afterwards."
        ),
    )

    def __init__(self, *args, coalition, instance: Meeting | None = None, **kwargs):
        if instance is not None:
            kwargs.setdefault("initial", _meeting_initial(instance))
        super().__init__(*args, **kwargs)
        self.instance = instance
        self.fields["time_zone"].choices = zone_choices()
        members = _members(coalition)
        if instance is None:
            self.fields["invited"].queryset = members
            self.fields["invited"].initial = list(members)
        else:
            # Organizations invited earlier stay listed (and ticked) even if they have left.
            self.fields["invited"].queryset = Organization.objects.filter(
                models.Q(pk__in=members) | models.Q(pk__in=instance.invited.all())
            ).order_by("name")
            del self.fields["agenda"]
            self.fields["invited"].help_text = _(
                "Invited organizations get an updated invitation when the time, zone, place, "
                "link or the invited organizations change."
            )

    def clean(self) -> dict:
        cleaned = super().clean()
        clean_local_times(
            self, cleaned.get("time_zone"), {"starts": "starts_fold", "ends": "ends_fold"}
        )
        return cleaned

    def clean_agenda(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["agenda"].splitlines()]
        lines = [line for line in lines if line]
        if any(len(line) > 300 for line in lines):
            raise forms.ValidationError(_("Keep each agenda item under 300 characters."))
        return lines


def _meeting_initial(meeting: Meeting) -> dict:
    starts, starts_fold = wall_clock(meeting.starts_at, meeting.zone)
    ends, ends_fold = wall_clock(meeting.ends_at, meeting.zone)
    return {
        "title": meeting.title,
        "starts": starts,
        "starts_fold": starts_fold,
        "ends": ends,
        "ends_fold": ends_fold,
        "time_zone": meeting.time_zone,
        "place": meeting.place,
        "online_link": meeting.online_link,
        "invited": list(meeting.invited.values_list("pk", flat=True)),
    }


class MeetingCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent to the invited organizations with the cancellation."),
    )


def _target_choices(coalition, current: AgendaItem | None) -> list:
    """The coalition's own motions, statements (not withdrawn) and campaigns, grouped."""
    keep = current.statement_id if current is not None else None
    statements = (
        Statement.objects.filter(author_coalition=coalition)
        .filter(~models.Q(status=StatementStatus.WITHDRAWN) | models.Q(pk=keep))
        .select_related("current_version", "published_version")
        .order_by("-created")
    )
    motions = Motion.objects.filter(coalition=coalition).order_by("-created")
    campaigns = Campaign.objects.filter(coalition=coalition).order_by("-starts_on")
    return [
        ("", _("Nothing")),
        (
            _("Motions"),
            [
                (f"motion:{m.pk}", f"{m.resolution_label or m.get_state_display()}: {m.title}")
                for m in motions
            ],
        ),
        (
            _("Statements"),
            [(f"statement:{s.pk}", f"{s} ({s.get_status_display()})") for s in statements],
        ),
        (_("Campaigns"), [(f"campaign:{c.pk}", str(c)) for c in campaigns]),
    ]


TARGET_MODELS = {"motion": Motion, "statement": Statement, "campaign": Campaign}


class AgendaItemForm(forms.Form):
    """An agenda item and what it is about, picked from the coalition's own motions,
    statements and campaigns. Cleaned data: title, motion, statement, campaign."""

    title = forms.CharField(label=_("Item"), max_length=300)
    target = forms.ChoiceField(
        label=_("About"),
        required=False,
        help_text=_("One of the coalition's motions, statements or campaigns, if any."),
    )

    def __init__(self, *args, coalition, instance: AgendaItem | None = None, **kwargs):
        if instance is not None:
            target = instance.target
            kwargs.setdefault(
                "initial",
                {
                    "title": instance.title,
                    "target": f"{target._meta.model_name}:{target.pk}" if target else "",
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = _target_choices(coalition, instance)

    def clean(self) -> dict:
        data = super().clean()
        kind, _sep, pk = (data.pop("target", "") or "").partition(":")
        for name, model in TARGET_MODELS.items():
            data[name] = model.objects.filter(pk=pk).first() if name == kind else None
            if name == kind and data[name] is None:
                self.add_error("target", _("This no longer exists."))
        return data


class AgendaMoveForm(forms.Form):
    position = forms.IntegerField(label=_("Position"), min_value=1, max_value=1000)


class AttendanceForm(forms.Form):
    def __init__(self, *args, organizations, current: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for org in organizations:
            self.fields[f"org_{org.pk}"] = forms.ChoiceField(
                label=isolate(org.name),
                required=False,
                initial=current.get(org.pk, ""),
                choices=[("", "—"), *AttendanceStatus.choices],
            )

    def statuses(self) -> dict[int, str]:
        return {int(name[4:]): value for name, value in self.cleaned_data.items()}


class MinutesForm(forms.Form):
    text = forms.CharField(
        label=_("Minutes"),
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=MARKDOWN_HELP,
        max_length=100_000,
    )


class ActionForm(forms.Form):
    text = forms.CharField(label=_("Action"), max_length=500)
    responsible = NamesChoiceField(
        label=_("Responsible organizations"),
        queryset=Organization.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    due = forms.DateField(
        label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, coalition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = _members(coalition)


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)


class MotionForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Proposing organization"), queryset=Organization.objects.none()
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    text = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=MARKDOWN_HELP,
        max_length=50_000,
    )
    seconders = NamesChoiceField(
        label=_("Seconding organizations"),
        queryset=Organization.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    meeting = forms.ModelChoiceField(
        label=_("Meeting"),
        queryset=Meeting.objects.none(),
        required=False,
        help_text=_("Leave empty for a standalone online vote."),
    )
    approves_minutes = forms.ModelChoiceField(
        label=_("Approves the minutes"),
        queryset=MinutesVersion.objects.none(),
        required=False,
        help_text=_("If the motion is adopted, this version of the minutes is approved."),
    )

    def __init__(self, *args, coalition, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.filter(
            pk__in=[o.pk for o in organizations]
        )
        if len(organizations) == 1:
            self.fields["organization"].initial = organizations[0].pk
        self.fields["seconders"].queryset = _members(coalition)
        self.fields["meeting"].queryset = Meeting.objects.filter(coalition=coalition)
        self.fields["approves_minutes"].queryset = MinutesVersion.objects.filter(
            meeting__coalition=coalition
        ).select_related("meeting")


class MotionEditForm(MotionForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["organization"]
